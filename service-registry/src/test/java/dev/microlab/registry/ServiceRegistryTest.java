package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.registry.RegistryEvent.RemovalReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ServiceRegistry: registration, leases, eviction, self-preservation, watch")
class ServiceRegistryTest {

    private static final Duration TTL = Duration.ofSeconds(90);
    private static final Duration EVICTION = Duration.ofSeconds(60);

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final List<RegistryEvent> events = new ArrayList<>();
    private ServiceRegistry registry = ServiceRegistry.builder()
            .timeSource(time).scheduler(scheduler)
            .defaultLeaseTtl(TTL).evictionInterval(EVICTION)
            .build();

    {
        registry.eventPublisher().subscribe(events::add);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private static ServiceInstance instance(String id) {
        return ServiceInstance.of("orders", id, "10.0.0." + id.hashCode() % 200, 8080);
    }

    private static ServiceInstance instance(String id, int port) {
        return ServiceInstance.of("orders", id, "10.0.0.1", port);
    }

    // ------------------------------------------------------------ registration and discovery

    @Test
    @DisplayName("a registered instance is discoverable and passing; a deregistered one is gone")
    void registerDeregister() {
        // Given
        ServiceInstance a = instance("a", 8001);

        // When
        registry.register(a);

        // Then
        assertThat(registry.passingInstances("orders")).as("passing after register").containsExactly(a);
        assertThat(registry.services()).as("known services").containsExactly("orders");

        // When
        assertThat(registry.deregister("orders", "a")).as("deregister reports it existed").isTrue();

        // Then
        assertThat(registry.instances("orders")).as("instances after deregister").isEmpty();
        assertThat(registry.deregister("orders", "a")).as("second deregister finds nothing").isFalse();
        assertThat(events).as("events").hasSize(2);
        assertThat(events.get(1)).isInstanceOfSatisfying(RegistryEvent.InstanceDeregistered.class,
                e -> assertThat(e.reason()).isEqualTo(RemovalReason.DEREGISTERED));
    }

    @Test
    @DisplayName("discovery filters by metadata labels")
    void metadataFilter() {
        // Given
        ServiceInstance v1 = ServiceInstance.builder("orders", "a").port(8001).version("v1").zone("z1").build();
        ServiceInstance v2 = ServiceInstance.builder("orders", "b").port(8002).version("v2").zone("z1").build();
        registry.register(v1);
        registry.register(v2);

        // Then
        assertThat(registry.select("orders", true, Map.of("version", "v2"))).as("v2 only").containsExactly(v2);
        assertThat(registry.select("orders", false, Map.of("zone", "z1"))).as("zone z1").containsExactly(v1, v2);
        assertThat(registry.select("orders", true, Map.of("version", "v3"))).as("no v3").isEmpty();
    }

    @Test
    @DisplayName("registering the same instance id at another address is refused with both addresses named")
    void duplicateIdDifferentAddress() {
        // Given
        registry.register(instance("a", 8001));

        // When / Then
        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(instance("a", 9999)))
                .withMessageContaining("instanceId 'a' of service 'orders' is already registered at 10.0.0.1:8001")
                .withMessageContaining("10.0.0.1:9999");
        assertThat(registry.instances("orders")).as("the original stays").containsExactly(instance("a", 8001));
    }

    @Test
    @DisplayName("registering the same id at the same address replaces its metadata")
    void reRegisterReplaces() {
        // Given
        registry.register(instance("a", 8001));
        ServiceInstance updated = ServiceInstance.builder("orders", "a").host("10.0.0.1").port(8001)
                .version("v2").build();

        // When
        registry.register(updated);

        // Then
        assertThat(registry.instances("orders")).as("one instance with new metadata").containsExactly(updated);
        assertThat(events.get(1)).isInstanceOfSatisfying(RegistryEvent.InstanceRegistered.class,
                e -> assertThat(e.replaced()).as("marked as replaced").isTrue());
    }

    @Test
    @DisplayName("every change gives a snapshot with a higher index; other services keep theirs")
    void indexGrows() {
        // Given
        long first = registry.register(instance("a", 8001));
        ServiceSnapshot payments = registry.snapshot("payments");

        // When
        long second = registry.register(instance("b", 8002));

        // Then
        assertThat(second).as("index after second change").isGreaterThan(first);
        assertThat(registry.snapshot("orders").index()).as("snapshot index").isEqualTo(second);
        assertThat(payments.index()).as("unknown service index (Consul's minimum, 1)")
                .isEqualTo(ServiceRegistry.FIRST_INDEX);
        assertThat(registry.snapshot("payments").index()).as("untouched service index")
                .isEqualTo(ServiceRegistry.FIRST_INDEX);
        assertThat(first).as("the first change is past the first index").isGreaterThan(ServiceRegistry.FIRST_INDEX);
    }

    @Test
    @DisplayName("a renewal of an unknown instance returns false so the client registers again")
    void renewUnknown() {
        assertThat(registry.renew("orders", "ghost")).as("renew unknown").isFalse();
    }

    @Test
    @DisplayName("a negative lease is refused")
    void negativeLease() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Registration.of(instance("a", 1)).withLeaseTtl(Duration.ofSeconds(-1)))
                .withMessageContaining("leaseTtl must be in [0, PT8760H]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServiceRegistry.builder().defaultLeaseTtl(Duration.ofSeconds(-5)))
                .withMessageContaining("defaultLeaseTtl must be in [0, PT8760H]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Registration.of(instance("a", 1)).withLeaseTtl(Duration.ofDays(400)))
                .withMessage("leaseTtl must be in [0, PT8760H] (0 means no lease), but was PT9600H");
    }

    // ------------------------------------------------------------ leases and eviction

    @Test
    @DisplayName("an instance is never evicted before lastRenew + ttl")
    void noEvictionBeforeLeaseEnd() {
        // Given: renewed at 30 s, lease ends at 120 s
        ServiceRegistry manual = ServiceRegistry.builder().timeSource(time).defaultLeaseTtl(TTL)
                .selfPreservation(false).build();
        manual.register(instance("a", 8001));
        time.advance(Duration.ofSeconds(30));
        manual.renew("orders", "a");

        // When: one nanosecond before the end
        time.advance(TTL.minusNanos(1));
        EvictionReport before = manual.evictExpired();

        // Then
        assertThat(before.evicted()).as("evicted 1 ns before lease end").isEmpty();

        // When: exactly at the end
        time.advanceNanos(1);
        EvictionReport at = manual.evictExpired();

        // Then
        assertThat(at.evicted()).as("evicted at lastRenew + ttl").containsExactly(instance("a", 8001));
    }

    @Test
    @DisplayName("the scheduled eviction removes an expired instance within ttl + eviction interval")
    void evictionWithinTtlPlusInterval() {
        // Given
        ServiceRegistry noPreservation = ServiceRegistry.builder().timeSource(time).scheduler(scheduler)
                .defaultLeaseTtl(TTL).evictionInterval(EVICTION).selfPreservation(false).build();
        List<RegistryEvent> seen = new ArrayList<>();
        noPreservation.eventPublisher().subscribe(seen::add);
        time.advance(Duration.ofSeconds(7));   // not aligned with the eviction ticks
        noPreservation.register(instance("a", 8001));
        long registeredAt = time.nanoTime();

        // When
        scheduler.advance(TTL.plus(EVICTION));

        // Then
        assertThat(noPreservation.instances("orders")).as("gone within ttl + interval").isEmpty();
        RegistryEvent.InstanceDeregistered gone = seen.stream()
                .filter(RegistryEvent.InstanceDeregistered.class::isInstance)
                .map(RegistryEvent.InstanceDeregistered.class::cast).findFirst().orElseThrow();
        assertThat(gone.reason()).as("reason").isEqualTo(RemovalReason.LEASE_EXPIRED);
        noPreservation.close();
        assertThat(registeredAt).as("registered after the clock moved").isPositive();
    }

    @Test
    @DisplayName("renewing keeps an instance registered indefinitely")
    void renewalsKeepAlive() {
        // Given
        registry.register(instance("a", 8001));

        // When: renew every 30 s for 10 minutes
        for (int i = 0; i < 20; i++) {
            scheduler.advance(Duration.ofSeconds(30));
            registry.renew("orders", "a");
        }

        // Then
        assertThat(registry.instances("orders")).as("still registered").hasSize(1);
    }

    @Test
    @DisplayName("an instance without a lease is never evicted")
    void noLeaseNoEviction() {
        // Given
        registry.register(Registration.of(instance("a", 8001)).withoutLease());

        // When
        scheduler.advance(Duration.ofHours(1));

        // Then
        assertThat(registry.instances("orders")).as("lease-less instance stays").hasSize(1);
    }

    private ServiceRegistry silentRegistry(ServiceRegistry.Builder builder, int instances) {
        ServiceRegistry r = builder.timeSource(time).defaultLeaseTtl(TTL).selfPreservation(false).build();
        for (int i = 0; i < instances; i++) {
            r.register(instance(String.format("s%02d", i), 8000 + i));
        }
        time.advance(TTL);
        return r;
    }

    @Test
    @DisplayName("one eviction run evicts at most size − 85 % of size, as Eureka does; the rest wait")
    void evictionLimit() {
        // Given: 20 instances whose leases all expired
        ServiceRegistry r = silentRegistry(ServiceRegistry.builder().random(new java.util.Random(7)), 20);

        // When
        EvictionReport first = r.evictExpired();

        // Then: 20 - (int) (20 × 0.85) = 3
        assertThat(first.evicted()).as("evicted by the first run").hasSize(3);
        assertThat(first.deferredByLimit()).as("left for later runs").isEqualTo(17);

        // When: more runs drain the rest
        int runs = 1;
        while (!r.instances("orders").isEmpty()) {
            r.evictExpired();
            runs++;
        }

        // Then
        assertThat(runs).as("runs needed to drain 20 expired instances").isGreaterThan(2);
    }

    @Test
    @DisplayName("without the eviction limit one run evicts every expired instance")
    void evictionLimitOff() {
        ServiceRegistry r = silentRegistry(ServiceRegistry.builder().evictionLimit(false), 20);
        assertThat(r.evictExpired().evicted()).as("all at once").hasSize(20);
    }

    @Test
    @DisplayName("a limited run picks its victims from the seeded random source")
    void evictionLimitSeeded() {
        List<ServiceInstance> a = silentRegistry(ServiceRegistry.builder().random(new java.util.Random(3)), 20)
                .evictExpired().evicted();
        List<ServiceInstance> b = silentRegistry(ServiceRegistry.builder().random(new java.util.Random(3)), 20)
                .evictExpired().evicted();
        assertThat(a).as("same seed, same victims").isEqualTo(b);
    }

    // ------------------------------------------------------------ self-preservation

    @Test
    @DisplayName("self-preservation keeps expired instances when renewals drop below the threshold, and is observable")
    void selfPreservation() {
        // Given: 10 instances renewing every 30 s
        for (int i = 0; i < 10; i++) {
            registry.register(instance("i" + i, 8000 + i));
        }
        for (int round = 0; round < 4; round++) {
            scheduler.advance(Duration.ofSeconds(30));
            for (int i = 0; i < 10; i++) {
                registry.renew("orders", "i" + i);
            }
        }
        assertThat(registry.isSelfPreservationActive()).as("healthy renewals: off").isFalse();

        // When: a partition, half the instances stop renewing for five minutes
        for (int round = 0; round < 10; round++) {
            scheduler.advance(Duration.ofSeconds(30));
            for (int i = 0; i < 5; i++) {
                registry.renew("orders", "i" + i);
            }
        }

        // Then
        assertThat(registry.isSelfPreservationActive()).as("renewals at 50 % of expected: on").isTrue();
        assertThat(registry.instances("orders")).as("no instance evicted during self-preservation").hasSize(10);
        assertThat(events).as("self-preservation event published")
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RegistryEvent.SelfPreservationChanged.class,
                        s -> assertThat(s.active()).isTrue()));
        assertThat(registry.evictExpired().expiredButKept()).as("expired but kept").isEqualTo(5);
    }

    @Test
    @DisplayName("self-preservation ends when renewals recover, and eviction resumes")
    void selfPreservationEnds() {
        // Given: self-preservation on, as above
        selfPreservation();
        events.clear();

        // When: the partition heals, the five silent instances renew again
        for (int round = 0; round < 6; round++) {
            scheduler.advance(Duration.ofSeconds(30));
            for (int i = 0; i < 10; i++) {
                registry.renew("orders", "i" + i);
            }
        }

        // Then
        assertThat(registry.isSelfPreservationActive()).as("recovered renewals: off").isFalse();
        assertThat(events).as("end of self-preservation published")
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RegistryEvent.SelfPreservationChanged.class,
                        s -> assertThat(s.active()).isFalse()));
    }

    @Test
    @DisplayName("with self-preservation disabled, the same partition evicts the silent instances")
    void selfPreservationDisabled() {
        // Given
        ServiceRegistry plain = ServiceRegistry.builder().timeSource(time).scheduler(scheduler)
                .defaultLeaseTtl(TTL).evictionInterval(EVICTION).selfPreservation(false).build();
        for (int i = 0; i < 10; i++) {
            plain.register(instance("i" + i, 8000 + i));
        }

        // When
        for (int round = 0; round < 10; round++) {
            scheduler.advance(Duration.ofSeconds(30));
            for (int i = 0; i < 5; i++) {
                plain.renew("orders", "i" + i);
            }
        }

        // Then
        assertThat(plain.instances("orders")).as("silent instances evicted").hasSize(5);
        assertThat(plain.isSelfPreservationActive()).as("never active when disabled").isFalse();
        plain.close();
    }

    @Test
    @DisplayName("the renewal threshold option decides when self-preservation starts")
    void renewalThresholdOption() {
        // Given: threshold 0.4, so renewals at 50 % of expected do not trigger it
        ServiceRegistry lenient = ServiceRegistry.builder().timeSource(time).scheduler(scheduler)
                .defaultLeaseTtl(TTL).evictionInterval(EVICTION).renewalPercentThreshold(0.4).build();
        for (int i = 0; i < 10; i++) {
            lenient.register(instance("i" + i, 8000 + i));
        }

        // When
        for (int round = 0; round < 10; round++) {
            scheduler.advance(Duration.ofSeconds(30));
            for (int i = 0; i < 5; i++) {
                lenient.renew("orders", "i" + i);
            }
        }

        // Then
        assertThat(lenient.isSelfPreservationActive()).as("50 % is above a 40 % threshold").isFalse();
        assertThat(lenient.instances("orders")).as("silent instances evicted").hasSize(5);
        lenient.close();
    }

    // ------------------------------------------------------------ watch

    @Test
    @DisplayName("watch returns at once when the index is already past lastIndex")
    void watchReturnsAtOnce() throws Exception {
        // Given
        long index = registry.register(instance("a", 8001));

        // When
        ServiceSnapshot snapshot = registry.watch("orders", index - 1, Duration.ofMinutes(5));

        // Then
        assertThat(snapshot.index()).as("current index").isEqualTo(index);
    }

    @Test
    @DisplayName("watch blocks until a change moves the index past lastIndex, then returns the new snapshot")
    void watchBlocksUntilChange() throws Exception {
        // Given
        long index = registry.register(instance("a", 8001));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        try {
            Future<ServiceSnapshot> watcher = pool.submit(() -> {
                started.countDown();
                return registry.watch("orders", index, Duration.ofMinutes(5));
            });
            started.await(5, TimeUnit.SECONDS);

            // When
            long next = registry.register(instance("b", 8002));

            // Then
            ServiceSnapshot seen = watcher.get(10, TimeUnit.SECONDS);
            assertThat(seen.index()).as("index seen by the watcher").isEqualTo(next);
            assertThat(seen.instances()).as("the new instance is in it").hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("watch returns the unchanged snapshot when maxWait passes without a change")
    void watchTimesOut() throws Exception {
        // Given
        long index = registry.register(instance("a", 8001));

        // When
        ServiceSnapshot snapshot = registry.watch("orders", index, Duration.ofMillis(1));

        // Then
        assertThat(snapshot.index()).as("same index after timeout, never older").isEqualTo(index);
    }

    @Test
    @DisplayName("a watch on a service not registered yet wakes up when it is registered")
    void watchUnknownService() throws Exception {
        // Given: index 0 answers at once (Consul), with an index of at least 1 to block on
        ServiceSnapshot none = registry.watchAsync("payments", 0).get(10, TimeUnit.SECONDS);
        assertThat(none.instances()).isEmpty();
        assertThat(none.index()).as("never below 1, as in Consul").isEqualTo(ServiceRegistry.FIRST_INDEX);
        CompletableFuture<ServiceSnapshot> async = registry.watchAsync("payments", none.index());
        assertThat(async).as("blocks on index 1").isNotDone();

        // When
        registry.register(ServiceInstance.of("payments", "p1", "h", 80));

        // Then
        ServiceSnapshot seen = async.get(10, TimeUnit.SECONDS);
        assertThat(seen.instances()).as("instances seen by the async watcher").hasSize(1);
    }

    @Test
    @DisplayName("successive watches see indexes that only grow")
    void watchOrdering() throws Exception {
        // Given
        long last = 0;
        List<Long> seen = new ArrayList<>();

        // When
        for (int i = 0; i < 5; i++) {
            registry.register(instance("w" + i, 9000 + i));
            ServiceSnapshot s = registry.watch("orders", last, Duration.ofMillis(1));
            seen.add(s.index());
            last = s.index();
        }

        // Then
        assertThat(seen).as("indexes returned by watch").isSorted().doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("watch caps an enormous maxWait instead of overflowing")
    void watchHugeWait() throws Exception {
        long index = registry.register(instance("a", 8001));
        assertThat(registry.watch("orders", index - 1, Duration.ofDays(100_000)).index())
                .as("returns at once, no overflow").isEqualTo(index);
    }

    @Test
    @DisplayName("watch rejects negative arguments")
    void watchBadInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.watch("orders", -1, Duration.ZERO))
                .withMessage("lastIndex must be >= 0, but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> registry.watch("orders", 0, Duration.ofSeconds(-1)))
                .withMessage("maxWait must be >= 0, but was PT-1S");
    }

    @Test
    @DisplayName("a listener that throws does not break registration")
    void throwingListener() {
        // Given
        registry.eventPublisher().subscribe(e -> {
            throw new IllegalStateException("boom");
        });

        // When
        registry.register(instance("a", 8001));

        // Then
        assertThat(registry.instances("orders")).as("registered despite the listener").hasSize(1);
    }

    // ------------------------------------------------------------ Consul and Eureka, to the number

    @Test
    @DisplayName("Consul: a blocking watch with index 0 returns the current snapshot at once")
    void watchIndexZeroReturnsAtOnce() throws Exception {
        // Given: a service that was never registered (its index is the first one) and one that was
        ServiceSnapshot unknown = registry.watch("nobody", 0, Duration.ofMinutes(10));
        registry.register(instance("a", 8080));

        // When / Then: neither call blocks for the ten minutes
        assertThat(unknown.isEmpty()).isTrue();
        assertThat(registry.watch("orders", 0, Duration.ofMinutes(10)).instances()).hasSize(1);
        assertThat(registry.watchAsync("nobody", 0)).as("async form").isDone();
    }

    @Test
    @DisplayName("Eureka: 10 instances every 30 s → threshold (int) (20 × 0.85) = 17; 17 renewals keep, 18 evict")
    void eurekaThresholdArithmetic() {
        // Given: 10 leased instances; one silent after the first minute
        for (int i = 0; i < 10; i++) {
            registry.register(instance("i" + i, 8000 + i));
        }
        time.advance(Duration.ofSeconds(60));
        // When: in the next minute exactly 17 renewals arrive (not > 17)
        for (int i = 0; i < 17; i++) {
            registry.renew("orders", "i" + (i % 9));
        }
        time.advance(Duration.ofSeconds(60));
        registry.evictExpired();

        // Then
        assertThat(registry.isSelfPreservationActive()).as("17 > 17 is false: leases do not expire").isTrue();

        // When: in the next minute 18 arrive
        for (int i = 0; i < 18; i++) {
            registry.renew("orders", "i" + (i % 9));
        }
        time.advance(Duration.ofSeconds(60));
        EvictionReport report = registry.evictExpired();

        // Then
        assertThat(registry.isSelfPreservationActive()).as("18 > 17: leases expire").isFalse();
        assertThat(report.evicted()).as("the silent instance").extracting(ServiceInstance::instanceId)
                .containsExactly("i9");
    }

    @Test
    @DisplayName("Eureka: the threshold is truncated: 3 instances → (int) (6 × 0.85) = (int) 5.1 = 5, so 6 renewals evict")
    void eurekaTruncation() {
        // Given: 3 instances; the renewals that arrive in the second minute: 6 (> 5)
        ServiceRegistry r = ServiceRegistry.builder().timeSource(time).defaultLeaseTtl(TTL).evictionLimit(false)
                .build();
        for (int i = 0; i < 3; i++) {
            r.register(instance("i" + i, 8000 + i));
        }
        time.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 6; i++) {
            r.renew("orders", "i" + (i % 3));
        }
        time.advance(Duration.ofSeconds(60));

        // When
        r.evictExpired();

        // Then
        assertThat(r.isSelfPreservationActive()).as("6 renewals").isFalse();
        for (int i = 0; i < 5; i++) {
            r.renew("orders", "i" + (i % 3));
        }
        time.advance(Duration.ofSeconds(60));
        r.evictExpired();
        assertThat(r.isSelfPreservationActive()).as("5 renewals: 5 > 5 is false").isTrue();
        r.close();
    }

    @Test
    @DisplayName("state-change events carry a registry-wide sequence that grows by one")
    void eventSequence() {
        registry.register(instance("a", 8001));
        registry.register(ServiceInstance.of("payments", "p1", "10.0.0.9", 80));
        registry.deregister("orders", "a");
        assertThat(events).extracting(RegistryEvent::sequence).containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName("Eureka: a registration is not a renewal (register() leaves renewsLastMin alone)")
    void registrationIsNotARenewal() {
        // Given: 10 instances register in the second window and 8 renewals arrive in it
        time.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            registry.register(instance("i" + i, 8000 + i));
        }
        for (int i = 0; i < 8; i++) {
            registry.renew("orders", "i" + i);
        }
        time.advance(Duration.ofSeconds(60));

        // When
        registry.evictExpired();

        // Then: 8 renewals, not 18: 8 > 17 is false
        assertThat(registry.isSelfPreservationActive()).isTrue();
    }

    @Test
    @DisplayName("eurekaLeaseExpiry: strictly after registration + ttl, then strictly after lastRenew + 2 × ttl")
    void eurekaLeaseExpiry() {
        // Given
        ServiceRegistry eureka = ServiceRegistry.builder().timeSource(time).defaultLeaseTtl(TTL)
                .selfPreservation(false).eurekaLeaseExpiry(true).build();
        eureka.register(instance("never", 8001));
        eureka.register(instance("renewed", 8002));

        // When / Then: the never-renewed lease lasts exactly 90 s, and expires just after
        time.advance(TTL);
        assertThat(eureka.evictExpired().evicted()).as("at registration + 90 s").isEmpty();
        eureka.renew("orders", "renewed");                       // at 90 s
        time.advance(Duration.ofNanos(1));
        assertThat(eureka.evictExpired().evicted()).extracting(ServiceInstance::instanceId)
                .as("just after registration + 90 s").containsExactly("never");

        // When / Then: the renewed one lasts 2 × 90 s after its renewal
        time.advance(TTL.multipliedBy(2).minusNanos(1));
        assertThat(eureka.evictExpired().evicted()).as("at lastRenew + 180 s").isEmpty();
        time.advance(Duration.ofNanos(1));
        assertThat(eureka.evictExpired().evicted()).extracting(ServiceInstance::instanceId)
                .as("just after lastRenew + 180 s").containsExactly("renewed");
        eureka.close();
    }
}
