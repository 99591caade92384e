package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OutlierDetector under concurrent recording and analysis")
class OutlierDetectorConcurrencyTest {

    @Test
    @DisplayName("the ejected share never exceeds maxEjectionPercent while many threads record failures")
    void maxPercentHoldsUnderContention() throws Exception {
        // Given: 20 hosts, at most 20 % ejected, ejections last one interval
        ManualTimeSource time = new ManualTimeSource();
        OutlierDetector detector = OutlierDetector.builder(OutlierDetectionConfig.builder()
                        .maxEjectionPercent(20).baseEjectionTime(Duration.ofSeconds(10))
                        .maxEjectionTime(Duration.ofSeconds(10)).build())
                .timeSource(time).random(new Random(1)).build();
        List<ServiceInstance> hosts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            hosts.add(ServiceInstance.of("svc", "h" + i, "10.0.0." + (i + 1), 80));
        }
        detector.updateHosts(hosts);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger worstSeen = new AtomicInteger();
        // Every ejection reports how many hosts were ejected with it; the largest of those is
        // the worst the detector ever allowed, whatever the watcher thread happened to sample.
        AtomicInteger mostEjectedReported = new AtomicInteger();
        detector.eventPublisher().subscribe(event -> {
            if (event instanceof OutlierEvent.HostEjected ejected) {
                mostEjectedReported.accumulateAndGet(ejected.ejected(), Math::max);
            }
        });
        List<Future<?>> futures = new ArrayList<>();
        try {
            // When: 4 threads fail every host, one watches, one runs intervals
            for (int t = 0; t < 4; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        detector.record(hosts.get((i + offset) % 20), CallOutcome.GATEWAY_ERROR);
                    }
                    return null;
                }));
            }
            Future<?> watcher = pool.submit(() -> {
                start.await();
                while (running.get()) {
                    worstSeen.accumulateAndGet(detector.ejectedCount(), Math::max);
                    detector.filter(hosts);
                }
                return null;
            });
            Future<?> analyst = pool.submit(() -> {
                start.await();
                while (running.get()) {
                    time.advance(Duration.ofSeconds(10));
                    detector.runInterval();
                    Thread.yield();
                }
                return null;
            });
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            running.set(false);
            watcher.get(60, TimeUnit.SECONDS);
            analyst.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        // Then
        assertThat(mostEjectedReported.get()).as("most hosts ejected at once (20 % of 20 = 4)").isBetween(1, 4);
        assertThat(worstSeen.get()).as("most hosts the watcher saw ejected at once").isLessThanOrEqualTo(4);
        assertThat(detector.ejectedCount()).as("ejected at the end").isLessThanOrEqualTo(4);
    }
}
