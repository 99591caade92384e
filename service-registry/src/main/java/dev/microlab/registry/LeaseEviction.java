package dev.microlab.registry;

import dev.microlab.core.time.TimeSource;
import dev.microlab.registry.RegistryEvent.RemovalReason;
import dev.microlab.registry.internal.RenewalMeter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease side of a {@link ServiceRegistry}, as in Eureka's {@code AbstractInstanceRegistry}:
 * counts renewals, decides self-preservation ({@code isLeaseExpirationEnabled} with
 * {@code updateRenewsPerMinThreshold}'s arithmetic) and evicts expired leases, at most Eureka's
 * eviction limit per run, picked at random.
 */
final class LeaseEviction {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistry.class);

    private final ServiceRegistry registry;
    private final TimeSource time;
    private final boolean selfPreservationEnabled;
    private final boolean evictionLimit;
    private final RandomGenerator random;
    private final double renewalPercentThreshold;
    private final long expectedRenewalIntervalNanos;
    private final long renewalWindowNanos;
    private final IntSupplier leasedInstances;
    private final boolean eurekaLeaseExpiry;
    private final RenewalMeter meter;
    private final Object preservationLock = new Object();
    private volatile boolean selfPreservationActive;

    LeaseEviction(ServiceRegistry registry, TimeSource time, boolean selfPreservationEnabled, boolean evictionLimit,
                  RandomGenerator random, double renewalPercentThreshold, long expectedRenewalIntervalNanos,
                  long renewalWindowNanos, IntSupplier leasedInstances, boolean eurekaLeaseExpiry) {
        this.registry = registry;
        this.time = time;
        this.selfPreservationEnabled = selfPreservationEnabled;
        this.evictionLimit = evictionLimit;
        this.random = random;
        this.renewalPercentThreshold = renewalPercentThreshold;
        this.expectedRenewalIntervalNanos = expectedRenewalIntervalNanos;
        this.renewalWindowNanos = renewalWindowNanos;
        this.leasedInstances = leasedInstances;
        this.eurekaLeaseExpiry = eurekaLeaseExpiry;
        this.meter = new RenewalMeter(time.nanoTime(), renewalWindowNanos);
    }

    /** Counts a renewal (or a registration) of a leased instance at {@code nowNanos}. */
    void recordRenewal(long nowNanos) {
        meter.record(nowNanos);
    }

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
    EvictionReport evictExpired(Collection<ServiceState> services) {
        long now = time.nanoTime();
        boolean preserve = evaluateSelfPreservation(now);
        List<Expired> expired = new ArrayList<>();
        int registrySize = 0;
        for (ServiceState state : services) {
            synchronized (state) {
                registrySize += state.records.size();
                for (InstanceRecord record : state.records.values()) {
                    if (record.isExpired(now, eurekaLeaseExpiry)) {
                        expired.add(new Expired(state, record));
                    }
                }
            }
        }
        if (expired.isEmpty() || preserve) {
            if (preserve && !expired.isEmpty()) {
                LOG.warn("self-preservation is on: kept {} instance(s) whose lease expired", expired.size());
            }
            return new EvictionReport(List.of(), preserve ? expired.size() : 0, 0, preserve);
        }
        int toEvict = expired.size();
        if (evictionLimit) {
            int limit = registrySize - (int) (registrySize * renewalPercentThreshold);
            toEvict = Math.min(toEvict, Math.max(limit, 0));
            // a random choice among the expired, as Eureka does, so no service is always last
            for (int i = 0; i < toEvict; i++) {
                int j = i + random.nextInt(expired.size() - i);
                Expired swap = expired.get(i);
                expired.set(i, expired.get(j));
                expired.set(j, swap);
            }
        }
        Map<ServiceState, List<InstanceRecord>> byService = new LinkedHashMap<>();
        for (Expired e : expired.subList(0, toEvict)) {
            byService.computeIfAbsent(e.state, k -> new ArrayList<>()).add(e.record);
        }
        List<ServiceInstance> evicted = new ArrayList<>();
        for (Map.Entry<ServiceState, List<InstanceRecord>> entry : byService.entrySet()) {
            ServiceState state = entry.getKey();
            List<RegistryEvent> out = new ArrayList<>();
            synchronized (state) {
                List<InstanceRecord> still = new ArrayList<>();
                for (InstanceRecord record : entry.getValue()) {
                    // renewed or replaced since the scan: not ours to evict any more
                    if (!record.removed && record.isExpired(now, eurekaLeaseExpiry)) {
                        still.add(record);
                    }
                }
                if (still.isEmpty()) {
                    continue;
                }
                registry.removeLocked(state, still, RemovalReason.LEASE_EXPIRED, out);
                still.forEach(r -> evicted.add(r.instance));
            }
            registry.publishAll(out);
        }
        int deferred = expired.size() - toEvict;
        if (!evicted.isEmpty()) {
            LOG.info("evicted {} instance(s) whose lease expired: {}", evicted.size(), evicted);
        }
        if (deferred > 0) {
            LOG.info("eviction limit: {} expired instance(s) left for the next run", deferred);
        }
        return new EvictionReport(evicted, 0, deferred, false);
    }

    private record Expired(ServiceState state, InstanceRecord record) {
    }

    /** Whether self-preservation was on at the last eviction run. */
    boolean isSelfPreservationActive() {
        return selfPreservationActive;
    }

    private boolean evaluateSelfPreservation(long now) {
        if (!selfPreservationEnabled) {
            return false;
        }
        // Eureka's MeasuredRate reads 0 until its first bucket is complete
        long renewals = Math.max(0, meter.lastCompleteWindow(now));
        int leased = leasedInstances.getAsInt();
        double expected = leased * ((double) renewalWindowNanos / expectedRenewalIntervalNanos);
        // Eureka: numberOfRenewsPerMinThreshold = (int) (clients × (60.0 / interval) × percent), and
        // leases expire only while threshold > 0 && renewsLastMin > threshold (strictly greater)
        long threshold = (long) (expected * renewalPercentThreshold);
        boolean active = leased > 0 && !(threshold > 0 && renewals > threshold);
        boolean changed;
        long sequence;
        synchronized (preservationLock) {
            changed = selfPreservationActive != active;
            selfPreservationActive = active;
            sequence = changed ? registry.nextEventSequence() : 0;
        }
        if (changed) {
            if (active) {
                LOG.warn("self-preservation on: {} renewals in the last window, {} expected (threshold {})",
                        renewals, expected, renewalPercentThreshold);
            } else {
                LOG.info("self-preservation off: {} renewals in the last window, {} expected", renewals, expected);
            }
            registry.publish(() -> new RegistryEvent.SelfPreservationChanged(active, renewals,
                    expected, renewalPercentThreshold, sequence, time.instant()));
        }
        return active;
    }
}
