package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The course's Consul and Istio configurations, written with this API as the guide shows them. */
@DisplayName("The course's Consul and Istio examples, as the guide maps them")
class CourseExamplesTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    @Test
    @DisplayName("Consul: register with an HTTP check every 10 s, discover passing instances, deregister")
    void consul() throws Exception {
        // Given: an instance serving /health
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).scheduler(scheduler).build();
        try {
            String address = "127.0.0.1";
            int port = server.getAddress().getPort();
            String url = "http://" + address + ":" + port + "/health";

            // When: register_service(name, service_id, address, port) with Check.http(url, interval="10s")
            long index = registry.register(Registration.of(ServiceInstance.of("order-service", "order-service-1",
                            address, port))
                    .withoutLease()
                    .withCheck(HealthCheck.active("http", HealthProbe.http(HttpClient.newHttpClient(), URI.create(url)))
                            .interval(Duration.ofSeconds(10)).build()));
            assertThat(registry.passingInstances("order-service")).as("critical until the first check").isEmpty();
            scheduler.runDueTasks();                                           // the first check runs
            ServiceSnapshot afterCheck = registry.watch("order-service", index, Duration.ofSeconds(10));

            // Then: discover_service(name) = health.service(name, passing=True)
            assertThat(afterCheck.passing()).as("passing after the HTTP check answered 200")
                    .extracting(ServiceInstance::port).containsExactly(port);

            // When: deregister_service(service_id)
            registry.deregister("order-service", "order-service-1");

            // Then
            assertThat(registry.instances("order-service")).as("gone after deregister").isEmpty();
        } finally {
            registry.close();
            server.stop(0);
        }
    }

    @Test
    @DisplayName("Istio: DestinationRule (pool, outlier detection, subsets) and VirtualService (canary header, 90/10)")
    void istio() throws Exception {
        // Given: two v1 and one v2 instances of user-service
        ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).defaultLeaseTtl(Duration.ZERO).build();
        registry.register(ServiceInstance.builder("user-service", "u1").host("10.0.0.1").port(80).version("v1").build());
        registry.register(ServiceInstance.builder("user-service", "u2").host("10.0.0.2").port(80).version("v1").build());
        registry.register(ServiceInstance.builder("user-service", "u3").host("10.0.0.3").port(80).version("v2").build());

        // The VirtualService and the DestinationRule's subsets
        TrafficRouter router = TrafficRouter.builder()
                .subset("v1", Map.of("version", "v1"))
                .subset("v2", Map.of("version", "v2"))
                .route(Route.when(RouteMatch.header("canary", "true")).to("v2"))
                .route(Route.always().split("v1", 90).split("v2", 10))
                .random(new Random(42))
                .build();
        // The DestinationRule's outlierDetection and connectionPool
        OutlierDetector detector = OutlierDetector.builder(OutlierDetectionConfig.istio(
                        5, Duration.ofSeconds(10), Duration.ofSeconds(30), 50, 0))  // Istio's mapping
                .timeSource(time).scheduler(scheduler)
                .build();
        ServiceClient userService = ServiceClient.builder(registry, "user-service")
                .router(router)
                .outlierDetector(detector)
                .connectionPool(ConnectionPoolSettings.of(10, 10, Duration.ofMillis(250)))
                .outcomeClassifier((result, error) -> error != null ? CallOutcome.LOCAL_ORIGIN_ERROR
                        : result instanceof Integer status ? CallOutcome.ofHttpStatus(status) : CallOutcome.SUCCESS)
                .build();

        // When: canary requests, and plain requests while u1 answers 500
        Map<String, Integer> canary = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            canary.merge(userService.call(RequestAttributes.of("canary", "true"), instance -> instance.version()),
                    1, Integer::sum);
        }
        for (int i = 0; i < 40; i++) {
            userService.call(instance -> instance.instanceId().equals("u1") ? 500 : 200);
        }
        Map<String, Integer> plain = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            int status = userService.call(instance -> instance.instanceId().equals("u1") ? 500 : 200);
            plain.merge(status == 500 ? "u1" : "other", 1, Integer::sum);
        }

        // Then
        assertThat(canary).as("canary: true goes to v2 only").containsExactly(Map.entry("v2", 20));
        assertThat(detector.isEjected(registry.instances("user-service").get(0)))
                .as("u1 ejected after 5 consecutive 500s").isTrue();
        assertThat(plain).as("no call reached the ejected u1").doesNotContainKey("u1");

        // When: 30 s later the interval analysis brings u1 back
        scheduler.advance(Duration.ofSeconds(30));

        // Then
        assertThat(detector.isEjected(registry.instances("user-service").get(0))).as("u1 back after 30 s").isFalse();
        detector.close();
        registry.close();
    }
}
