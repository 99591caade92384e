package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.policy.Policy;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ServiceClient: routing → outlier filtering → load balancing → pool limit → decorated call")
class ServiceClientTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).scheduler(scheduler)
            .defaultLeaseTtl(Duration.ZERO).build();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final ServiceInstance v1a = ServiceInstance.builder("users", "a").host("10.0.0.1").port(80)
            .version("v1").build();
    private final ServiceInstance v1b = ServiceInstance.builder("users", "b").host("10.0.0.2").port(80)
            .version("v1").build();
    private final ServiceInstance v2 = ServiceInstance.builder("users", "c").host("10.0.0.3").port(80)
            .version("v2").build();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        registry.close();
    }

    private void registerAll() {
        registry.register(v1a);
        registry.register(v1b);
        registry.register(v2);
    }

    private static TrafficRouter canaryRouter() {
        return TrafficRouter.builder()
                .subset("v1", Map.of("version", "v1"))
                .subset("v2", Map.of("version", "v2"))
                .route(Route.when(RouteMatch.header("canary", "true")).to("v2"))
                .route(Route.always().split("v1", 90).split("v2", 10))
                .random(new Random(42))
                .build();
    }

    /** Classifies an Integer result as an HTTP status. */
    private static final OutcomeClassifier STATUS = (result, error) ->
            error != null ? CallOutcome.LOCAL_ORIGIN_ERROR
                    : result instanceof Integer code ? CallOutcome.ofHttpStatus(code) : CallOutcome.SUCCESS;

    @Test
    @DisplayName("the course's canary: header to v2, otherwise 90/10 over the v1 and v2 instances")
    void canary() throws Exception {
        // Given
        registerAll();
        ServiceClient client = ServiceClient.builder(registry, "users").router(canaryRouter()).build();

        // When
        Map<String, Integer> plain = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            plain.merge(client.call(instance -> instance.version()), 1, Integer::sum);
        }
        List<String> flagged = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            flagged.add(client.call(RequestAttributes.of("canary", "true"), instance -> instance.instanceId()));
        }

        // Then
        assertThat(plain.get("v2")).as("v2 share of 2000 without the header (10 % ± 2 %)").isBetween(160, 240);
        assertThat(flagged).as("every flagged request goes to the v2 instance").containsOnly("c");
    }

    @Test
    @DisplayName("failing calls eject the instance, and later calls avoid it")
    void outlierEjection() throws Exception {
        // Given
        registerAll();
        OutlierDetector detector = OutlierDetector.builder(OutlierDetectionConfig.builder().maxEjectionPercent(50).build()).timeSource(time).build();
        ServiceClient client = ServiceClient.builder(registry, "users").outlierDetector(detector)
                .outcomeClassifier(STATUS).build();

        // When: instance a answers 503 to everything, the others 200
        for (int i = 0; i < 30; i++) {
            client.call(instance -> instance.instanceId().equals("a") ? 503 : 200);
        }

        // Then
        assertThat(detector.isEjected(v1a)).as("a ejected after 5 consecutive 503s").isTrue();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            after.add(client.call(ServiceInstance::instanceId));
        }
        assertThat(after).as("calls after the ejection").doesNotContain("a").contains("b", "c");
    }

    @Test
    @DisplayName("an exception from the call counts as a local-origin failure and is rethrown")
    void exceptionsRecorded() {
        // Given
        registry.register(v1a);
        OutlierDetector detector = OutlierDetector.builder(OutlierDetectionConfig.builder()
                .alwaysEjectOneHost(true).build()).timeSource(time).build();
        ServiceClient client = ServiceClient.builder(registry, "users").outlierDetector(detector).build();

        // When
        for (int i = 0; i < 5; i++) {
            assertThatExceptionOfType(IOException.class).as("call " + i).isThrownBy(() -> client.call(instance -> {
                throw new IOException("connection refused");
            }));
        }

        // Then
        assertThat(detector.isEjected(v1a)).as("ejected after 5 exceptions").isTrue();
    }

    @Test
    @DisplayName("a classifier that throws does not break the call or lose its result")
    void throwingClassifier() throws Exception {
        registry.register(v1a);
        ServiceClient client = ServiceClient.builder(registry, "users")
                .outlierDetector(OutlierDetector.builder().timeSource(time).build())
                .outcomeClassifier((result, error) -> {
                    throw new IllegalStateException("classifier bug");
                }).build();
        String result = client.call(instance -> "answer");
        assertThat(result).as("the call's result survives").isEqualTo("answer");
    }

    @Test
    @DisplayName("only passing instances are called; none passing is a clear error")
    void passingOnly() {
        // Given: an instance whose TTL check was never reported (critical)
        registry.register(Registration.of(v1a).withCheck(HealthCheck.ttl("heartbeat", Duration.ofSeconds(10)).build()));
        ServiceClient client = ServiceClient.builder(registry, "users").build();

        // When / Then
        assertThatExceptionOfType(NoInstanceAvailableException.class).isThrownBy(() -> client.call(i -> i))
                .withMessageContaining("no available instance of service 'users'")
                .withMessageContaining("1 registered");
        ServiceClient anyHealth = ServiceClient.builder(registry, "users").passingOnly(false).build();
        assertThat(anyHealth.choose(RequestAttributes.empty())).as("passingOnly(false) sees it").isEqualTo(v1a);
    }

    @Test
    @DisplayName("a request no route matches fails with NoRouteException")
    void noRoute() {
        registerAll();
        TrafficRouter strict = TrafficRouter.builder().subset("v2", Map.of("version", "v2"))
                .route(Route.when(RouteMatch.header("canary", "true")).to("v2")).build();
        ServiceClient client = ServiceClient.builder(registry, "users").router(strict).build();
        assertThatExceptionOfType(NoRouteException.class).isThrownBy(() -> client.call(i -> i))
                .withMessageContaining("no route of service 'users'");
    }

    @Test
    @DisplayName("a full pool fails fast without calling the instance")
    void poolFailFast() throws Exception {
        // Given: one instance, 2 concurrent requests, nothing pending
        registry.register(v1a);
        ServiceClient client = ServiceClient.builder(registry, "users")
                .connectionPool(ConnectionPoolSettings.failFast(2)).build();
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Object>> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(threads.submit(() -> client.call(instance -> {
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
                return instance;
            })));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("two calls running").isTrue();

        // When / Then
        AtomicInteger reached = new AtomicInteger();
        assertThatExceptionOfType(PoolOverflowException.class).isThrownBy(() -> client.call(instance -> {
            reached.incrementAndGet();
            return instance;
        })).withMessageContaining("10.0.0.1:80");
        assertThat(reached).as("the third call never ran").hasValue(0);
        assertThat(client.inFlight(v1a)).as("in flight").isEqualTo(2);

        release.countDown();
        for (Future<Object> f : running) {
            f.get(10, TimeUnit.SECONDS);
        }
        String again = client.call(instance -> "ok");
        assertThat(again).as("slots are given back").isEqualTo("ok");
    }

    @Test
    @DisplayName("beyond max concurrent, up to max pending wait; beyond that, fail fast")
    void poolPending() throws Exception {
        // Given: 1 concurrent, 1 pending
        registry.register(v1a);
        ServiceClient client = ServiceClient.builder(registry, "users")
                .connectionPool(ConnectionPoolSettings.of(1, 1, Duration.ofSeconds(30))).build();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> first = threads.submit(() -> client.call(instance -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "first";
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Object> second = threads.submit(() -> client.call(instance -> "second"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.pending(v1a) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(client.pending(v1a)).as("the second call is pending").isEqualTo(1);

        // When / Then: a third finds the pending place taken
        assertThatExceptionOfType(PoolOverflowException.class).isThrownBy(() -> client.call(i -> "third"))
                .withMessageContaining("pending");

        // When: the first finishes, the pending one runs
        release.countDown();

        // Then
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.get(10, TimeUnit.SECONDS)).as("the pending call ran").isEqualTo("second");
    }

    @Test
    @DisplayName("a pending call whose wait runs out fails with the bulkhead's rejection as cause")
    void pendingWaitRunsOut() throws Exception {
        // Given: 1 concurrent, 1 pending that waits at most 1 ms
        registry.register(v1a);
        ServiceClient client = ServiceClient.builder(registry, "users")
                .connectionPool(ConnectionPoolSettings.of(1, 1, Duration.ofMillis(1))).build();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> holder = threads.submit(() -> client.call(instance -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "held";
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        // When / Then
        assertThatExceptionOfType(PoolOverflowException.class).isThrownBy(() -> client.call(i -> "late"))
                .withMessageContaining("no slot became free within PT0.001S")
                .withCauseInstanceOf(dev.microlab.core.bulkhead.BulkheadFullException.class);
        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
    }

    @Test
    @DisplayName("bad pool settings are refused with the field and the range named")
    void badPoolSettings() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionPoolSettings.of(0, 0, Duration.ZERO))
                .withMessage("maxConcurrentRequests must be in [1, 1000000], but was 0");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionPoolSettings.of(1, -1, Duration.ZERO))
                .withMessage("maxPendingRequests must be in [0, 1000000], but was -1");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> ConnectionPoolSettings.of(1, 1, Duration.ofMillis(-1)))
                .withMessage("maxPendingWait must be >= 0, but was PT-0.001S");
    }

    @Test
    @DisplayName("in-flight requests per instance never exceed the pool limit under contention")
    void poolLimitUnderContention() throws Exception {
        // Given
        registry.register(v1a);
        registry.register(v1b);
        int limit = 3;
        ServiceClient client = ServiceClient.builder(registry, "users")
                .connectionPool(ConnectionPoolSettings.failFast(limit)).build();
        Map<String, AtomicInteger> current = Map.of("a", new AtomicInteger(), "b", new AtomicInteger());
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger overflow = new AtomicInteger();
        int workers = 12;
        int callsEach = 300;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();

        // When
        for (int w = 0; w < workers; w++) {
            futures.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < callsEach; i++) {
                    try {
                        client.call(instance -> {
                            int now = current.get(instance.instanceId()).incrementAndGet();
                            maxSeen.accumulateAndGet(now, Math::max);
                            Thread.yield();
                            current.get(instance.instanceId()).decrementAndGet();
                            return null;
                        });
                        ok.incrementAndGet();
                    } catch (PoolOverflowException e) {
                        overflow.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }

        // Then
        assertThat(maxSeen.get()).as("most concurrent calls seen on one instance").isLessThanOrEqualTo(limit);
        assertThat(ok.get() + overflow.get()).as("every call either ran or overflowed").isEqualTo(workers * callsEach);
        assertThat(client.inFlight(v1a) + client.inFlight(v1b)).as("nothing left in flight").isZero();
    }

    @Test
    @DisplayName("the decorator wraps the whole attempt, so a retry picks another instance")
    void decoratorRetriesWholeAttempt() throws Exception {
        // Given: a one-retry decorator, and instance a that always fails
        registry.register(v1a);
        registry.register(v1b);
        AtomicInteger attempts = new AtomicInteger();
        CallDecorator retryOnce = attempt -> () -> {   // a lambda: the method is not generic
            try {
                attempts.incrementAndGet();
                return attempt.get();
            } catch (IOException e) {
                attempts.incrementAndGet();
                return attempt.get();
            }
        };
        ServiceClient client = ServiceClient.builder(registry, "users").callDecorator(retryOnce).build();
        List<String> called = new ArrayList<>();

        // When
        String result = client.call(instance -> {
            called.add(instance.instanceId());
            if (instance.instanceId().equals("a")) {
                throw new IOException("a is down");
            }
            return "from " + instance.instanceId();
        });

        // Then
        assertThat(result).isEqualTo("from b");
        assertThat(called).as("instances tried").containsExactly("a", "b");
        assertThat(attempts).as("attempts made by the decorator").hasValue(2);
    }

    @Test
    @DisplayName("any core Policy plugs in as a decorator")
    void policyDecorator() throws Exception {
        // Given: a policy that counts the calls it decorates
        registry.register(v1a);
        AtomicInteger decorated = new AtomicInteger();
        Policy counting = new Policy() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call) {
                return () -> {
                    decorated.incrementAndGet();
                    return call.get();
                };
            }

            @Override
            public <T> Supplier<CompletionStage<T>> decorateAsync(Supplier<CompletionStage<T>> call) {
                return call;
            }
        };
        ServiceClient client = ServiceClient.builder(registry, "users")
                .callDecorator(CallDecorator.of(counting).andThen(CallDecorator.identity())).build();

        // When
        client.call(instance -> "x");
        client.call(instance -> "y");

        // Then
        assertThat(decorated).as("calls through the policy").hasValue(2);
    }

    @Test
    @DisplayName("least request with shared in-flight counters avoids the busy instance")
    void leastRequestWiring() throws Exception {
        // Given: a call holds instance a
        registry.register(v1a);
        registry.register(v1b);
        InFlightRequests inFlight = new InFlightRequests();
        ServiceClient client = ServiceClient.builder(registry, "users").inFlightRequests(inFlight)
                .loadBalancer(LoadBalancer.leastRequest(inFlight::get, new Random(1))).build();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hold = new AtomicInteger();
        Future<Object> busy = threads.submit(() -> client.call(instance -> {
            hold.set(instance.instanceId().equals("a") ? 0 : 1);
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return instance.instanceId();
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        String busyId = hold.get() == 0 ? "a" : "b";

        // When
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            picks.add(client.call(ServiceInstance::instanceId));
        }

        // Then
        assertThat(picks).as("picks while " + busyId + " is busy").doesNotContain(busyId);
        release.countDown();
        busy.get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("nginx per upstream: through one client, the 90/10 subsets each get their exact weighted shares")
    void weightedSharesPerSubset() {
        // Given: v1 = {a:3, b:1}, v2 = {c:1, d:1}; the 90/10 split picks a subset per call
        ServiceInstance a = ServiceInstance.builder("users", "a").host("10.0.0.1").port(80).version("v1").weight(3)
                .build();
        ServiceInstance b = ServiceInstance.builder("users", "b").host("10.0.0.2").port(80).version("v1").build();
        ServiceInstance c = ServiceInstance.builder("users", "c").host("10.0.0.3").port(80).version("v2").build();
        ServiceInstance d = ServiceInstance.builder("users", "d").host("10.0.0.4").port(80).version("v2").build();
        List.of(a, b, c, d).forEach(registry::register);
        ServiceClient client = ServiceClient.builder(registry, "users").router(canaryRouter())
                .loadBalancer(LoadBalancer.weightedRoundRobin()).build();
        StringBuilder v1 = new StringBuilder();
        StringBuilder v2 = new StringBuilder();

        // When
        for (int i = 0; i < 400; i++) {
            ServiceInstance chosen = client.choose(RequestAttributes.empty());
            (chosen.version().equals("v1") ? v1 : v2).append(chosen.instanceId());
        }

        // Then: each subset's picks are nginx's cycle for its own weights, uninterrupted by the other's
        assertThat(v1.length()).as("about 90 %").isBetween(330, 390);
        assertThat(v1.toString()).isEqualTo("aaba".repeat(100).substring(0, v1.length()));
        assertThat(v2.toString()).isEqualTo("cd".repeat(50).substring(0, v2.length()));
    }

    // ------------------------------------------------------------ resilience per instance

    /** A retry decorator written as a lambda: up to {@code attempts} attempts on IOException. */
    private static CallDecorator retry(int attempts) {
        return attempt -> () -> {
            for (int i = 1; ; i++) {
                try {
                    return attempt.get();
                } catch (IOException e) {
                    if (i == attempts) {
                        throw e;
                    }
                }
            }
        };
    }

    /** A minimal count-based breaker on the manual clock: 3 failures open it for 30 s, one trial. */
    private final class TestBreaker implements InstanceCircuitBreaker {
        String state = "CLOSED";
        int consecutiveFailures;
        long openedAt;
        boolean trialOut;
        int trials;
        int errors;
        int rejections;

        @Override
        public synchronized boolean tryAcquirePermission() {
            if (state.equals("OPEN") && time.nanoTime() - openedAt >= Duration.ofSeconds(30).toNanos()) {
                state = "HALF_OPEN"; // lazily, when asked: no scheduler
                trialOut = false;
            }
            if (state.equals("CLOSED")) {
                return true;
            }
            if (state.equals("HALF_OPEN") && !trialOut) {
                trialOut = true;
                trials++;
                return true;
            }
            rejections++;
            return false;
        }

        @Override
        public synchronized void releasePermission() {
            trialOut = false;
        }

        @Override
        public synchronized void onSuccess(long durationNanos) {
            state = "CLOSED";
            consecutiveFailures = 0;
        }

        @Override
        public synchronized void onError(long durationNanos, Throwable error) {
            errors++;
            consecutiveFailures++;
            if (state.equals("HALF_OPEN") || consecutiveFailures >= 3) {
                state = "OPEN";
                openedAt = time.nanoTime();
            }
        }
    }

    @Test
    @DisplayName("3 instances, one down: per-instance breakers + retry → 300 calls, 0 failures; it is probed and rejoins")
    void breakerPerInstance() throws Exception {
        // Given: c is down until call 150; a breaker per instance; a 2-attempt retry; no scheduler
        ServiceInstance a = ServiceInstance.of("users", "a", "10.0.0.1", 80);
        ServiceInstance b = ServiceInstance.of("users", "b", "10.0.0.2", 80);
        ServiceInstance c = ServiceInstance.of("users", "c", "10.0.0.3", 80);
        List.of(a, b, c).forEach(registry::register);
        Map<String, TestBreaker> breakers = new HashMap<>();
        ServiceClient client = ServiceClient.builder(registry, "users")
                .circuitBreakerPerInstance(instance -> breakers.computeIfAbsent(instance.instanceId(),
                        id -> new TestBreaker()))
                .callDecorator(retry(2))
                .timeSource(time)
                .build();
        AtomicInteger callNumber = new AtomicInteger();
        Map<String, Integer> answeredByC = new HashMap<>();
        int failures = 0;

        // When: 300 calls, one per second
        for (int i = 0; i < 300; i++) {
            callNumber.set(i);
            try {
                client.call(instance -> {
                    if (instance.instanceId().equals("c")) {
                        if (callNumber.get() < 150) {
                            throw new IOException("c is down");
                        }
                        answeredByC.merge(callNumber.get() < 200 ? "150-199" : "200-299", 1, Integer::sum);
                    }
                    return instance.instanceId();
                });
            } catch (Exception e) {
                failures++;
            }
            time.advance(Duration.ofSeconds(1));
        }

        // Then
        TestBreaker cb = breakers.get("c");
        assertThat(failures).as("failures seen by the caller").isZero();
        assertThat(cb.trials).as("c probed again after each 30 s wait (half-open trials)").isGreaterThanOrEqualTo(4);
        assertThat(cb.errors).as("only real calls to c count as its failures, not the rejections")
                .isEqualTo(3 + cb.trials - 1);
        assertThat(cb.rejections).as("c was skipped while open").isPositive();
        assertThat(cb.state).as("c's breaker after it healed").isEqualTo("CLOSED");
        assertThat(answeredByC.get("200-299")).as("c rejoined: about a third of the last 100 calls")
                .isBetween(30, 37);
    }

    @Test
    @DisplayName("a retry goes to an instance the call has not tried yet (Envoy's previous_hosts)")
    void retryMovesToAnotherInstance() throws Exception {
        // Given: a balancer that always prefers the first candidate, and a is down
        registry.register(v1a);
        registry.register(v1b);
        ServiceClient client = ServiceClient.builder(registry, "users").callDecorator(retry(2))
                .loadBalancer(list -> list.stream().findFirst()).build();
        List<String> called = new ArrayList<>();

        // When
        String result = client.call(instance -> {
            called.add(instance.instanceId());
            if (instance.instanceId().equals("a")) {
                throw new IOException("a is down");
            }
            return instance.instanceId();
        });

        // Then
        assertThat(called).containsExactly("a", "b");
        assertThat(result).isEqualTo("b");
    }

    @Test
    @DisplayName("the instance decorator and the classifier are told which instance is called")
    void instanceHooks() throws Exception {
        // Given
        registerAll();
        List<String> decorated = new ArrayList<>();
        List<String> classified = new ArrayList<>();
        OutlierDetector detector = OutlierDetector.builder().timeSource(time).build();
        ServiceClient client = ServiceClient.builder(registry, "users")
                .outlierDetector(detector)
                .instanceDecorator((instance, call) -> () -> {
                    decorated.add(instance.instanceId());
                    return call.get();
                })
                .outcomeClassifier(OutcomeClassifier.forInstance((instance, result, error) -> {
                    classified.add(instance.instanceId());
                    return CallOutcome.SUCCESS;
                }))
                .build();

        // When
        for (int i = 0; i < 3; i++) {
            client.call(instance -> "ok");
        }

        // Then
        assertThat(decorated).containsExactly("a", "b", "c");
        assertThat(classified).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("Envoy's panic: with healthyPanicThreshold, instances failing checks are used when too few are healthy")
    void envoyPanicIncludesFailingChecks() throws Exception {
        // Given: 3 instances, 2 of them critical (a TTL check never reported); threshold 50 %
        registry.register(v1a);
        HealthCheck ttl = HealthCheck.ttl("ttl", Duration.ofSeconds(10)).build();
        registry.register(Registration.of(v1b).withCheck(ttl));
        registry.register(Registration.of(v2).withCheck(ttl));
        ServiceClient envoy = ServiceClient.builder(registry, "users").healthyPanicThreshold(50).build();
        ServiceClient ours = ServiceClient.builder(registry, "users").build();

        // When
        List<String> envoyPicks = new ArrayList<>();
        List<String> ourPicks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            envoyPicks.add(envoy.choose(RequestAttributes.empty()).instanceId());
            ourPicks.add(ours.choose(RequestAttributes.empty()).instanceId());
        }

        // Then: 1 of 3 healthy is 33 % < 50 %: Envoy load-balances over all three
        assertThat(envoyPicks).containsExactly("a", "b", "c");
        assertThat(ourPicks).as("default: passing instances only").containsExactly("a", "a", "a");

        // When: the threshold is 0 (Istio's minHealthPercent default)
        ServiceClient istio = ServiceClient.builder(registry, "users").healthyPanicThreshold(0).build();

        // Then
        assertThat(istio.choose(RequestAttributes.empty()).instanceId()).isEqualTo("a");
        assertThat(istio.choose(RequestAttributes.empty()).instanceId()).isEqualTo("a");
    }
}
