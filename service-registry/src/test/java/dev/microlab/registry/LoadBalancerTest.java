package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("LoadBalancer")
class LoadBalancerTest {

    private static List<ServiceInstance> instances(int n) {
        List<ServiceInstance> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(ServiceInstance.of("svc", "i" + i, "10.0.0." + (i + 1), 8080));
        }
        return List.copyOf(list);
    }

    private static Map<ServiceInstance, Integer> count(LoadBalancer lb, List<ServiceInstance> candidates, int picks) {
        Map<ServiceInstance, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(lb.choose(candidates).orElseThrow(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    @DisplayName("every balancer returns empty for no candidates")
    void emptyCandidates() {
        List<LoadBalancer> all = List.of(LoadBalancer.roundRobin(), LoadBalancer.random(new Random(1)),
                LoadBalancer.weightedRoundRobin(), LoadBalancer.leastRequest(i -> 0, new Random(1)),
                LoadBalancer.zonePreference("z", LoadBalancer.roundRobin()));
        for (LoadBalancer lb : all) {
            assertThat(lb.choose(List.of())).as(lb + " on no candidates").isEmpty();
        }
    }

    @Nested
    @DisplayName("round robin")
    class RoundRobin {

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 7, 10})
        @DisplayName("over k·n picks each of n instances gets exactly k")
        void exactShares(int n) {
            // Given
            List<ServiceInstance> candidates = instances(n);
            LoadBalancer lb = LoadBalancer.roundRobin();

            // When
            Map<ServiceInstance, Integer> counts = count(lb, candidates, 5 * n);

            // Then
            assertThat(counts).as("picks per instance").hasSize(n).allSatisfy((i, c) -> assertThat(c).isEqualTo(5));
        }

        @Test
        @DisplayName("visits instances in order")
        void order() {
            List<ServiceInstance> c = instances(3);
            LoadBalancer lb = LoadBalancer.roundRobin();
            List<ServiceInstance> picks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                picks.add(lb.choose(c).orElseThrow());
            }
            assertThat(picks).as("order of picks").containsExactly(c.get(0), c.get(1), c.get(2), c.get(0), c.get(1),
                    c.get(2));
        }

        @Test
        @DisplayName("keeps exact shares across Integer.MAX_VALUE without an error")
        void noIntOverflow() {
            // Given: the counter starts just below Integer.MAX_VALUE
            List<ServiceInstance> candidates = instances(3);
            LoadBalancer lb = LoadBalancer.roundRobin(Integer.MAX_VALUE - 4L);

            // When: 30 picks cross 2^31
            Map<ServiceInstance, Integer> counts = count(lb, candidates, 30);

            // Then
            assertThat(counts).as("picks per instance across the int boundary")
                    .hasSize(3).allSatisfy((i, c) -> assertThat(c).isEqualTo(10));
        }

        @Test
        @DisplayName("never fails even when its long counter wraps")
        void longWrap() {
            List<ServiceInstance> candidates = instances(3);
            LoadBalancer lb = LoadBalancer.roundRobin(Long.MAX_VALUE - 2);
            for (int i = 0; i < 10; i++) {
                assertThat(lb.choose(candidates)).as("pick " + i + " across the long boundary").isPresent();
            }
        }

        @Test
        @DisplayName("a single instance does not advance the counter")
        void singleDoesNotAdvance() {
            // Given
            dev.microlab.registry.internal.RoundRobinLoadBalancer lb =
                    new dev.microlab.registry.internal.RoundRobinLoadBalancer(0);

            // When
            for (int i = 0; i < 5; i++) {
                lb.choose(instances(1));
            }

            // Then
            assertThat(lb.position()).as("position after picks among one").isZero();
        }

        @Test
        @DisplayName("shares stay exact with many threads picking at once")
        void concurrentExactShares() throws Exception {
            // Given
            List<ServiceInstance> candidates = instances(4);
            LoadBalancer lb = LoadBalancer.roundRobin();
            int threads = 8;
            int perThread = 1000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            Map<String, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();
            List<Future<?>> futures = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            counts.computeIfAbsent(lb.choose(candidates).orElseThrow().instanceId(),
                                    k -> new AtomicInteger()).incrementAndGet();
                        }
                        return null;
                    }));
                }
                // When
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            // Then
            assertThat(counts).as("picks per instance").hasSize(4)
                    .allSatisfy((id, c) -> assertThat(c.get()).isEqualTo(threads * perThread / 4));
        }
    }

    @Nested
    @DisplayName("random")
    class RandomBalancer {

        @Test
        @DisplayName("the same seed gives the same picks")
        void seeded() {
            List<ServiceInstance> c = instances(5);
            LoadBalancer a = LoadBalancer.random(new Random(42));
            LoadBalancer b = LoadBalancer.random(new Random(42));
            for (int i = 0; i < 50; i++) {
                assertThat(a.choose(c)).as("pick " + i).isEqualTo(b.choose(c));
            }
        }

        @Test
        @DisplayName("spreads picks roughly evenly for a fixed seed")
        void roughlyUniform() {
            Map<ServiceInstance, Integer> counts = count(LoadBalancer.random(new Random(7)), instances(4), 4000);
            assertThat(counts).as("each of 4 gets about 1000 of 4000").hasSize(4)
                    .allSatisfy((i, c) -> assertThat(c).isBetween(900, 1100));
        }
    }

    @Nested
    @DisplayName("smooth weighted round robin")
    class Weighted {

        private List<ServiceInstance> weighted(int... weights) {
            List<ServiceInstance> list = new ArrayList<>();
            for (int i = 0; i < weights.length; i++) {
                list.add(ServiceInstance.builder("svc", "w" + i).port(8000 + i).weight(weights[i]).build());
            }
            return List.copyOf(list);
        }

        @Test
        @DisplayName("over one cycle each instance is picked exactly its weight")
        void exactProportions() {
            // Given
            List<ServiceInstance> c = weighted(5, 1, 1);
            LoadBalancer lb = LoadBalancer.weightedRoundRobin();

            // When: three cycles of 7
            Map<ServiceInstance, Integer> counts = count(lb, c, 21);

            // Then
            assertThat(counts.get(c.get(0))).as("weight 5").isEqualTo(15);
            assertThat(counts.get(c.get(1))).as("weight 1").isEqualTo(3);
            assertThat(counts.get(c.get(2))).as("weight 1").isEqualTo(3);
        }

        @Test
        @DisplayName("spreads the heavy instance out like nginx: a a b a c a a")
        void smoothOrder() {
            List<ServiceInstance> c = weighted(5, 1, 1);
            LoadBalancer lb = LoadBalancer.weightedRoundRobin();
            StringBuilder order = new StringBuilder();
            for (int i = 0; i < 7; i++) {
                order.append((char) ('a' + c.indexOf(lb.choose(c).orElseThrow())));
            }
            assertThat(order.toString()).as("nginx's documented sequence for {5, 1, 1}").isEqualTo("aabacaa");
        }

        @Test
        @DisplayName("equal weights behave as round robin")
        void equalWeights() {
            Map<ServiceInstance, Integer> counts = count(LoadBalancer.weightedRoundRobin(), weighted(2, 2, 2), 6);
            assertThat(counts).as("two each").allSatisfy((i, n) -> assertThat(n).isEqualTo(2));
        }

        private String picks(LoadBalancer lb, List<ServiceInstance> all, java.util.function.IntFunction<List<ServiceInstance>> listAt,
                             int n) {
            StringBuilder order = new StringBuilder();
            for (int t = 0; t < n; t++) {
                order.append((char) ('a' + all.indexOf(lb.choose(listAt.apply(t)).orElseThrow())));
            }
            return order.toString();
        }

        @Test
        @DisplayName("nginx: a peer left out keeps its current weight: {1,1,1}, c out every other pick → abcbababcbab")
        void flappingPeerKeepsState() {
            // Given: c is down on every odd pick (nginx skips it and leaves its current_weight alone)
            List<ServiceInstance> all = weighted(1, 1, 1);
            List<ServiceInstance> withoutC = List.of(all.get(0), all.get(1));
            LoadBalancer lb = LoadBalancer.weightedRoundRobin();

            // When / Then: the sequence nginx's ngx_http_upstream_get_peer gives
            assertThat(picks(lb, all, t -> t % 2 == 1 ? withoutC : all, 12)).isEqualTo("abcbababcbab");
        }

        @Test
        @DisplayName("nginx: {2,1,1} with a out for picks 2 and 3 → abcbcaab")
        void peerComesBack() {
            List<ServiceInstance> all = weighted(2, 1, 1);
            List<ServiceInstance> withoutA = List.of(all.get(1), all.get(2));
            LoadBalancer lb = LoadBalancer.weightedRoundRobin();
            assertThat(picks(lb, all, t -> t == 1 || t == 2 ? withoutA : all, 8)).isEqualTo("abcbcaab");
        }

        @Test
        @DisplayName("matches a literal nginx scan over 20,000 picks with random weights and flapping peers")
        void matchesNginxReference() {
            // Given: 12 peers, weights 1..7, a random set of them down at each pick (seeded)
            Random random = new Random(7);
            int[] w = new int[12];
            for (int i = 0; i < w.length; i++) {
                w[i] = 1 + random.nextInt(7);
            }
            List<ServiceInstance> all = weighted(w);
            long[] current = new long[w.length];
            LoadBalancer lb = LoadBalancer.weightedRoundRobin();
            List<ServiceInstance> list = all;
            for (int t = 0; t < 20_000; t++) {
                if (t % 500 == 0) { // a new candidate list now and then, kept for 500 picks
                    List<ServiceInstance> up = new ArrayList<>();
                    for (ServiceInstance i : all) {
                        if (random.nextInt(4) != 0) {
                            up.add(i);
                        }
                    }
                    list = up.isEmpty() ? all : List.copyOf(up);
                }
                // the reference: ngx_http_upstream_get_peer with skipped peers left alone
                int best = -1;
                long total = 0;
                for (int i = 0; i < w.length; i++) {
                    if (!list.contains(all.get(i))) {
                        continue;
                    }
                    current[i] += w[i];
                    total += w[i];
                    if (best < 0 || current[i] > current[best]) {
                        best = i;
                    }
                }
                current[best] -= total;

                // When / Then
                assertThat(lb.choose(list).orElseThrow()).as("pick %d", t).isEqualTo(all.get(best));
            }
        }

        @Test
        @DisplayName("each group keeps its own state: two subsets sharing a peer both get exact shares")
        void perGroupState() {
            // Given: subset x = {a:3, b:1}, subset y = {b:1, c:1}; picks alternate between the subsets
            List<ServiceInstance> all = weighted(3, 1, 1);
            List<ServiceInstance> x = List.of(all.get(0), all.get(1));
            List<ServiceInstance> y = List.of(all.get(1), all.get(2));
            LoadBalancer lb = LoadBalancer.weightedRoundRobin();
            StringBuilder xs = new StringBuilder();
            StringBuilder ys = new StringBuilder();

            // When
            for (int i = 0; i < 8; i++) {
                xs.append((char) ('a' + all.indexOf(lb.choose("x", x).orElseThrow())));
                ys.append((char) ('a' + all.indexOf(lb.choose("y", y).orElseThrow())));
            }

            // Then: each as if alone: {3,1} → aaba, {1,1} → bc
            assertThat(xs.toString()).isEqualTo("aabaaaba");
            assertThat(ys.toString()).isEqualTo("bcbcbcbc");
        }

        @Test
        @DisplayName("10,000 peers: a pick on an unchanged list follows the precomputed cycle exactly")
        void largeCycle() {
            List<ServiceInstance> all = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                all.add(ServiceInstance.builder("svc", String.format("p%05d", i)).port(8080).weight(i % 5 + 1).build());
            }
            List<ServiceInstance> list = List.copyOf(all);
            LoadBalancer lb = LoadBalancer.weightedRoundRobin();
            Map<ServiceInstance, Integer> counts = count(lb, list, 30_000 * 2);
            assertThat(counts).as("two cycles: each peer exactly twice its weight")
                    .allSatisfy((i, n) -> assertThat(n).isEqualTo(2 * i.weight()));
        }

        @Test
        @DisplayName("8 threads picking at once (the first picks racing to build the cycle) keep exact weighted shares")
        void concurrentWeightedShares() throws Exception {
            // Given: weights 5, 1, 1 (cycle of 7); 8 threads × 700 picks = 800 cycles
            List<ServiceInstance> c = weighted(5, 1, 1);
            LoadBalancer lb = LoadBalancer.weightedRoundRobin();
            int threads = 8;
            int perThread = 700;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CyclicBarrier start = new CyclicBarrier(threads);
            Map<String, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();
            List<Future<?>> futures = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            counts.computeIfAbsent(lb.choose(c).orElseThrow().instanceId(),
                                    k -> new AtomicInteger()).incrementAndGet();
                        }
                        return null;
                    }));
                }
                // When
                for (Future<?> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            // Then
            assertThat(counts.get("w0")).as("weight 5").hasValue(800 * 5);
            assertThat(counts.get("w1")).as("weight 1").hasValue(800);
            assertThat(counts.get("w2")).as("weight 1").hasValue(800);
        }

        @Test
        @DisplayName("a weight of 0 or less from a custom weigher is rejected")
        void badWeight() {
            LoadBalancer lb = LoadBalancer.weightedRoundRobin(i -> i.instanceId().equals("i1") ? 0 : 1);
            assertThatIllegalArgumentException().isThrownBy(() -> lb.choose(instances(3)))
                    .withMessageContaining("must be in [1, 2147483647], but was 0");
        }
    }

    @Nested
    @DisplayName("least request")
    class LeastRequest {

        @Test
        @DisplayName("of two choices, picks the one with fewer outstanding requests")
        void powerOfTwo() {
            // Given: i0 is busy, every other instance idle
            List<ServiceInstance> c = instances(2);
            LoadBalancer lb = LoadBalancer.leastRequest(i -> i.instanceId().equals("i0") ? 10 : 0, new Random(3));

            // When
            Map<ServiceInstance, Integer> counts = count(lb, c, 100);

            // Then
            assertThat(counts).as("the idle instance always wins against the busy one")
                    .containsOnlyKeys(c.get(1));
        }

        @Test
        @DisplayName("the busiest instance is never picked by two distinct choices")
        void busiestNeverPicked() {
            List<ServiceInstance> c = instances(5);
            LoadBalancer lb = LoadBalancer.leastRequest(i -> i.instanceId().equals("i2") ? 100 : 1, new Random(9));
            Map<ServiceInstance, Integer> counts = count(lb, c, 500);
            assertThat(counts).as("picks").doesNotContainKey(c.get(2)).hasSize(4);
        }

        @Test
        @DisplayName("with a choice count covering all candidates, picks the least loaded")
        void fullScan() {
            List<ServiceInstance> c = instances(4);
            Map<String, Integer> load = Map.of("i0", 5, "i1", 3, "i2", 1, "i3", 4);
            LoadBalancer lb = LoadBalancer.leastRequest(i -> load.get(i.instanceId()), new Random(1), 10);
            for (int k = 0; k < 20; k++) {
                assertThat(lb.choose(c).orElseThrow().instanceId()).as("least loaded").isEqualTo("i2");
            }
        }

        @Test
        @DisplayName("rejects a choice count below 2")
        void badChoiceCount() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> LoadBalancer.leastRequest(i -> 0, new Random(1), 1))
                    .withMessage("choiceCount must be in [2, 2147483647], but was 1");
        }
    }

    @Nested
    @DisplayName("zone preference")
    class Zones {

        private final ServiceInstance a1 = ServiceInstance.builder("svc", "a1").port(1).zone("a").build();
        private final ServiceInstance a2 = ServiceInstance.builder("svc", "a2").port(2).zone("a").build();
        private final ServiceInstance b1 = ServiceInstance.builder("svc", "b1").port(3).zone("b").build();

        @Test
        @DisplayName("picks only instances of the local zone when there are some")
        void local() {
            Map<ServiceInstance, Integer> counts =
                    count(LoadBalancer.zonePreference("a", LoadBalancer.roundRobin()), List.of(a1, a2, b1), 10);
            assertThat(counts).as("only zone a, evenly").containsOnlyKeys(a1, a2)
                    .allSatisfy((i, n) -> assertThat(n).isEqualTo(5));
        }

        @Test
        @DisplayName("falls back to all instances when none is in the local zone")
        void fallback() {
            Map<ServiceInstance, Integer> counts =
                    count(LoadBalancer.zonePreference("c", LoadBalancer.roundRobin()), List.of(a1, a2, b1), 9);
            assertThat(counts).as("all zones").containsOnlyKeys(a1, a2, b1);
        }
    }
}
