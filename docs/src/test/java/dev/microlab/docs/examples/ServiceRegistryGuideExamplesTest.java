package dev.microlab.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.circuitbreaker.CircuitBreakerConfig;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.registry.CallDecorator;
import dev.microlab.registry.ConnectionPoolSettings;
import dev.microlab.registry.HealthCheck;
import dev.microlab.registry.HealthProbe;
import dev.microlab.registry.HealthStatus;
import dev.microlab.registry.InstanceCircuitBreaker;
import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.OutlierDetectionConfig;
import dev.microlab.registry.OutlierDetector;
import dev.microlab.registry.Registration;
import dev.microlab.registry.RequestAttributes;
import dev.microlab.registry.Route;
import dev.microlab.registry.RouteMatch;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import dev.microlab.registry.ServiceSnapshot;
import dev.microlab.registry.TrafficRouter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The code of {@code docs/service-registry.md}, run against the real registry on a manual
 * clock; {@code GuidesTest} checks the guide still quotes it. HTTP goes to a stand-in that
 * answers 200 without a network.
 */
@DisplayName("The examples of the service registry guide")
class ServiceRegistryGuideExamplesTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).scheduler(scheduler).build();
    private final List<List<ServiceInstance>> refreshed = new ArrayList<>();
    private boolean running = true;

    /** Stands in for an {@code HttpClient}: answers 200 with the request's URI as body. */
    static final class FakeHttp {
        final List<URI> sent = new ArrayList<>();

        HttpResponse<String> send(HttpRequest request, HttpResponse.BodyHandler<String> handler) {
            sent.add(request.uri());
            return new HttpResponse<>() {
                @Override
                public int statusCode() {
                    return 200;
                }

                @Override
                public HttpRequest request() {
                    return request;
                }

                @Override
                public Optional<HttpResponse<String>> previousResponse() {
                    return Optional.empty();
                }

                @Override
                public HttpHeaders headers() {
                    return HttpHeaders.of(Map.of(), (a, b) -> true);
                }

                @Override
                public String body() {
                    return request.uri().toString();
                }

                @Override
                public Optional<SSLSession> sslSession() {
                    return Optional.empty();
                }

                @Override
                public URI uri() {
                    return request.uri();
                }

                @Override
                public HttpClient.Version version() {
                    return HttpClient.Version.HTTP_1_1;
                }
            };
        }
    }

    private void refresh(List<ServiceInstance> passing) {
        refreshed.add(passing);
        running = false;   // stop the example's watch loop after its first answer
    }

    private void registerUserService() {
        registry.register(ServiceInstance.builder("user-service", "users-1").host("10.0.1.1").port(8080).version("v1").build());
        registry.register(ServiceInstance.builder("user-service", "users-2").host("10.0.1.2").port(8080).version("v2").build());
    }

    private TrafficRouter canaryRouter() {
        return TrafficRouter.builder()
                .subset("v1", Map.of("version", "v1"))
                .subset("v2", Map.of("version", "v2"))
                .route(Route.when(RouteMatch.header("canary", "true")).to("v2"))
                .route(Route.always().split("v1", 90).split("v2", 10))
                .random(new Random(42))
                .build();
    }

    @Test
    @DisplayName("quick start: register, renew, discover")
    void quickStart() {
        ManualTimeSource time = new ManualTimeSource();          // TimeSource.system() in production
        ManualScheduler scheduler = new ManualScheduler(time);   // Scheduler.of(executor) in production

        ServiceRegistry registry = ServiceRegistry.builder()
                .timeSource(time).scheduler(scheduler)
                .defaultLeaseTtl(Duration.ofSeconds(90))          // Eureka's default
                .evictionInterval(Duration.ofSeconds(60))
                .build();

        registry.register(ServiceInstance.builder("orders", "orders-1")
                .host("10.0.0.1").port(8080).version("v1").zone("eu-west-1a").weight(2)
                .build());
        registry.renew("orders", "orders-1");                     // the instance's heartbeat, every 30 s

        List<ServiceInstance> up = registry.passingInstances("orders");

        assertThat(up).extracting(ServiceInstance::instanceId).containsExactly("orders-1");
        registry.close();
    }

    @Test
    @DisplayName("an active HTTP check and a TTL check; the TTL check reported passing")
    void healthChecks() {
        ServiceInstance instance = ServiceInstance.of("orders", "orders-1", "10.0.0.1", 8080);

        HealthCheck http = HealthCheck.active("http",
                        HealthProbe.http(HttpClient.newHttpClient(), URI.create("http://10.0.0.1:8080/health")))
                .interval(Duration.ofSeconds(10))          // the course's interval
                .timeout(Duration.ofSeconds(2))
                .failuresBeforeCritical(3)                 // Consul's failures_before_critical
                .successBeforePassing(2)                   // Consul's success_before_passing
                .deregisterCriticalAfter(Duration.ofMinutes(1))
                .build();
        HealthCheck heartbeat = HealthCheck.ttl("heartbeat", Duration.ofSeconds(15)).build();

        registry.register(Registration.of(instance).withoutLease().withCheck(http).withCheck(heartbeat));
        registry.updateTtlCheck("orders", "orders-1", "heartbeat", HealthStatus.PASSING, "ok");

        assertThat(registry.instances("orders")).as("registered, with its checks").hasSize(1);
        assertThat(registry.passingInstances("orders"))
                .as("not passing yet: the HTTP check starts critical until it passes twice").isEmpty();
        registry.close();
    }

    @Test
    @DisplayName("a snapshot gives the passing instances, a labelled subset and the index")
    void snapshot() {
        registry.register(ServiceInstance.builder("orders", "orders-1").host("10.0.0.1").port(8080).version("v1").build());
        registry.register(ServiceInstance.builder("orders", "orders-2").host("10.0.0.2").port(8080).version("v2").build());

        ServiceSnapshot s = registry.snapshot("orders");
        s.passing();                                   // passing instances
        s.select(true, Map.of("version", "v2"));       // passing AND version=v2
        s.index();                                     // Consul's X-Consul-Index for this service

        assertThat(s.select(true, Map.of("version", "v2"))).extracting(ServiceInstance::instanceId)
                .containsExactly("orders-2");
        assertThat(s.index()).isPositive();
        registry.close();
    }

    @Test
    @DisplayName("the watch loop refreshes when the index moves")
    void watch() throws Exception {
        registry.register(ServiceInstance.of("orders", "orders-1", "10.0.0.1", 8080));

        long index = 0;
        while (running) {
            ServiceSnapshot s = registry.watch("orders", index, Duration.ofMinutes(5));
            if (s.index() != index) { refresh(s.passing()); }
            index = s.index();
        }

        assertThat(refreshed).as("one refresh, at once, since the index was past 0").hasSize(1);
        assertThat(index).isEqualTo(registry.snapshot("orders").index());
        registry.close();
    }

    @Test
    @DisplayName("the canary router sends canary requests to v2")
    void router() {
        registerUserService();

        TrafficRouter router = TrafficRouter.builder()
                .subset("v1", Map.of("version", "v1"))
                .subset("v2", Map.of("version", "v2"))
                .route(Route.when(RouteMatch.header("canary", "true")).to("v2"))
                .route(Route.always().split("v1", 90).split("v2", 10))
                .random(new Random(42))
                .build();

        ServiceClient client = ServiceClient.builder(registry, "user-service").router(router).build();
        assertThat(client.choose(RequestAttributes.of("canary", "true")).instanceId()).isEqualTo("users-2");
        registry.close();
    }

    @Test
    @DisplayName("a ServiceClient chains router, outlier detector, balancer, pool and a circuit breaker")
    void serviceClient() throws Exception {
        registerUserService();
        TrafficRouter router = canaryRouter();
        CircuitBreaker circuitBreaker = CircuitBreaker.builder("user-service").timeSource(time).build();
        FakeHttp http = new FakeHttp();

        ServiceClient users = ServiceClient.builder(registry, "user-service")
                .router(router)
                .outlierDetector(OutlierDetector.builder().timeSource(time).scheduler(scheduler).build())
                .loadBalancer(LoadBalancer.roundRobin())
                .connectionPool(ConnectionPoolSettings.of(10, 10, Duration.ofMillis(250)))
                .callDecorator(CallDecorator.of(circuitBreaker))       // any core Policy
                .build();

        HttpResponse<String> response = users.call(RequestAttributes.of("canary", "true"),
                instance -> http.send(HttpRequest.newBuilder(URI.create(
                        "http://" + instance.address() + "/users/42")).build(), BodyHandlers.ofString()));

        assertThat(response.body()).as("the canary went to v2").isEqualTo("http://10.0.1.2:8080/users/42");
        assertThat(circuitBreaker.metrics().successfulCalls()).as("the breaker saw the call").isEqualTo(1);
        registry.close();
    }

    @Test
    @DisplayName("the exercise's answer builds a client with outlier detection and pool limits")
    void exerciseAnswer() {
        registerUserService();
        TrafficRouter router = canaryRouter();

        OutlierDetector detector = OutlierDetector.builder(OutlierDetectionConfig.istio(
                        5,                           // consecutive5xxErrors
                        Duration.ofSeconds(10),      // interval
                        Duration.ofSeconds(30),      // baseEjectionTime
                        50,                          // maxEjectionPercent
                        0))                          // minHealthPercent (Istio's default: no panic)
                .timeSource(time).scheduler(scheduler)
                .build();
        ServiceClient userService = ServiceClient.builder(registry, "user-service")
                .router(router)                                                      // the canary above
                .outlierDetector(detector)
                .connectionPool(ConnectionPoolSettings.of(10, 10, Duration.ofMillis(250)))
                .build();

        assertThat(userService.choose(RequestAttributes.of("canary", "true")).instanceId()).isEqualTo("users-2");
        detector.close();
        registry.close();
    }

    @Test
    @DisplayName("a circuit breaker per instance and a retry: 3 instances, one down, 300 calls, no failure seen")
    void breakerPerInstance() throws Exception {
        for (int i = 1; i <= 3; i++) {
            registry.register(Registration.of(ServiceInstance.of("orders", "orders-" + i, "10.0.0." + i, 8080))
                    .withoutLease());
        }
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> trials = new ArrayList<>();

        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
                .slidingWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 5)
                .minimumNumberOfCalls(3)
                .waitDurationInOpen(Duration.ofSeconds(30))
                .build();
        Retry retry = Retry.builder("orders").maxAttempts(2).backoff(Backoff.none()).timeSource(time).build();
        ServiceClient orders = ServiceClient.builder(registry, "orders")
                .circuitBreakerPerInstance(instance -> {
                    CircuitBreaker cb = CircuitBreaker.builder("orders/" + instance.instanceId())
                            .config(config).timeSource(time).build();         // no scheduler
                    return InstanceCircuitBreaker.of(cb::tryAcquirePermission, cb::releasePermission,
                            cb::onSuccess, cb::onError);
                })
                .callDecorator(attempt -> retry.decorate(attempt))           // a lambda; retries go elsewhere
                .timeSource(time)
                .build();

        int failures = 0;
        for (int call = 0; call < 300; call++) {
            if (call == 150) {
                down.set(false);                                               // orders-3 recovers
            }
            try {
                orders.call(instance -> {
                    if (instance.instanceId().equals("orders-3")) {
                        trials.add(instance.instanceId());
                        if (down.get()) {
                            throw new java.io.IOException("connection refused");
                        }
                    }
                    return instance.instanceId();
                });
            } catch (Exception e) {
                failures++;
            }
            time.advance(Duration.ofSeconds(1));
        }

        assertThat(failures).as("failures seen by the caller").isZero();
        assertThat(trials.size()).as("calls that reached orders-3: opened, probed after each wait, rejoined")
                .isBetween(40, 80);
    }
}
