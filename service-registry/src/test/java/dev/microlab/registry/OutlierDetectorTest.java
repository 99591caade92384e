package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OutlierDetector (Envoy semantics)")
class OutlierDetectorTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final List<OutlierEvent> events = new ArrayList<>();

    private static OutlierDetectionConfig.Builder builder() {
        return OutlierDetectionConfig.builder();
    }

    private OutlierDetector detector(OutlierDetectionConfig.Builder config, List<ServiceInstance> hosts) {
        return detector(OutlierDetector.builder(config.build()), hosts);
    }

    private OutlierDetector detector(OutlierDetector.Builder builder, List<ServiceInstance> hosts) {
        OutlierDetector detector = builder.timeSource(time).random(new Random(42)).build();
        detector.eventPublisher().subscribe(events::add);
        detector.updateHosts(hosts);
        return detector;
    }

    private static List<ServiceInstance> hosts(int n) {
        List<ServiceInstance> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(ServiceInstance.of("svc", String.format("h%02d", i), "10.0.0." + (i + 1), 8080));
        }
        return List.copyOf(list);
    }

    private static void fail(OutlierDetector d, ServiceInstance h, int times) {
        for (int i = 0; i < times; i++) {
            d.recordHttpStatus(h, 500);
        }
    }

    private List<Duration> ejectionDurations() {
        return events.stream().filter(OutlierEvent.HostEjected.class::isInstance)
                .map(e -> ((OutlierEvent.HostEjected) e).duration()).toList();
    }

    // ------------------------------------------------------------ consecutive errors

    @Test
    @DisplayName("five 5xx in a row eject the host at once")
    void consecutive5xx() {
        // Given
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder(), hosts);

        // When
        fail(d, hosts.get(0), 4);

        // Then
        assertThat(d.isEjected(hosts.get(0))).as("after 4 failures").isFalse();

        // When
        fail(d, hosts.get(0), 1);

        // Then
        assertThat(d.isEjected(hosts.get(0))).as("after the 5th failure in a row").isTrue();
        assertThat(d.filter(hosts)).as("ejected host filtered out").hasSize(9).doesNotContain(hosts.get(0));
    }

    @Test
    @DisplayName("a success resets the consecutive count")
    void successResets() {
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder(), hosts);
        fail(d, hosts.get(0), 4);
        d.record(hosts.get(0), CallOutcome.SUCCESS);
        fail(d, hosts.get(0), 4);
        assertThat(d.isEjected(hosts.get(0))).as("4 + success + 4 is not 5 in a row").isFalse();
    }

    @Test
    @DisplayName("the consecutive5xx option sets the threshold")
    void consecutive5xxOption() {
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder().consecutive5xx(2), hosts);
        fail(d, hosts.get(0), 2);
        assertThat(d.isEjected(hosts.get(0))).as("ejected after 2 with consecutive5xx=2").isTrue();
    }

    @Test
    @DisplayName("consecutive gateway failures eject only when enforced (Envoy's default is 0 %)")
    void gatewayFailures() {
        // Given: threshold 3 for gateway errors, 5xx threshold far away
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector off = detector(builder().consecutive5xx(100).consecutiveGatewayFailure(3), hosts);
        OutlierDetector on = detector(builder().consecutive5xx(100).consecutiveGatewayFailure(3)
                .enforcingConsecutiveGatewayFailure(100), hosts);

        // When
        for (int i = 0; i < 3; i++) {
            off.recordHttpStatus(hosts.get(0), 503);
            on.recordHttpStatus(hosts.get(0), 503);
            on.recordHttpStatus(hosts.get(1), 500);
        }

        // Then
        assertThat(off.isEjected(hosts.get(0))).as("not enforced by default").isFalse();
        assertThat(on.isEjected(hosts.get(0))).as("three 503s, enforced").isTrue();
        assertThat(on.isEjected(hosts.get(1))).as("500 is not a gateway failure").isFalse();
    }

    @Test
    @DisplayName("enforcingConsecutive5xx 0 detects but never ejects")
    void enforcementZero() {
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder().enforcingConsecutive5xx(0), hosts);
        fail(d, hosts.get(0), 20);
        assertThat(d.isEjected(hosts.get(0))).as("not enforced").isFalse();
    }

    @Test
    @DisplayName("outcomes of hosts it does not know are ignored")
    void unknownHost() {
        OutlierDetector d = detector(builder(), hosts(3));
        ServiceInstance stranger = ServiceInstance.of("svc", "x", "h", 1);
        fail(d, stranger, 10);
        assertThat(d.isEjected(stranger)).as("unknown host").isFalse();
        assertThat(d.ejectedCount()).isZero();
    }

    // ------------------------------------------------------------ ejection time

    @Test
    @DisplayName("a host returns at the first interval run after its ejection time")
    void returnsAfterEjectionTime() {
        // Given: base 30 s, interval 10 s
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder(), hosts);
        fail(d, hosts.get(0), 5);

        // When: interval runs at 10 s and 20 s
        time.advance(Duration.ofSeconds(10));
        d.runInterval();
        time.advance(Duration.ofSeconds(10));
        d.runInterval();

        // Then
        assertThat(d.isEjected(hosts.get(0))).as("still ejected at 20 s").isTrue();

        // When
        time.advance(Duration.ofSeconds(10));
        d.runInterval();

        // Then
        assertThat(d.isEjected(hosts.get(0))).as("back at 30 s").isFalse();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(OutlierEvent.HostReturned.class));
    }

    @Test
    @DisplayName("ejection time is base × times ejected, capped at the maximum")
    void ejectionTimeGrowsToCap() {
        // Given: base 30 s, max 100 s
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder().maxEjectionTime(Duration.ofSeconds(100)), hosts);

        // When: ejected, returned, ejected again... five times
        for (int round = 0; round < 5; round++) {
            fail(d, hosts.get(0), 5);
            while (d.isEjected(hosts.get(0))) {
                time.advance(Duration.ofSeconds(10));
                d.runInterval();
            }
        }

        // Then
        assertThat(ejectionDurations()).as("durations of successive ejections").containsExactly(
                Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(90), Duration.ofSeconds(100),
                Duration.ofSeconds(100));
    }

    @Test
    @DisplayName("the multiplier decays by one for each interval the host stays in service")
    void multiplierDecays() {
        // Given: three ejections in a row
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder(), hosts);
        for (int round = 0; round < 3; round++) {
            fail(d, hosts.get(0), 5);
            while (d.isEjected(hosts.get(0))) {
                time.advance(Duration.ofSeconds(10));
                d.runInterval();
            }
        }
        assertThat(d.ejectionMultiplier(hosts.get(0))).as("after three ejections").isEqualTo(3);

        // When: two healthy intervals
        time.advance(Duration.ofSeconds(10));
        d.runInterval();
        time.advance(Duration.ofSeconds(10));
        d.runInterval();

        // Then
        assertThat(d.ejectionMultiplier(hosts.get(0))).as("two intervals later").isEqualTo(1);

        // When: ejected again
        fail(d, hosts.get(0), 5);

        // Then
        assertThat(ejectionDurations().get(3)).as("next ejection uses the decayed multiplier + 1")
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("the scheduler runs the interval analysis")
    void scheduled() {
        // Given
        ManualScheduler scheduler = new ManualScheduler(time);
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(OutlierDetector.builder().scheduler(scheduler), hosts);
        fail(d, hosts.get(0), 5);

        // When
        scheduler.advance(Duration.ofSeconds(30));

        // Then
        assertThat(d.isEjected(hosts.get(0))).as("returned by the scheduled run at 30 s").isFalse();
        d.close();
    }

    // ------------------------------------------------------------ max ejection percent

    @Test
    @DisplayName("the ejected fraction never exceeds maxEjectionPercent")
    void maxEjectionPercent() {
        // Given: 20 hosts, at most 10 % ejected
        List<ServiceInstance> hosts = hosts(20);
        OutlierDetector d = detector(builder(), hosts);

        // When: every host fails, checking after each call
        for (ServiceInstance h : hosts) {
            for (int i = 0; i < 5; i++) {
                d.recordHttpStatus(h, 503);
                assertThat(d.ejectedCount() * 100).as("ejected share after a call").isLessThanOrEqualTo(10 * 20);
            }
        }

        // Then
        assertThat(d.ejectedCount()).as("ejected hosts").isEqualTo(2);
        assertThat(events).as("ejections skipped by maxEjectionPercent, reported")
                .filteredOn(e -> e instanceof OutlierEvent.EjectionSkipped skipped && skipped.overflow()
                        && skipped.reason() == OutlierEvent.Reason.CONSECUTIVE_5XX).hasSize(18);
    }

    @Test
    @DisplayName("with alwaysEjectOneHost, one host is ejected even when the percentage allows less than one")
    void atLeastOne() {
        List<ServiceInstance> hosts = hosts(5);
        OutlierDetector d = detector(builder().alwaysEjectOneHost(true), hosts);
        for (ServiceInstance h : hosts) {
            fail(d, h, 5);
        }
        assertThat(d.ejectedCount()).as("10 % of 5 hosts, but one is allowed").isEqualTo(1);
    }

    @Test
    @DisplayName("by default (Envoy's always_eject_one_host false) 1 of 5 hosts is 20 % > 10 %: nobody is ejected")
    void envoyMaxEjectionPercentDefault() {
        // Given: Envoy's defaults, 5 hosts; ejected_percent = 100 * (0 + 1) / 5 = 20 > 10
        List<ServiceInstance> hosts = hosts(5);
        OutlierDetector d = detector(builder(), hosts);

        // When
        fail(d, hosts.get(0), 5);

        // Then
        assertThat(d.ejectedCount()).as("no host ejected").isZero();
        assertThat(events).filteredOn(OutlierEvent.EjectionSkipped.class::isInstance)
                .as("the overflow is reported").isNotEmpty();
    }

    @Test
    @DisplayName("ejected + 1 exactly at the limit is allowed: 2 of 20 hosts at 10 %, 1 of 2 hosts at 50 %")
    void maxEjectionPercentBoundary() {
        List<ServiceInstance> two = hosts(2);
        OutlierDetector d = detector(builder().maxEjectionPercent(50), two);
        fail(d, two.get(0), 5);
        fail(d, two.get(1), 5);
        assertThat(d.ejectedCount()).as("100 * 1 / 2 = 50 <= 50, then 100 * 2 / 2 = 100 > 50").isEqualTo(1);
    }

    @Test
    @DisplayName("the maxEjectionPercent option raises the limit")
    void maxEjectionPercentOption() {
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder().maxEjectionPercent(30).panicThreshold(0), hosts);
        for (ServiceInstance h : hosts) {
            fail(d, h, 5);
        }
        assertThat(d.ejectedCount()).as("30 % of 10").isEqualTo(3);
    }

    // ------------------------------------------------------------ success rate

    private static void traffic(OutlierDetector d, ServiceInstance h, int calls, int failures) {
        // failures interleaved with successes so consecutive detection does not fire
        for (int i = 0; i < calls; i++) {
            boolean failure = i % 2 == 1 && (i / 2) < failures;
            d.record(h, failure ? CallOutcome.SERVER_ERROR : CallOutcome.SUCCESS);
        }
    }

    @Test
    @DisplayName("success rate ejects a host below mean − 1.9 × stdev")
    void successRate() {
        // Given: four hosts at 100 %, one at 50 % (mean 90, stdev 20, threshold 52); 1 of 5 may go
        List<ServiceInstance> hosts = hosts(5);
        OutlierDetector d = detector(builder().maxEjectionPercent(20), hosts);
        for (int i = 0; i < 4; i++) {
            traffic(d, hosts.get(i), 100, 0);
        }
        traffic(d, hosts.get(4), 100, 50);

        // When
        d.runInterval();

        // Then
        assertThat(d.isEjected(hosts.get(4))).as("the 50 % host").isTrue();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(OutlierEvent.HostEjected.class,
                h -> assertThat(h.reason()).isEqualTo(OutlierEvent.Reason.SUCCESS_RATE)));
    }

    @Test
    @DisplayName("no success-rate ejection with fewer than successRateMinimumHosts hosts of enough volume")
    void successRateMinimumHosts() {
        // a factor of 1 would eject the 50 % host among 4 (see successRateOptions): only the minimum stops it
        List<ServiceInstance> hosts = hosts(4);
        OutlierDetector d = detector(builder().successRateStdevFactor(1.0), hosts);
        for (int i = 0; i < 3; i++) {
            traffic(d, hosts.get(i), 100, 0);
        }
        traffic(d, hosts.get(3), 100, 50);
        d.runInterval();
        assertThat(d.ejectedCount()).as("4 hosts < minimum 5").isZero();
    }

    @Test
    @DisplayName("no success-rate ejection when hosts have fewer than successRateRequestVolume calls")
    void successRateVolume() {
        List<ServiceInstance> hosts = hosts(5);
        OutlierDetector d = detector(builder(), hosts);
        for (int i = 0; i < 4; i++) {
            traffic(d, hosts.get(i), 99, 0);
        }
        traffic(d, hosts.get(4), 99, 49);
        d.runInterval();
        assertThat(d.ejectedCount()).as("99 calls < volume 100").isZero();
    }

    @Test
    @DisplayName("the success-rate minimums and stdev factor are options")
    void successRateOptions() {
        // with 4 hosts one outlier can never fall below mean - 1.9 stdev; below mean - 1 stdev it can
        List<ServiceInstance> hosts = hosts(4);
        OutlierDetector d = detector(builder().successRateMinimumHosts(3).successRateRequestVolume(10)
                .successRateStdevFactor(1.0).maxEjectionPercent(25), hosts);
        for (int i = 0; i < 3; i++) {
            traffic(d, hosts.get(i), 10, 0);
        }
        traffic(d, hosts.get(3), 10, 5);
        d.runInterval();
        assertThat(d.isEjected(hosts.get(3))).as("ejected with lowered minimums").isTrue();
    }

    @Test
    @DisplayName("each interval starts from zero: old calls do not count")
    void intervalResetsCounters() {
        List<ServiceInstance> hosts = hosts(5);
        OutlierDetector d = detector(builder(), hosts);
        for (int i = 0; i < 4; i++) {
            traffic(d, hosts.get(i), 60, 0);
        }
        traffic(d, hosts.get(4), 60, 30);
        d.runInterval();                   // 60 calls each: below the volume
        for (int i = 0; i < 4; i++) {
            traffic(d, hosts.get(i), 60, 0);
        }
        traffic(d, hosts.get(4), 60, 30);
        d.runInterval();                   // again 60, not 120
        assertThat(d.ejectedCount()).as("volume is per interval").isZero();
    }

    // ------------------------------------------------------------ failure percentage

    @Test
    @DisplayName("failure percentage is not enforced by default (Envoy's enforcing_failure_percentage is 0)")
    void failurePercentageOffByDefault() {
        // Given: failures spread out, 80 % of 50 calls, threshold lowered to 80
        List<ServiceInstance> hosts = hosts(5);
        OutlierDetector d = detector(builder().enforcingSuccessRate(0).failurePercentageThreshold(80), hosts);
        for (int i = 0; i < 4; i++) {
            traffic(d, hosts.get(i), 50, 0);
        }
        for (int i = 0; i < 50; i++) {
            d.record(hosts.get(4), i % 5 == 0 ? CallOutcome.SUCCESS : CallOutcome.SERVER_ERROR);
        }

        // When
        d.runInterval();

        // Then
        assertThat(d.isEjected(hosts.get(4))).as("not enforced by default").isFalse();
    }

    @Test
    @DisplayName("failure percentage ejects a host whose failures are spread out")
    void failurePercentageSpread() {
        // Given: failures interleaved, so never 5 in a row: 4 of 5 calls fail → 80 %
        List<ServiceInstance> hosts = hosts(5);
        OutlierDetector d = detector(builder().enforcingSuccessRate(0).enforcingFailurePercentage(100)
                .failurePercentageThreshold(80).maxEjectionPercent(20), hosts);
        for (int i = 0; i < 4; i++) {
            traffic(d, hosts.get(i), 50, 0);
        }
        for (int i = 0; i < 50; i++) {
            d.record(hosts.get(4), i % 5 == 0 ? CallOutcome.SUCCESS : CallOutcome.SERVER_ERROR);
        }
        assertThat(d.isEjected(hosts.get(4))).as("not ejected inline").isFalse();

        // When
        d.runInterval();

        // Then
        assertThat(d.isEjected(hosts.get(4))).as("80 % >= threshold 80").isTrue();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(OutlierEvent.HostEjected.class,
                h -> assertThat(h.reason()).isEqualTo(OutlierEvent.Reason.FAILURE_PERCENTAGE)));
    }

    // ------------------------------------------------------------ panic

    @Test
    @DisplayName("below the panic threshold every candidate is eligible again")
    void panic() {
        // Given: 4 hosts, all may be ejected, panic below 50 %
        List<ServiceInstance> hosts = hosts(4);
        OutlierDetector d = detector(builder().maxEjectionPercent(100), hosts);
        fail(d, hosts.get(0), 5);
        fail(d, hosts.get(1), 5);

        // Then: 2 of 4 eligible = 50 %, not below
        assertThat(d.filter(hosts)).as("half eligible").containsExactly(hosts.get(2), hosts.get(3));
        assertThat(d.isPanicking()).isFalse();

        // When
        fail(d, hosts.get(2), 5);

        // Then: 1 of 4 = 25 % < 50 %
        assertThat(d.filter(hosts)).as("panic: all candidates").isEqualTo(hosts);
        assertThat(d.isPanicking()).as("panic mode").isTrue();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(OutlierEvent.PanicModeChanged.class,
                p -> assertThat(p.panic()).isTrue()));
    }

    @Test
    @DisplayName("a panic threshold of 0 disables panic mode")
    void panicDisabled() {
        List<ServiceInstance> hosts = hosts(4);
        OutlierDetector d = detector(builder().maxEjectionPercent(100).panicThreshold(0), hosts);
        for (int i = 0; i < 3; i++) {
            fail(d, hosts.get(i), 5);
        }
        assertThat(d.filter(hosts)).as("only the healthy host").containsExactly(hosts.get(3));
    }

    @Test
    @DisplayName("without ejections the candidate list is returned as is")
    void noEjectionNoCopy() {
        List<ServiceInstance> hosts = hosts(4);
        OutlierDetector d = detector(builder(), hosts);
        assertThat(d.filter(hosts)).as("same list object").isSameAs(hosts);
    }

    @Test
    @DisplayName("bad settings are refused with the field and the range named")
    void badSettings() {
        assertThatIllegalArgumentException().isThrownBy(() -> OutlierDetectionConfig.builder().maxEjectionPercent(101))
                .withMessage("maxEjectionPercent must be in [0, 100], but was 101");
        assertThatIllegalArgumentException().isThrownBy(() -> OutlierDetectionConfig.builder().consecutive5xx(-1))
                .withMessage("consecutive5xx must be in [0, 1000000] (0 disables), but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> OutlierDetectionConfig.builder().interval(Duration.ZERO))
                .withMessage("interval must be in (0, PT8760H], but was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> OutlierDetectionConfig.builder().successRateStdevFactor(0))
                .withMessage("successRateStdevFactor must be in (0, 100], but was 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> OutlierDetectionConfig.builder().panicThreshold(-1))
                .withMessage("panicThreshold must be in [0, 100], but was -1");
    }

    // ------------------------------------------------------------ Envoy's outlier_detection_impl.cc, rule by rule

    @Test
    @DisplayName("Envoy: the 5xx counter restarts after an attempt skipped by maxEjectionPercent (ejected at the next 5)")
    void counterResetsAfterOverflow() {
        // Given: 10 hosts at 10 %: h00 ejected, so h01 overflows (100 * 2 / 10 = 20 > 10)
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder(), hosts);
        fail(d, hosts.get(0), 5);
        fail(d, hosts.get(1), 5);
        assertThat(d.isEjected(hosts.get(1))).as("overflow: kept").isFalse();

        // When: h00 returns (30 s), then h01 fails 5 more times
        time.advance(Duration.ofSeconds(30));
        d.runInterval();
        fail(d, hosts.get(1), 4);

        // Then: its counter restarted at the overflowed attempt: 4 more are not enough, the 5th is
        assertThat(d.isEjected(hosts.get(1))).as("after 4 more failures").isFalse();
        fail(d, hosts.get(1), 1);
        assertThat(d.isEjected(hosts.get(1))).as("after 5 more failures").isTrue();
    }

    @Test
    @DisplayName("Envoy: the 5xx counter restarts after an attempt the enforcement draw refused")
    void counterResetsAfterFailedDraw() {
        // Given: enforcing 0 %: every attempt is refused
        List<ServiceInstance> hosts = hosts(10);
        List<OutlierEvent.EjectionSkipped> skipped = new ArrayList<>();
        OutlierDetector d = detector(builder().enforcingConsecutive5xx(0), hosts);
        d.eventPublisher().subscribe(e -> {
            if (e instanceof OutlierEvent.EjectionSkipped s && s.reason() == OutlierEvent.Reason.CONSECUTIVE_5XX) {
                skipped.add(s);
            }
        });

        // When: 15 failures in a row
        fail(d, hosts.get(0), 15);

        // Then: an attempt at 5, 10 and 15 (== threshold each time), not only once at 5
        assertThat(skipped).as("ejection attempts").hasSize(3).allSatisfy(s -> assertThat(s.overflow()).isFalse());
    }

    @Test
    @DisplayName("Envoy: a non-gateway 5xx breaks a run of gateway failures")
    void non5xxGatewayResets() {
        // Given: gateway failures enforced, threshold 3; 5xx far away
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder().consecutive5xx(100).consecutiveGatewayFailure(3)
                .enforcingConsecutiveGatewayFailure(100), hosts);

        // When: 503 503 500 503
        d.recordHttpStatus(hosts.get(0), 503);
        d.recordHttpStatus(hosts.get(0), 503);
        d.recordHttpStatus(hosts.get(0), 500);
        d.recordHttpStatus(hosts.get(0), 503);

        // Then
        assertThat(d.isEjected(hosts.get(0))).as("three gateway failures, but not in a row").isFalse();
        d.recordHttpStatus(hosts.get(0), 503);
        d.recordHttpStatus(hosts.get(0), 503);
        assertThat(d.isEjected(hosts.get(0))).as("three in a row").isTrue();
    }

    @Test
    @DisplayName("Envoy: consecutive5xx 0 disables the check (Istio's consecutive5xxErrors: 0)")
    void zeroDisables() {
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder().consecutive5xx(0), hosts);
        fail(d, hosts.get(0), 1000);
        assertThat(d.isEjected(hosts.get(0))).isFalse();
    }

    @Test
    @DisplayName("Envoy: the multiplier cap is the first k with k × base >= max + base (11 for 30 s / 300 s)")
    void multiplierCap() {
        // Given: Envoy's defaults, base 30 s, max 300 s
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder(), hosts);

        // When: 15 ejections back to back
        for (int round = 0; round < 15; round++) {
            fail(d, hosts.get(0), 5);
            while (d.isEjected(hosts.get(0))) {
                time.advance(Duration.ofSeconds(10));
                d.runInterval();
            }
        }

        // Then: grows while 30 × k < 330, so it stops at 11, not at 300 / 30 = 10
        assertThat(d.ejectionMultiplier(hosts.get(0))).as("capped multiplier").isEqualTo(11);

        // When: two intervals in service, then ejected again
        time.advance(Duration.ofSeconds(10));
        d.runInterval();
        time.advance(Duration.ofSeconds(10));
        d.runInterval();
        fail(d, hosts.get(0), 5);

        // Then: 11 - 2 + 1 = 10: still the full 300 s (with a cap of 10 it would be 9 × 30 = 270 s)
        List<Duration> durations = ejectionDurations();
        assertThat(durations.get(durations.size() - 1)).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    @DisplayName("Envoy: the multiplier decays after the interval's success-rate ejections, not before")
    void decayAfterSuccessRate() {
        // Given: 5 hosts, maxEjectionPercent 100; h00 ejected once by consecutive 5xx and back in service
        List<ServiceInstance> hosts = hosts(5);
        OutlierDetector d = detector(builder().maxEjectionPercent(100), hosts);
        fail(d, hosts.get(0), 5);
        time.advance(Duration.ofSeconds(30));
        d.runInterval(); // returns, multiplier 1
        time.advance(Duration.ofSeconds(10));

        // When: in the next interval h00 answers 50 % while the others answer 100 % (100 calls each)
        traffic(d, hosts.get(0), 100, 50);
        for (int i = 1; i < 5; i++) {
            traffic(d, hosts.get(i), 100, 0);
        }
        d.runInterval();

        // Then: ejected with multiplier 1 + 1 = 2 (60 s); decaying first would give 0 + 1 (30 s)
        assertThat(d.isEjected(hosts.get(0))).isTrue();
        List<Duration> durations = ejectionDurations();
        assertThat(durations).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("Envoy: success-rate statistics leave already-ejected hosts out")
    void statisticsSkipEjected() {
        // Given: 6 hosts at 100 %; h00 ejected by consecutive 5xx, yet (in panic) it keeps answering 0 %
        List<ServiceInstance> hosts = hosts(6);
        OutlierDetector d = detector(builder().maxEjectionPercent(100), hosts);
        fail(d, hosts.get(0), 5);
        traffic(d, hosts.get(0), 100, 50);
        traffic(d, hosts.get(1), 100, 10); // 90 %
        for (int i = 2; i < 6; i++) {
            traffic(d, hosts.get(i), 100, 0);
        }

        // When
        d.runInterval();

        // Then: without h00, {90, 100, 100, 100, 100}: mean 98, stdev 4, threshold 98 - 1.9 × 4 = 90.4 > 90,
        // so h01 is ejected; with h00's 50 % counted the threshold would fall to about 55 and spare h01
        assertThat(d.isEjected(hosts.get(1))).as("h01 ejected by success rate").isTrue();
    }

    @Test
    @DisplayName("Envoy: the success-rate example of outlier_detection_impl.cc: {50,100,100,100,100} → threshold 52")
    void envoyExample() {
        // Given: mean 90, stdev 20, threshold 90 - 1.9 × 20 = 52
        List<ServiceInstance> hosts = hosts(5);
        OutlierDetector d = detector(builder().maxEjectionPercent(100), hosts);
        traffic(d, hosts.get(0), 100, 50);
        for (int i = 1; i < 5; i++) {
            traffic(d, hosts.get(i), 100, 0);
        }

        // When
        d.runInterval();

        // Then: 50 < 52
        assertThat(d.isEjected(hosts.get(0))).isTrue();
    }

    @Test
    @DisplayName("state-change events carry a per-detector sequence that grows by one")
    void sequenceNumbers() {
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder(), hosts);
        fail(d, hosts.get(0), 5);
        time.advance(Duration.ofSeconds(30));
        d.runInterval();
        fail(d, hosts.get(1), 5);
        assertThat(events).filteredOn(e -> !(e instanceof OutlierEvent.EjectionSkipped))
                .extracting(OutlierEvent::sequence).containsExactly(1L, 2L, 3L);
    }

    // ------------------------------------------------------------ config

    @Test
    @DisplayName("from(x).build() equals x, and from(x) changes one option only")
    void fromBase() {
        OutlierDetectionConfig x = OutlierDetectionConfig.builder().consecutive5xx(3).maxEjectionPercent(40)
                .maxEjectionTime(Duration.ofSeconds(120)).alwaysEjectOneHost(true).build();
        assertThat(OutlierDetectionConfig.from(x).build()).isEqualTo(x);
        OutlierDetectionConfig y = OutlierDetectionConfig.from(x).interval(Duration.ofSeconds(5)).build();
        assertThat(y.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(OutlierDetectionConfig.from(y).interval(x.interval()).build()).isEqualTo(x);
    }

    @Test
    @DisplayName("maxEjectionTime defaults to max(300 s, base), derived again after from(x), and may not be below base")
    void derivedMaxEjectionTime() {
        OutlierDetectionConfig x = OutlierDetectionConfig.ofDefaults();
        assertThat(x.maxEjectionTime()).isEqualTo(Duration.ofSeconds(300));
        OutlierDetectionConfig longBase = OutlierDetectionConfig.from(x).baseEjectionTime(Duration.ofMinutes(10))
                .build();
        assertThat(longBase.maxEjectionTime()).as("raised with the base").isEqualTo(Duration.ofMinutes(10));
        assertThatIllegalArgumentException().isThrownBy(() -> OutlierDetectionConfig.builder()
                        .baseEjectionTime(Duration.ofSeconds(60)).maxEjectionTime(Duration.ofSeconds(30)).build())
                .withMessage("maxEjectionTime must be >= baseEjectionTime (PT1M), but was PT30S");
    }

    @Test
    @DisplayName("Istio's mapping: success rate off, 5xx enforced only when > 0, panic = minHealthPercent")
    void istioPreset() {
        OutlierDetectionConfig istio = OutlierDetectionConfig.istio(5, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 50, 0);
        assertThat(istio.enforcingSuccessRate()).isZero();
        assertThat(istio.consecutive5xx()).isEqualTo(5);
        assertThat(istio.enforcingConsecutive5xx()).isEqualTo(100);
        assertThat(istio.consecutiveGatewayFailure()).as("Envoy's default").isEqualTo(5);
        assertThat(istio.enforcingConsecutiveGatewayFailure()).isZero();
        assertThat(istio.maxEjectionPercent()).isEqualTo(50);
        assertThat(istio.panicThreshold()).as("minHealthPercent").isZero();

        OutlierDetectionConfig off = OutlierDetectionConfig.istio(0, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 0, 0);
        assertThat(off.consecutive5xx()).isZero();
        assertThat(off.enforcingConsecutive5xx()).isZero();
        assertThat(off.maxEjectionPercent()).as("0 means unset: Envoy's 10").isEqualTo(10);

        OutlierDetectionConfig gateway = OutlierDetectionConfig.istio(0, 3, Duration.ofSeconds(10),
                Duration.ofMinutes(10), 10, 20);
        assertThat(gateway.consecutiveGatewayFailure()).isEqualTo(3);
        assertThat(gateway.enforcingConsecutiveGatewayFailure()).isEqualTo(100);
        assertThat(gateway.maxEjectionTime()).as("raised to a base above 300 s").isEqualTo(Duration.ofMinutes(10));
        assertThat(gateway.panicThreshold()).isEqualTo(20);

        assertThatIllegalArgumentException().isThrownBy(() -> OutlierDetectionConfig.istio(5,
                        Duration.ofSeconds(10), Duration.ofSeconds(30), 10, 101))
                .withMessage("minHealthPercent must be in [0, 100], but was 101");
    }

    @Test
    @DisplayName("with Istio's preset and minHealthPercent 0, the last healthy host is never brought back by panic")
    void istioNoPanic() {
        List<ServiceInstance> hosts = hosts(2);
        OutlierDetector d = detector(OutlierDetector.builder(OutlierDetectionConfig.istio(5,
                Duration.ofSeconds(10), Duration.ofSeconds(30), 100, 0)), hosts);
        fail(d, hosts.get(0), 5);
        fail(d, hosts.get(1), 5);
        assertThat(d.filter(hosts)).as("both ejected, no panic").isEmpty();
    }

    @Test
    @DisplayName("Envoy: max_ejection_time_jitter adds a random extra time in [0, jitter] to each ejection")
    void ejectionJitter() {
        List<ServiceInstance> hosts = hosts(10);
        OutlierDetector d = detector(builder().maxEjectionTimeJitter(Duration.ofSeconds(10)), hosts);
        fail(d, hosts.get(0), 5);
        Duration ejection = ejectionDurations().get(0);
        assertThat(ejection).as("30 s base plus the jitter").isBetween(Duration.ofSeconds(30), Duration.ofSeconds(40));

        // the host stays out for the whole jittered time
        time.advance(ejection.minusNanos(1));
        d.runInterval();
        assertThat(d.isEjected(hosts.get(0))).isTrue();
        time.advance(Duration.ofNanos(1));
        d.runInterval();
        assertThat(d.isEjected(hosts.get(0))).isFalse();
    }
}
