package dev.microlab.registry;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import dev.microlab.registry.RegistryEvent.RemovalReason;
import dev.microlab.registry.internal.Randoms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process service registry: Eureka's leases and self-preservation, Consul's health checks
 * and blocking queries.
 *
 * <p><b>Leases.</b> A registered instance with a lease must {@link #renew} before
 * {@code lastRenew + leaseTtl}; at that instant its lease has expired and the next eviction run
 * removes it. (Eureka adds the duration twice by mistake; here the lease ends exactly at
 * {@code lastRenew + ttl}, unless {@link Builder#eurekaLeaseExpiry(boolean)} asks for Eureka's.) The eviction runs every {@code evictionInterval} on the configured
 * {@link Scheduler}, or whenever {@link #evictExpired()} is called, so an instance that stops
 * renewing is gone within {@code ttl + evictionInterval}.
 *
 * <p><b>Self-preservation.</b> Leases expire only while the renewals counted in the last complete
 * {@code renewalWindow} are strictly more than
 * {@code (int) (leased instances × renewalWindow / expectedRenewalInterval × renewalPercentThreshold)}
 * (Eureka's {@code isLeaseExpirationEnabled}: 10 instances renewing every 30 s need more than 17
 * renewals a minute). Otherwise the registry assumes a network partition rather than a mass death,
 * and keeps expired instances: eviction stops until renewals recover. The state is readable with {@link #isSelfPreservationActive()} and reported by
 * {@link RegistryEvent.SelfPreservationChanged}. As in Eureka, a registration is not a renewal.
 *
 * <p><b>Health checks.</b> Each instance may carry {@link HealthCheck}s (active probes with a
 * timeout and Consul's pass/fail thresholds, or TTL checks the instance reports); its status is the
 * worst of its checks, and a check that stays critical longer than its
 * {@code deregisterCriticalAfter} removes the instance. Checks run on the scheduler.
 *
 * <p>The lease side lives in {@code LeaseEviction} and the checks in {@code HealthCheckRunner},
 * package-private classes beside this one; this class keeps registration, discovery and watches.
 *
 * <p><b>Discovery.</b> Each service has its own immutable {@link ServiceSnapshot}, replaced on every
 * change (copy-on-write) and read with one map lookup and one volatile read: no lock, and a cost
 * that does not depend on how many other services exist. {@link #watch} blocks like a Consul
 * blocking query until the service's index moves past the caller's (index 0 answers at once).
 *
 * <pre>{@code
 * ServiceRegistry registry = ServiceRegistry.builder()
 *         .timeSource(time).scheduler(scheduler)
 *         .defaultLeaseTtl(Duration.ofSeconds(90))
 *         .build();
 * registry.register(ServiceInstance.of("orders", "orders-1", "10.0.0.1", 8080));
 * registry.renew("orders", "orders-1");                     // every 30 s from the instance
 * List<ServiceInstance> up = registry.passingInstances("orders");
 * }</pre>
 *
 * <p>This class is threadsafe. Writes to one service are serialised by that service's lock;
 * reads take no lock. Listeners run outside every lock.
 */
public final class ServiceRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistry.class);

    /** Consul caps a blocking query's wait at ten minutes; so do we. */
    public static final Duration MAX_WATCH_WAIT = Duration.ofMinutes(10);

    /**
     * The index of a service that never changed. Like Consul, which never reports an index below 1,
     * so that a caller can block on a service that does not exist yet: index 0 means "do not block".
     */
    public static final long FIRST_INDEX = 1;

    private final TimeSource time;
    private final Scheduler scheduler;
    private final Duration defaultLeaseTtl;
    private final Duration evictionInterval;
    private final ConcurrentHashMap<String, ServiceState> services = new ConcurrentHashMap<>();
    private final AtomicLong modifyIndex = new AtomicLong(FIRST_INDEX);
    private final AtomicLong eventSequence = new AtomicLong();
    private final AtomicInteger leasedInstances = new AtomicInteger();
    private final EventPublisher<RegistryEvent> events = new EventPublisher<>("service registry");
    private final LeaseEviction leases;
    private final HealthCheckRunner checks;
    private volatile boolean closed;
    private final Scheduler.Cancellable evictionTask;

    private ServiceRegistry(Builder b) {
        this.time = b.time;
        this.scheduler = b.scheduler;
        this.defaultLeaseTtl = b.defaultLeaseTtl;
        this.evictionInterval = b.evictionInterval;
        this.leases = new LeaseEviction(this, time, b.selfPreservation, b.evictionLimit, b.random,
                b.renewalPercentThreshold, b.expectedRenewalInterval.toNanos(), b.renewalWindow.toNanos(),
                leasedInstances::get, b.eurekaLeaseExpiry);
        this.checks = new HealthCheckRunner(this, time, scheduler);
        this.evictionTask = scheduler == null ? null
                : scheduler.scheduleWithFixedDelay(evictionInterval, evictionInterval, this::evictSafely);
    }

    /** A builder with Eureka's defaults: 90 s leases, eviction every 60 s, self-preservation at 85 %. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers {@code instance} with the default lease and no checks; see {@link #register(Registration)}.
     *
     * @return the service's new modify index
     */
    public long register(ServiceInstance instance) {
        return register(Registration.of(Objects.requireNonNull(instance, "instance must not be null")));
    }

    /**
     * Registers an instance, or replaces the registration of the same id at the same address (new
     * metadata, new checks, a fresh lease).
     *
     * @return the service's new modify index
     * @throws IllegalArgumentException if the id is already registered at another address
     * @throws IllegalStateException    if the registration has checks but the registry has no
     *                                  scheduler, or the registry is closed
     */
    public long register(Registration registration) {
        Objects.requireNonNull(registration, "registration must not be null");
        ensureOpen();
        if (!registration.checks().isEmpty() && scheduler == null) {
            throw new IllegalStateException("health checks run on a scheduler, but this registry has none: "
                    + "set ServiceRegistry.builder().scheduler(...)");
        }
        ServiceInstance instance = registration.instance();
        Duration ttl = registration.leaseTtl() == null ? defaultLeaseTtl : registration.leaseTtl();
        ServiceState state = services.computeIfAbsent(instance.service(), ServiceState::new);
        long now = time.nanoTime();
        List<RegistryEvent> out = new ArrayList<>(2);
        long index;
        synchronized (state) {
            InstanceRecord existing = state.records.get(instance.instanceId());
            if (existing != null && !existing.instance.sameAddressAs(instance)) {
                throw new IllegalArgumentException("instanceId '" + instance.instanceId() + "' of service '"
                        + instance.service() + "' is already registered at " + existing.instance.address()
                        + ", but was registered again at " + instance.address()
                        + "; deregister the old instance first or use a unique instance id");
            }
            if (existing != null) {
                retire(existing);
            }
            InstanceRecord record = new InstanceRecord(instance, ttl.toNanos(), now, registration.checks());
            state.records.put(instance.instanceId(), record);
            if (record.leased()) {
                leasedInstances.incrementAndGet();
            }
            // one binary-search insert into the current snapshot, not a rebuild of the whole service
            index = modifyIndex.incrementAndGet();
            publish(state, state.snapshot.with(index, new RegisteredInstance(instance, record.status())));
            checks.startChecks(state, record, now);
            long sequence = eventSequence.incrementAndGet();
            if (events.hasListeners()) {
                out.add(new RegistryEvent.InstanceRegistered(instance, existing != null, index, sequence,
                        time.instant()));
            }
        }
        // Eureka's register() does not count as a renewal (only renew() increments renewsLastMin)
        publishAll(out);
        LOG.debug("registered {} at index {}", instance, index);
        return index;
    }

    /**
     * Renews the lease of an instance (its heartbeat).
     *
     * @return false if the instance is not registered (it was evicted: register it again)
     */
    public boolean renew(String service, String instanceId) {
        Objects.requireNonNull(service, "service must not be null");
        Objects.requireNonNull(instanceId, "instanceId must not be null");
        ServiceState state = services.get(service);
        if (state == null) {
            return false;
        }
        long now = time.nanoTime();
        boolean leased;
        synchronized (state) {
            InstanceRecord record = state.records.get(instanceId);
            if (record == null) {
                return false;
            }
            record.lastRenewNanos = now;
            record.renewedSinceRegistration = true;
            leased = record.leased();
        }
        if (leased) {
            leases.recordRenewal(now);
        }
        return true;
    }

    /**
     * Removes an instance.
     *
     * @return false if it was not registered
     */
    public boolean deregister(String service, String instanceId) {
        Objects.requireNonNull(service, "service must not be null");
        Objects.requireNonNull(instanceId, "instanceId must not be null");
        ServiceState state = services.get(service);
        if (state == null) {
            return false;
        }
        List<RegistryEvent> out = new ArrayList<>(1);
        synchronized (state) {
            InstanceRecord record = state.records.get(instanceId);
            if (record == null) {
                return false;
            }
            removeLocked(state, List.of(record), RemovalReason.DEREGISTERED, out);
        }
        publishAll(out);
        return true;
    }

    /**
     * Reports the status of a TTL check, which also restarts its time-to-live.
     *
     * @throws IllegalArgumentException if the instance is not registered or has no TTL check of that name
     */
    public void updateTtlCheck(String service, String instanceId, String checkName, HealthStatus status,
                               String note) {
        Objects.requireNonNull(service, "service must not be null");
        Objects.requireNonNull(instanceId, "instanceId must not be null");
        Objects.requireNonNull(checkName, "checkName must not be null");
        Objects.requireNonNull(status, "status must not be null");
        Objects.requireNonNull(note, "note must not be null");
        ServiceState state = services.get(service);
        if (state == null) {
            throw new IllegalArgumentException("no instance '" + instanceId + "' of service '" + service
                    + "' is registered");
        }
        List<RegistryEvent> out = new ArrayList<>(2);
        synchronized (state) {
            InstanceRecord record = state.records.get(instanceId);
            if (record == null) {
                throw new IllegalArgumentException("no instance '" + instanceId + "' of service '" + service
                        + "' is registered");
            }
            CheckState check = record.check(checkName);
            if (check == null || check.check.kind() != HealthCheck.Kind.TTL) {
                throw new IllegalArgumentException("instance '" + instanceId + "' has no TTL check named '"
                        + checkName + "'; its checks are " + record.checkNames());
            }
            checks.applyResult(state, record, check, status, note, false, out);
            checks.armTtl(state, record, check);
        }
        publishAll(out);
    }

    // ------------------------------------------------------------------ eviction (LeaseEviction)

    /**
     * Removes instances whose lease has expired ({@code now >= lastRenew + ttl}), unless
     * self-preservation is on. The scheduled eviction task calls this; call it yourself when the
     * registry has no scheduler.
     *
     * <p>With the eviction limit on (Eureka's behaviour, the default), one run evicts at most
     * {@code size − (int) (size × renewalPercentThreshold)} instances of the whole registry, picked
     * at random among the expired ones; the others wait for the next run. So even without
     * self-preservation a sudden mass expiry drains over several runs.
     *
     * @return what was evicted, what self-preservation kept and what the limit deferred
     */
    public EvictionReport evictExpired() {
        return leases.evictExpired(services.values());
    }

    /** Whether self-preservation was on at the last eviction run. */
    public boolean isSelfPreservationActive() {
        return leases.isSelfPreservationActive();
    }

    private void evictSafely() {
        try {
            evictExpired();
        } catch (RuntimeException e) {
            LOG.error("eviction run failed; the next run will try again", e);
        }
    }

    // ------------------------------------------------------------------ discovery

    /** The current snapshot of {@code service}: empty with index {@link #FIRST_INDEX} if it was never registered. */
    public ServiceSnapshot snapshot(String service) {
        Objects.requireNonNull(service, "service must not be null");
        ServiceState state = services.get(service);
        return state == null ? ServiceSnapshot.empty(service, FIRST_INDEX) : state.snapshot;
    }

    /** Every instance of {@code service}, whatever its health. */
    public List<ServiceInstance> instances(String service) {
        return snapshot(service).instances();
    }

    /** The passing instances of {@code service} (Consul's {@code ?passing}). */
    public List<ServiceInstance> passingInstances(String service) {
        return snapshot(service).passing();
    }

    /** The instances of {@code service} with every label of {@code labels}, passing only or all. */
    public List<ServiceInstance> select(String service, boolean passingOnly, Map<String, String> labels) {
        return snapshot(service).select(passingOnly, labels);
    }

    /** The names of the services with at least one instance, sorted. */
    public Set<String> services() {
        Set<String> names = new TreeSet<>();
        services.forEach((name, state) -> {
            if (!state.snapshot.isEmpty()) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * A Consul-style blocking query: returns the snapshot of {@code service} as soon as its index is
     * greater than {@code lastIndex}, or the current snapshot when {@code maxWait} has passed. It
     * never returns a snapshot older than the current one at the time of the call. Pass 0 to get
     * the current snapshot at once (as in Consul, index 0 never blocks, even for a service that has
     * no instance yet and so an index of 0).
     *
     * <p>This is the one method that waits in real time (a thread must block); {@code maxWait} is
     * capped at {@link #MAX_WATCH_WAIT}.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws IllegalArgumentException if {@code lastIndex} or {@code maxWait} is negative
     */
    public ServiceSnapshot watch(String service, long lastIndex, Duration maxWait) throws InterruptedException {
        Objects.requireNonNull(service, "service must not be null");
        Objects.requireNonNull(maxWait, "maxWait must not be null");
        if (lastIndex < 0) {
            throw new IllegalArgumentException("lastIndex must be >= 0, but was " + lastIndex);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be >= 0, but was " + maxWait);
        }
        ServiceInstance.requireName(service, "service");
        long waitNanos = (maxWait.compareTo(MAX_WATCH_WAIT) > 0 ? MAX_WATCH_WAIT : maxWait).toNanos();
        ServiceState state = services.computeIfAbsent(service, ServiceState::new);
        long deadline = System.nanoTime() + waitNanos;
        synchronized (state) {
            // Consul: a query with index 0 is not a blocking query, it answers at once
            while (lastIndex > 0 && state.snapshot.index() <= lastIndex) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(state, remaining);
            }
            return state.snapshot;
        }
    }

    /**
     * The non-blocking form of {@link #watch}: a stage completed with the first snapshot whose index
     * is greater than {@code lastIndex} (at once if the current one is, or if {@code lastIndex} is 0). It has no timeout of its
     * own; add one with {@code orTimeout} or cancel it. It completes on the common fork-join pool.
     */
    public CompletableFuture<ServiceSnapshot> watchAsync(String service, long lastIndex) {
        Objects.requireNonNull(service, "service must not be null");
        if (lastIndex < 0) {
            throw new IllegalArgumentException("lastIndex must be >= 0, but was " + lastIndex);
        }
        ServiceInstance.requireName(service, "service");
        ServiceState state = services.computeIfAbsent(service, ServiceState::new);
        CompletableFuture<ServiceSnapshot> future = new CompletableFuture<>();
        synchronized (state) {
            if (lastIndex == 0 || state.snapshot.index() > lastIndex) {
                future.complete(state.snapshot);
            } else {
                state.asyncWatchers.add(future);
            }
        }
        return future;
    }

    /** Where this registry reports what it does; see {@link RegistryEvent}. */
    public EventPublisher<RegistryEvent> eventPublisher() {
        return events;
    }

    // ------------------------------------------------------------------ lifecycle

    /** Stops the eviction task and every health check. Registrations after this fail. */
    @Override
    public void close() {
        closed = true;
        if (evictionTask != null) {
            evictionTask.cancel();
        }
        for (ServiceState state : services.values()) {
            synchronized (state) {
                state.records.values().forEach(HealthCheckRunner::cancelChecks);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the registry is closed");
        }
    }

    @Override
    public String toString() {
        return "ServiceRegistry[services=" + services.size() + ", leased=" + leasedInstances.get()
                + ", selfPreservation=" + leases.isSelfPreservationActive() + "]";
    }

    // ------------------------------------------------------------------ internals (callers hold the state lock)
    // shared with HealthCheckRunner and LeaseEviction, the registry's two other parts

    long rebuild(ServiceState state) {
        long index = modifyIndex.incrementAndGet();
        List<RegisteredInstance> entries = new ArrayList<>(state.records.size());
        for (InstanceRecord record : state.records.values()) {
            entries.add(new RegisteredInstance(record.instance, record.status()));
        }
        publish(state, ServiceSnapshot.ofSorted(state.name, index, entries)); // records are ordered by id
        return index;
    }

    private void publish(ServiceState state, ServiceSnapshot snapshot) {
        state.snapshot = snapshot;
        state.notifyAll();
        if (!state.asyncWatchers.isEmpty()) {
            // completed on the common pool: dependants of the future must not run under this lock
            for (CompletableFuture<ServiceSnapshot> waiting : state.asyncWatchers) {
                waiting.completeAsync(() -> snapshot);
            }
            state.asyncWatchers.clear();
        }
    }

    void removeLocked(ServiceState state, List<InstanceRecord> records, RemovalReason reason,
                              List<RegistryEvent> out) {
        for (InstanceRecord record : records) {
            state.records.remove(record.instance.instanceId());
            retire(record);
        }
        long index = rebuild(state);
        for (InstanceRecord record : records) {
            long sequence = eventSequence.incrementAndGet();
            if (events.hasListeners()) {
                out.add(new RegistryEvent.InstanceDeregistered(record.instance, reason, index, sequence,
                        time.instant()));
            }
        }
        LOG.debug("removed {} ({}) at index {}", records.size(), reason, index);
    }

    private void retire(InstanceRecord record) {
        record.removed = true;
        if (record.leased()) {
            leasedInstances.decrementAndGet();
        }
        HealthCheckRunner.cancelChecks(record);
    }

    void publishAll(List<RegistryEvent> out) {
        for (RegistryEvent event : out) {
            events.publish(event);
        }
    }

    /** Publishes the event {@code make} creates, only if somebody listens. */
    void publish(java.util.function.Supplier<? extends RegistryEvent> make) {
        events.publish(make);
    }

    boolean hasListeners() {
        return events.hasListeners();
    }

    /** The next state-change sequence number (see {@link RegistryEvent#sequence()}). */
    long nextEventSequence() {
        return eventSequence.incrementAndGet();
    }

    /** Builds a {@link ServiceRegistry}; not threadsafe. */
    public static final class Builder {
        private TimeSource time = TimeSource.system();
        private Scheduler scheduler;
        private Duration defaultLeaseTtl = Duration.ofSeconds(90);
        private Duration evictionInterval = Duration.ofSeconds(60);
        private boolean selfPreservation = true;
        private boolean evictionLimit = true;
        private RandomGenerator random = Randoms.threadLocal();
        private double renewalPercentThreshold = 0.85;
        private Duration expectedRenewalInterval = Duration.ofSeconds(30);
        private Duration renewalWindow = Duration.ofSeconds(60);
        private boolean eurekaLeaseExpiry;

        private Builder() {
        }

        /** Where the registry reads time. Default {@link TimeSource#system()}. */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time must not be null");
            return this;
        }

        /**
         * Runs the eviction task and the health checks. Without one, call {@link #evictExpired()}
         * yourself, and registrations with checks are refused.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /** The lease of a registration that names none; {@link Duration#ZERO} for no lease. Default 90 s. */
        public Builder defaultLeaseTtl(Duration defaultLeaseTtl) {
            Objects.requireNonNull(defaultLeaseTtl, "defaultLeaseTtl must not be null");
            if (defaultLeaseTtl.isNegative() || defaultLeaseTtl.compareTo(HealthCheck.MAX_DURATION) > 0) {
                throw new IllegalArgumentException("defaultLeaseTtl must be in [0, " + HealthCheck.MAX_DURATION
                        + "] (0 means no lease), but was " + defaultLeaseTtl);
            }
            this.defaultLeaseTtl = defaultLeaseTtl;
            return this;
        }

        /** How often the scheduled eviction runs; &gt; 0. Default 60 s. */
        public Builder evictionInterval(Duration evictionInterval) {
            this.evictionInterval = positive(evictionInterval, "evictionInterval");
            return this;
        }

        /** Whether low renewals stop eviction. Default true. */
        public Builder selfPreservation(boolean enabled) {
            this.selfPreservation = enabled;
            return this;
        }

        /**
         * Whether one eviction run evicts at most {@code size − (int) (size × renewalPercentThreshold)}
         * instances, as Eureka does. Default true.
         */
        public Builder evictionLimit(boolean enabled) {
            this.evictionLimit = enabled;
            return this;
        }

        /** The random source that picks which expired instances a limited run evicts; seed it in tests. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        /** The fraction of expected renewals below which self-preservation starts, in (0, 1]. Default 0.85. */
        public Builder renewalPercentThreshold(double threshold) {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("renewalPercentThreshold must be in (0, 1], but was " + threshold);
            }
            this.renewalPercentThreshold = threshold;
            return this;
        }

        /** How often instances are expected to renew; &gt; 0. Default 30 s. */
        public Builder expectedRenewalInterval(Duration expectedRenewalInterval) {
            this.expectedRenewalInterval = positive(expectedRenewalInterval, "expectedRenewalInterval");
            return this;
        }

        /** The window in which renewals are counted; &gt; 0. Default 60 s. */
        public Builder renewalWindow(Duration renewalWindow) {
            this.renewalWindow = positive(renewalWindow, "renewalWindow");
            return this;
        }

        /**
         * Whether leases expire with Eureka's arithmetic instead of at {@code lastRenew + ttl}: a
         * renewed lease is expired only strictly after {@code lastRenew + 2 × ttl} (Eureka's
         * {@code Lease.renew} already adds the duration, and {@code isExpired} adds it again, a
         * known Eureka bug kept for compatibility), a never-renewed one strictly after
         * {@code registration + ttl}. Default false: the lease lasts the {@code ttl} it names.
         */
        public Builder eurekaLeaseExpiry(boolean enabled) {
            this.eurekaLeaseExpiry = enabled;
            return this;
        }

        /** Builds the registry and, with a scheduler, starts its eviction task. */
        public ServiceRegistry build() {
            return new ServiceRegistry(this);
        }

        private static Duration positive(Duration value, String field) {
            Objects.requireNonNull(value, field + " must not be null");
            if (value.isNegative() || value.isZero() || value.compareTo(HealthCheck.MAX_DURATION) > 0) {
                throw new IllegalArgumentException(field + " must be in (0, " + HealthCheck.MAX_DURATION
                        + "], but was " + value);
            }
            return value;
        }
    }
}
