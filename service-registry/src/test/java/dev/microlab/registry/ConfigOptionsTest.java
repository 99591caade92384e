package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Options whose other tests happen to use the default value: each test here fails if its option is ignored. */
@DisplayName("Options with non-default values take effect")
class ConfigOptionsTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    private static ServiceInstance instance(int i) {
        return ServiceInstance.of("orders", "i" + i, "10.0.0." + (i + 1), 8080);
    }

    @Test
    @DisplayName("defaultLeaseTtl: a 30 s lease expires at 30 s, not at Eureka's 90 s")
    void defaultLeaseTtl() {
        // Given
        ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).selfPreservation(false)
                .defaultLeaseTtl(Duration.ofSeconds(30)).build();
        registry.register(instance(0));

        // When
        time.advance(Duration.ofSeconds(30));

        // Then
        assertThat(registry.evictExpired().evicted()).as("evicted at 30 s").hasSize(1);
    }

    @Test
    @DisplayName("evictionInterval: a 10 s interval evicts a 30 s lease by 30 s")
    void evictionInterval() {
        // Given
        ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).scheduler(scheduler)
                .selfPreservation(false).defaultLeaseTtl(Duration.ofSeconds(30))
                .evictionInterval(Duration.ofSeconds(10)).build();
        registry.register(instance(0));

        // When
        scheduler.advance(Duration.ofSeconds(30));

        // Then
        assertThat(registry.instances("orders")).as("evicted by the run at 30 s").isEmpty();
        registry.close();
    }

    private ServiceRegistry renewingEvery30s(ServiceRegistry.Builder builder) {
        ServiceRegistry registry = builder.timeSource(time).scheduler(scheduler).build();
        for (int i = 0; i < 10; i++) {
            registry.register(instance(i));
        }
        for (int round = 0; round < 6; round++) {
            scheduler.advance(Duration.ofSeconds(30));
            for (int i = 0; i < 10; i++) {
                registry.renew("orders", "i" + i);
            }
        }
        return registry;
    }

    @Test
    @DisplayName("expectedRenewalInterval: expecting renewals every 15 s makes 30 s renewals look like a partition")
    void expectedRenewalInterval() {
        ServiceRegistry registry = renewingEvery30s(ServiceRegistry.builder()
                .expectedRenewalInterval(Duration.ofSeconds(15)));
        assertThat(registry.isSelfPreservationActive()).as("half the expected renewals").isTrue();
        registry.close();
    }

    @Test
    @DisplayName("renewalWindow: a 20 s window sees the gaps between 30 s renewals")
    void renewalWindow() {
        ServiceRegistry registry = renewingEvery30s(ServiceRegistry.builder()
                .renewalWindow(Duration.ofSeconds(20)));
        assertThat(registry.isSelfPreservationActive()).as("a window with no renewal").isTrue();
        registry.close();
    }

    @Test
    @DisplayName("outlier interval and baseEjectionTime: 5 s and 5 s bring a host back after 5 s")
    void outlierIntervalAndBase() {
        // Given
        List<ServiceInstance> hosts = List.of(instance(0), instance(1), instance(2));
        OutlierDetector detector = OutlierDetector.builder(OutlierDetectionConfig.builder()
                        .interval(Duration.ofSeconds(5)).baseEjectionTime(Duration.ofSeconds(5))
                        .maxEjectionPercent(50).build())
                .timeSource(time).scheduler(scheduler).build();
        detector.updateHosts(hosts);
        for (int i = 0; i < 5; i++) {
            detector.recordHttpStatus(hosts.get(0), 500);
        }
        assertThat(detector.isEjected(hosts.get(0))).isTrue();

        // When
        scheduler.advance(Duration.ofSeconds(5));

        // Then
        assertThat(detector.isEjected(hosts.get(0))).as("back after one 5 s interval").isFalse();
        detector.close();
    }

    @Test
    @DisplayName("failure-percentage minimum hosts and request volume can be lowered")
    void failurePercentageMinimums() {
        // Given: 4 hosts with 10 calls, one failing 90 % (spread: consecutive detection is out of reach)
        List<ServiceInstance> hosts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hosts.add(instance(i));
        }
        OutlierDetector detector = OutlierDetector.builder(OutlierDetectionConfig.builder()
                        .consecutive5xx(100).enforcingSuccessRate(0).enforcingFailurePercentage(100)
                        .failurePercentageMinimumHosts(3).failurePercentageRequestVolume(10)
                        .maxEjectionPercent(25).build())
                .timeSource(time).random(new Random(1)).build();
        detector.updateHosts(hosts);
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 10; k++) {
                detector.record(hosts.get(i), CallOutcome.SUCCESS);
            }
        }
        for (int k = 0; k < 10; k++) {
            detector.record(hosts.get(3), k == 0 ? CallOutcome.SUCCESS : CallOutcome.SERVER_ERROR);
        }

        // When
        detector.runInterval();

        // Then
        assertThat(detector.isEjected(hosts.get(3))).as("4 hosts >= 3 and 10 calls >= 10").isTrue();
    }
}
