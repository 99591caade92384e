package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link IstioConfig}: the course's Istio YAML (copied as it is into {@code istio/course-exercise-3.yml})
 * and its completed version load into microlab's outlier detection, pool and router, and every
 * mistake is an error naming the field and the line.
 */
@DisplayName("IstioConfig: Istio YAML into outlier detection, pool and router")
class IstioConfigTest {

    private static Reader resource(String name) {
        return new InputStreamReader(Objects.requireNonNull(IstioConfigTest.class.getResourceAsStream("/istio/" + name),
                name), StandardCharsets.UTF_8);
    }

    private static IstioConfig completed() {
        return IstioConfig.load(new IstioConfig.Source("destination-rule.yml", resource("destination-rule.yml")),
                new IstioConfig.Source("virtual-service.yml", resource("virtual-service.yml")));
    }

    private static IstioConfigException error(String yaml) {
        return catchThrowableOfType(IstioConfigException.class,
                () -> IstioConfig.load(new IstioConfig.Source("test.yml", new StringReader(yaml))));
    }

    private static final String RULE = """
            apiVersion: networking.istio.io/v1beta1
            kind: DestinationRule
            metadata:
              name: user-service
            spec:
              host: user-service
              trafficPolicy:
                outlierDetection:
            %s
            """;

    private static String rule(String outlierFields) {
        return RULE.formatted(outlierFields.indent(6).stripTrailing());
    }

    @Nested
    @DisplayName("the course's own YAML")
    class Course {

        @Test
        @DisplayName("loads as it is written: both documents in one file, outlierDetection still 'pass'")
        void loadsAsWritten() {
            IstioConfig config = IstioConfig.load(resource("course-exercise-3.yml"));

            assertThat(config.host()).isEqualTo("user-service");
            assertThat(config.outlierDetectionIfSet()).as("'pass' is the course's placeholder: not configured")
                    .isEmpty();
            assertThat(config.connectionPool()).as("tcp.maxConnections 10, http.http1MaxPendingRequests 10")
                    .isEqualTo(ConnectionPoolSettings.of(10, 10, Duration.ofSeconds(10)));
            assertThat(config.subsets()).as("v1 and v2 select the version label, as the course means")
                    .containsEntry("v1", Map.of("version", "v1")).containsEntry("v2", Map.of("version", "v2"));
            assertThat(config.impliedSubsets()).as("the course's DestinationRule defines none").containsOnly("v1", "v2");
            assertThat(config.routes()).hasSize(2);
        }

        @Test
        @DisplayName("routes as the course says: canary: true to v2, the rest 90/10")
        void routes() {
            TrafficRouter router = IstioConfig.load(resource("course-exercise-3.yml")).router(new Random(42));

            assertThat(router.decide(RequestAttributes.of("canary", "true")).orElseThrow().subset()).isEqualTo("v2");
            int v1 = 0;
            for (int i = 0; i < 10_000; i++) {
                if ("v1".equals(router.decide(RequestAttributes.empty()).orElseThrow().subset())) {
                    v1++;
                }
            }
            assertThat(v1).as("about 90 %% of 10 000 to v1").isBetween(8_800, 9_200);
        }
    }

    @Nested
    @DisplayName("the completed DestinationRule and VirtualService")
    class Completed {

        @Test
        @DisplayName("outlierDetection maps through Istio's mapping to Envoy")
        void outlierDetection() {
            assertThat(completed().outlierDetection())
                    .isEqualTo(OutlierDetectionConfig.istio(5, Duration.ofSeconds(10), Duration.ofSeconds(30), 50, 0));
        }

        @Test
        @DisplayName("in virtual time: the failing instance is out for baseEjectionTime, then back at the next sweep")
        void ejectsForBaseEjectionTime() {
            ManualTimeSource time = new ManualTimeSource();
            ManualScheduler scheduler = new ManualScheduler(time);
            IstioConfig config = completed();
            List<ServiceInstance> hosts = List.of(
                    ServiceInstance.builder("user-service", "u1").host("10.0.0.1").port(80).version("v1").build(),
                    ServiceInstance.builder("user-service", "u2").host("10.0.0.2").port(80).version("v1").build(),
                    ServiceInstance.builder("user-service", "u3").host("10.0.0.3").port(80).version("v2").build());
            try (OutlierDetector detector = OutlierDetector.builder(config.outlierDetection()).timeSource(time)
                    .scheduler(scheduler).build()) {
                detector.updateHosts(hosts);
                for (int i = 0; i < 4; i++) {
                    detector.recordHttpStatus(hosts.get(0), 503);
                }
                assertThat(detector.isEjected(hosts.get(0))).as("4 errors: not yet").isFalse();
                detector.recordHttpStatus(hosts.get(0), 503);
                assertThat(detector.isEjected(hosts.get(0))).as("5 errors in a row: ejected").isTrue();

                scheduler.advance(Duration.ofSeconds(29));
                assertThat(detector.isEjected(hosts.get(0))).as("29 s later: still out").isTrue();
                scheduler.advance(Duration.ofSeconds(1));
                assertThat(detector.isEjected(hosts.get(0))).as("30 s later, at the sweep: back").isFalse();
            }
        }

        @Test
        @DisplayName("subsets come from the DestinationRule's labels")
        void subsets() {
            assertThat(completed().subsets()).isEqualTo(Map.of("v1", Map.of("version", "v1"), "v2",
                    Map.of("version", "v2")));
            assertThat(completed().impliedSubsets()).as("all defined, none implied").isEmpty();
        }
    }

    @Nested
    @DisplayName("mistakes are errors naming the field and the line")
    class Mistakes {

        @Test
        @DisplayName("a misspelt field: its name, its line, the field meant")
        void misspelt() {
            IstioConfigException e = error(rule("consecutive5xxErrors: 5\nbaseEjectonTime: 30s"));

            assertThat(e.line()).isEqualTo(10);
            assertThat(e.field()).isEqualTo("spec.trafficPolicy.outlierDetection.baseEjectonTime");
            assertThat(e).hasMessageStartingWith("test.yml line 10: unknown field 'baseEjectonTime' in "
                            + "spec.trafficPolicy.outlierDetection (did you mean 'baseEjectionTime'?)")
                    .hasMessageContaining("consecutive5xxErrors, consecutiveGatewayErrors, interval");
        }

        @Test
        @DisplayName("a field Istio removed (consecutiveErrors) is unknown too")
        void removedField() {
            IstioConfigException e = error(rule("consecutiveErrors: 5"));
            assertThat(e.line()).isEqualTo(9);
            assertThat(e).hasMessageContaining("unknown field 'consecutiveErrors'");
        }

        @Test
        @DisplayName("an unknown field at the top, in spec and in a route")
        void unknownElsewhere() {
            assertThat(error("apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nspek: {}\n"))
                    .hasMessageStartingWith("test.yml line 3: unknown field 'spek' at the top of the document "
                            + "(did you mean 'spec'?)");
            IstioConfigException e = error("""
                    apiVersion: networking.istio.io/v1beta1
                    kind: VirtualService
                    spec:
                      http:
                      - route:
                        - destination:
                            host: user-service
                            subset: v1
                          wieght: 100
                    """);
            assertThat(e.line()).isEqualTo(9);
            assertThat(e.field()).isEqualTo("spec.http[0].route[0].wieght");
            assertThat(e).hasMessageContaining("(did you mean 'weight'?)");
        }

        @Test
        @DisplayName("values of the wrong type or out of range name the field, the value and the range")
        void wrongValues() {
            assertThat(error(rule("maxEjectionPercent: 150")))
                    .hasMessage("test.yml line 9: maxEjectionPercent must be in [0, 100], but was 150");
            assertThat(error(rule("baseEjectionTime: 30")))
                    .hasMessage("test.yml line 9: baseEjectionTime must be a duration such as 30s, 1m30s or 100ms, "
                            + "but was 30");
            assertThat(error(rule("interval: ten seconds")))
                    .hasMessageStartingWith("test.yml line 9: interval must be a duration");
            assertThat(error(rule("consecutive5xxErrors: \"5\"")))
                    .hasMessage("test.yml line 9: consecutive5xxErrors must be a whole number in [0, 1000000], "
                            + "but was '5'");
        }

        @Test
        @DisplayName("weights of a split that do not add up to 100")
        void weights() {
            IstioConfigException e = error("""
                    apiVersion: networking.istio.io/v1beta1
                    kind: VirtualService
                    spec:
                      http:
                      - route:
                        - destination: {host: user-service, subset: v1}
                          weight: 90
                        - destination: {host: user-service, subset: v2}
                          weight: 20
                    """);
            assertThat(e).hasMessage("test.yml line 5: the weights of spec.http[0].route must add up to 100, "
                    + "but add up to 110");
        }

        @Test
        @DisplayName("malformed YAML, a key written twice, a wrong kind or apiVersion")
        void structure() {
            assertThat(error("kind: VirtualService\n  spec: [\n").line()).isPositive();
            assertThat(error(rule("interval: 10s\ninterval: 20s")))
                    .hasMessageStartingWith("test.yml line 10: 'interval' is written twice");
            assertThat(error("apiVersion: networking.istio.io/v1beta1\nkind: Gateway\nspec: {a: 1}\n"))
                    .hasMessage("test.yml line 2: kind must be DestinationRule or VirtualService, but was 'Gateway'");
            assertThat(error("apiVersion: v1\nkind: VirtualService\nspec: {}\n"))
                    .hasMessageStartingWith("test.yml line 1: apiVersion must be one of");
            assertThat(error("apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nspec:\n  trafficPolicy: {}\n"))
                    .hasMessage("test.yml line 4: spec: 'host' is missing");
            assertThat(error(rule("42").replace("      42", "      - 42")))
                    .hasMessageContaining("spec.trafficPolicy.outlierDetection must be a mapping of fields, but was a list");
        }

        @Test
        @DisplayName("a route to another host than the DestinationRule's")
        void otherHost() {
            String vs = """
                    apiVersion: networking.istio.io/v1beta1
                    kind: VirtualService
                    spec:
                      http:
                      - route:
                        - destination: {host: order-service, subset: v1}
                    """;
            IstioConfigException e = catchThrowableOfType(IstioConfigException.class, () -> IstioConfig.load(
                    new IstioConfig.Source("destination-rule.yml", resource("destination-rule.yml")),
                    new IstioConfig.Source("vs.yml", new StringReader(vs))));
            assertThat(e).hasMessageStartingWith("vs.yml line 6: destination host 'order-service' is not the "
                    + "DestinationRule's host 'user-service'");
        }
    }

    @Test
    @DisplayName("the guide's example: two files into a ServiceClient (router, outlier detector, pool)")
    void guideExample() throws Exception {
        ManualTimeSource time = new ManualTimeSource();
        ManualScheduler scheduler = new ManualScheduler(time);
        ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).defaultLeaseTtl(Duration.ZERO).build();
        registry.register(ServiceInstance.builder("user-service", "u1").host("10.0.0.1").port(80).version("v1").build());
        registry.register(ServiceInstance.builder("user-service", "u2").host("10.0.0.2").port(80).version("v2").build());
        Path dir = Path.of("src/test/resources/istio");

        IstioConfig istio = IstioConfig.load(dir.resolve("destination-rule.yml"), dir.resolve("virtual-service.yml"));
        OutlierDetector detector = OutlierDetector.builder(istio.outlierDetectionIfSet().orElseThrow())
                .timeSource(time).scheduler(scheduler)
                .build();
        ServiceClient userService = ServiceClient.builder(registry, istio.host())
                .router(istio.router(new Random(42)))
                .outlierDetector(detector)
                .connectionPool(istio.connectionPoolIfSet().orElseThrow())
                .build();

        assertThat(userService.call(RequestAttributes.of("canary", "true"), ServiceInstance::version))
                .as("canary: true reaches v2").isEqualTo("v2");
        detector.close();
        registry.close();
    }

    @Test
    @DisplayName("a file that does not exist is an I/O error naming it")
    void missingFile() {
        assertThat(catchThrowableOfType(java.io.UncheckedIOException.class,
                () -> IstioConfig.load(Path.of("no-such-dir/destination-rule.yml"))))
                .hasMessageContaining("destination-rule.yml");
    }

    @Test
    @DisplayName("Istio's durations: 30s, 1m30s, 1.5s, 100ms, 1h")
    void durations() {
        assertThat(IstioConfig.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(IstioConfig.parseDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(IstioConfig.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(IstioConfig.parseDuration("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(IstioConfig.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(IstioConfig.parseDuration("30")).isNull();
        assertThat(IstioConfig.parseDuration("30 s")).isNull();
        assertThat(IstioConfig.parseDuration("s")).isNull();
    }
}
