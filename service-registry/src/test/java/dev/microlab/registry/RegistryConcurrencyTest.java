package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ServiceRegistry under concurrent writes and reads")
class RegistryConcurrencyTest {

    private static final int WRITERS = 6;
    private static final int READERS = 4;
    private static final int OPS = 1_000;

    @Test
    @DisplayName("every snapshot a reader sees is consistent, indexes never go back, and the end state is exact")
    void consistentSnapshots() throws Exception {
        // Given
        ManualTimeSource time = new ManualTimeSource();
        ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).selfPreservation(false)
                .defaultLeaseTtl(Duration.ofSeconds(30)).build();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> problems = new ArrayList<>();
        Map<Integer, Set<String>> expected = new ConcurrentHashMap<>();
        AtomicLong snapshotsChecked = new AtomicLong();
        List<Future<?>> writers = new ArrayList<>();
        List<Future<?>> readers = new ArrayList<>();

        try {
            // When: each writer owns ids w<k>-<i> across two services and registers, renews,
            // re-registers with new metadata and deregisters them
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    Set<String> mine = new HashSet<>();
                    start.await();
                    for (int i = 0; i < OPS; i++) {
                        String service = i % 2 == 0 ? "orders" : "payments";
                        String id = "w" + writer + "-" + (i % 50);
                        ServiceInstance instance = ServiceInstance.builder(service, id).host("h" + writer)
                                .port(1000 + i % 50).metadata("gen", Integer.toString(i)).build();
                        String key = service + "/" + id;
                        switch (i % 4) {
                            case 0, 1 -> {
                                registry.register(instance);
                                mine.add(key);
                            }
                            case 2 -> registry.renew(service, id);
                            default -> {
                                registry.deregister(service, id);
                                mine.remove(key);
                            }
                        }
                    }
                    expected.put(writer, mine);
                    return null;
                }));
            }
            // ... while readers check every snapshot they see
            for (int r = 0; r < READERS; r++) {
                readers.add(pool.submit(() -> {
                    Map<String, Long> lastIndex = new java.util.HashMap<>();
                    start.await();
                    while (writing.get()) {
                        for (String service : List.of("orders", "payments")) {
                            ServiceSnapshot s = registry.snapshot(service);
                            String problem = check(s, lastIndex.getOrDefault(service, 0L));
                            if (problem != null) {
                                synchronized (problems) {
                                    problems.add(problem);
                                }
                            }
                            lastIndex.put(service, s.index());
                            snapshotsChecked.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            // ... and the eviction task runs now and then with a clock that never expires a lease
            Future<?> evictor = pool.submit(() -> {
                start.await();
                while (writing.get()) {
                    registry.evictExpired();
                    Thread.yield();
                }
                return null;
            });
            start.countDown();
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get(60, TimeUnit.SECONDS);
            }
            evictor.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        // Then
        assertThat(problems).as("inconsistent snapshots seen by readers").isEmpty();
        assertThat(snapshotsChecked.get()).as("snapshots checked").isPositive();
        Set<String> all = new HashSet<>();
        expected.values().forEach(all::addAll);
        Set<String> actual = new HashSet<>();
        for (String service : List.of("orders", "payments")) {
            registry.instances(service).forEach(i -> actual.add(service + "/" + i.instanceId()));
        }
        assertThat(actual).as("final registrations equal what each writer left").isEqualTo(all);
        registry.close();
    }

    @Test
    @DisplayName("concurrent blocking watchers never see an index go back and all reach the final index")
    void concurrentWatchers() throws Exception {
        // Given
        ServiceRegistry registry = ServiceRegistry.builder().timeSource(new ManualTimeSource())
                .defaultLeaseTtl(Duration.ZERO).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean done = new AtomicBoolean();
        List<Future<List<Long>>> watchers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int w = 0; w < 3; w++) {
                watchers.add(pool.submit(() -> {
                    List<Long> seen = new ArrayList<>();
                    long last = 0;
                    start.await();
                    while (!done.get() || registry.snapshot("orders").index() > last) {
                        ServiceSnapshot s = registry.watch("orders", last, Duration.ofMillis(20));
                        seen.add(s.index());
                        last = s.index();
                    }
                    return seen;
                }));
            }

            // When
            start.countDown();
            for (int i = 0; i < 300; i++) {
                registry.register(ServiceInstance.of("orders", "i" + i, "h", 1000 + i % 100));
            }
            done.set(true);
            long finalIndex = registry.snapshot("orders").index();

            // Then
            for (Future<List<Long>> watcher : watchers) {
                List<Long> seen = watcher.get(60, TimeUnit.SECONDS);
                assertThat(seen).as("indexes seen by a watcher never go back").isSorted();
                assertThat(seen.get(seen.size() - 1)).as("a watcher reaches the final index").isEqualTo(finalIndex);
            }
        } finally {
            pool.shutdownNow();
            registry.close();
        }
    }

    /** Null if {@code s} is consistent and not older than {@code previous}; else what is wrong. */
    private static String check(ServiceSnapshot s, long previous) {
        if (s.index() < previous) {
            return "index went back from " + previous + " to " + s.index();
        }
        if (s.entries().size() != s.instances().size()) {
            return "entries and instances disagree at index " + s.index();
        }
        Set<String> ids = new HashSet<>();
        String last = "";
        for (int i = 0; i < s.instances().size(); i++) {
            ServiceInstance instance = s.instances().get(i);
            if (!instance.equals(s.entries().get(i).instance())) {
                return "entry " + i + " differs from instance " + i + " at index " + s.index();
            }
            if (!instance.service().equals(s.service())) {
                return "instance of another service in " + s.service();
            }
            if (!ids.add(instance.instanceId())) {
                return "duplicate id " + instance.instanceId() + " at index " + s.index();
            }
            if (instance.instanceId().compareTo(last) < 0) {
                return "ids out of order at index " + s.index();
            }
            last = instance.instanceId();
        }
        if (!s.instances().containsAll(s.passing()) || s.passing().size() != s.instances().size()) {
            return "passing list disagrees with instances at index " + s.index();
        }
        return null;
    }
}
