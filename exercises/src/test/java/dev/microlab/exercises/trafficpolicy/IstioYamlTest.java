package dev.microlab.exercises.trafficpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.registry.IstioConfig;
import dev.microlab.registry.OutlierDetectionConfig;
import dev.microlab.registry.RequestAttributes;
import dev.microlab.registry.RouteDecision;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.TrafficRouter;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Task 2: the course's {@code destination-rule.yml} and {@code virtual-service.yml}, loaded by
 * microlab's {@link IstioConfig} into its outlier detection and router, and checked by what they
 * do, in virtual time: the failing instance ejected for the right time, the split, the header.
 * The files are in {@code src/main/resources/dev/microlab/exercises/trafficpolicy/}.
 */
@Tag("traffic-policy")
@Tag("task:2")
@DisplayName("Exercise 3 · Traffic policy · the course's YAML")
class IstioYamlTest {

    private static final int REQUESTS = 10_000;

    /** Two v1 and two v2 instances of user-service. */
    private final List<ServiceInstance> instances = List.of(
            instance("user-service-1", "v1"), instance("user-service-2", "v1"),
            instance("user-service-3", "v2"), instance("user-service-4", "v2"));
    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    private static ServiceInstance instance(String id, String version) {
        return ServiceInstance.builder("user-service", id).host(id).port(8080).version(version).build();
    }

    private static IstioConfig load() {
        return IstioConfig.load(source("destination-rule.yml"), source("virtual-service.yml"));
    }

    private static IstioConfig.Source source(String file) {
        InputStream in = IstioYamlTest.class.getResourceAsStream(file);
        assertThat(in).as("exercises/src/main/resources/dev/microlab/exercises/trafficpolicy/%s must exist", file)
                .isNotNull();
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        return new IstioConfig.Source(file, reader);
    }

    private dev.microlab.registry.OutlierDetector detector() {
        OutlierDetectionConfig config = load().outlierDetectionIfSet().orElse(null);
        assertThat(config).as("destination-rule.yml sets spec.trafficPolicy.outlierDetection (not 'pass')")
                .isNotNull();
        dev.microlab.registry.OutlierDetector detector = dev.microlab.registry.OutlierDetector.builder(config)
                .timeSource(time).scheduler(scheduler).build();
        detector.updateHosts(instances);
        return detector;
    }

    private static void fail(dev.microlab.registry.OutlierDetector detector, ServiceInstance instance, int times) {
        for (int i = 0; i < times; i++) {
            detector.recordHttpStatus(instance, 503);
        }
    }

    /** How many of {@code requests} requests with {@code headers} reach a v1 and a v2 instance. */
    private Map<String, Integer> route(Map<String, String> headers, int requests) {
        IstioConfig config = load();
        assertThat(config.routes()).as("virtual-service.yml has routes under spec.http (not only the TODOs)")
                .isNotEmpty();
        TrafficRouter router = config.router(new Random(42));
        int v1 = 0;
        int v2 = 0;
        for (int i = 0; i < requests; i++) {
            RouteDecision decision = router.decide(RequestAttributes.of(headers)).orElse(null);
            assertThat(decision).as("virtual-service.yml has a route for every request").isNotNull();
            List<ServiceInstance> chosen = router.subset(instances, decision.subset());
            if (!chosen.isEmpty() && chosen.stream().allMatch(s -> "v1".equals(s.version()))) {
                v1++;
            } else if (!chosen.isEmpty() && chosen.stream().allMatch(s -> "v2".equals(s.version()))) {
                v2++;
            }
        }
        return Map.of("v1", v1, "v2", v2);
    }

    @Test
    @DisplayName("destination-rule.yml: 5 consecutive 5xx errors eject an instance, 4 do not")
    void consecutiveErrors() {
        try (dev.microlab.registry.OutlierDetector detector = detector()) {
            ServiceInstance bad = instances.get(0);

            fail(detector, bad, 4);
            assertThat(detector.isEjected(bad)).as("4 errors in a row: not ejected yet (consecutive5xxErrors: 5)")
                    .isFalse();

            fail(detector, bad, 1);
            assertThat(detector.isEjected(bad)).as("the 5th error in a row ejects the instance").isTrue();
        }
    }

    @Test
    @DisplayName("destination-rule.yml: an ejected instance is out for 30 s (baseEjectionTime), back at the sweep at 30 s")
    void ejectedForBaseEjectionTime() {
        try (dev.microlab.registry.OutlierDetector detector = detector()) {
            ServiceInstance bad = instances.get(0);
            fail(detector, bad, 5);
            assertThat(detector.isEjected(bad)).as("the 5th error in a row ejects the instance").isTrue();

            scheduler.advance(Duration.ofSeconds(29));
            assertThat(detector.isEjected(bad)).as("29 s after its ejection the instance is still out").isTrue();

            scheduler.advance(Duration.ofSeconds(1));
            assertThat(detector.isEjected(bad)).as("30 s after its ejection the sweep brings it back").isFalse();
        }
    }

    @Test
    @DisplayName("destination-rule.yml: a second ejection of the same instance lasts twice as long, 60 s")
    void secondEjectionLastsLonger() {
        try (dev.microlab.registry.OutlierDetector detector = detector()) {
            ServiceInstance bad = instances.get(0);
            fail(detector, bad, 5);
            scheduler.advance(Duration.ofSeconds(30));
            assertThat(detector.isEjected(bad)).as("30 s after its ejection the sweep brings it back").isFalse();

            fail(detector, bad, 5);
            assertThat(detector.isEjected(bad)).as("the 5th error in a row ejects the instance").isTrue();
            scheduler.advance(Duration.ofSeconds(59));
            assertThat(detector.isEjected(bad)).as("59 s into its second ejection the instance is still out").isTrue();

            scheduler.advance(Duration.ofSeconds(1));
            assertThat(detector.isEjected(bad)).as("60 s (2 x baseEjectionTime) into its second ejection it is back")
                    .isFalse();
        }
    }

    @Test
    @DisplayName("destination-rule.yml: at most half of the instances are ejected at once (maxEjectionPercent: 50)")
    void atMostHalfEjected() {
        try (dev.microlab.registry.OutlierDetector detector = detector()) {
            fail(detector, instances.get(0), 5);
            fail(detector, instances.get(2), 5);
            assertThat(detector.ejectedCount()).as("2 of 4 instances failing: both ejected (50 %%)").isEqualTo(2);

            fail(detector, instances.get(1), 5);
            assertThat(detector.isEjected(instances.get(1)))
                    .as("a 3rd failing instance of 4 stays in: 3 of 4 would be more than half").isFalse();
        }
    }

    @Test
    @DisplayName("destination-rule.yml: defines the subsets v1 and v2 that the routes name, by the label version")
    void subsetsDefined() {
        IstioConfig config = load();

        assertThat(config.subsets()).as("subsets v1 and v2, each selecting its version label")
                .containsEntry("v1", Map.of("version", "v1")).containsEntry("v2", Map.of("version", "v2"));
        assertThat(config.impliedSubsets())
                .as("every subset a route names is defined in destination-rule.yml (Istio answers 503 for one that is not)")
                .isEmpty();
    }

    @Test
    @DisplayName("virtual-service.yml: without the canary header, about 90 % to v1 and 10 % to v2")
    void ninetyTen() {
        Map<String, Integer> reached = route(Map.of(), REQUESTS);

        assertThat(reached.get("v1")).as("of %d requests about 9000 reach v1 (seeded random)", REQUESTS)
                .isBetween(8_800, 9_200);
        assertThat(reached.get("v2")).as("of %d requests about 1000 reach v2 (seeded random)", REQUESTS)
                .isBetween(800, 1_200);
    }

    @Test
    @DisplayName("virtual-service.yml: every request with the header canary: true goes to v2")
    void canaryHeaderToV2() {
        Map<String, Integer> reached = route(Map.of("canary", "true"), 1_000);

        assertThat(reached.get("v2")).as("canary: true overrides the split: all 1000 requests reach v2")
                .isEqualTo(1_000);
    }

    @Test
    @DisplayName("virtual-service.yml: other values of the canary header (TRUE, false, yes) follow the 90/10 split")
    void otherCanaryValuesSplit() {
        for (String value : List.of("TRUE", "false", "yes")) {
            Map<String, Integer> reached = route(Map.of("canary", value), 1_000);
            assertThat(reached.get("v1")).as("canary: %s is not exactly \"true\": about 900 of 1000 reach v1", value)
                    .isBetween(850, 950);
        }
    }
}
