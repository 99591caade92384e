package dev.microlab.registry;

import java.util.List;
import java.util.Objects;

/**
 * What one run of {@link ServiceRegistry#evictExpired()} did.
 *
 * <pre>{@code
 * EvictionReport report = registry.evictExpired();
 * if (report.selfPreservationActive()) { alert(report.expiredButKept() + " expired instances kept"); }
 * }</pre>
 *
 * <p>Records are immutable; this class is threadsafe.
 *
 * @param evicted                 the instances removed because their lease expired
 * @param expiredButKept          how many expired instances were kept because self-preservation is on
 * @param deferredByLimit         how many expired instances the eviction limit left for a later run
 * @param selfPreservationActive  whether self-preservation was on during the run
 */
public record EvictionReport(List<ServiceInstance> evicted, int expiredButKept, int deferredByLimit,
                             boolean selfPreservationActive) {

    /** Validates and copies. */
    public EvictionReport {
        evicted = List.copyOf(Objects.requireNonNull(evicted, "evicted must not be null"));
        if (expiredButKept < 0) {
            throw new IllegalArgumentException("expiredButKept must be >= 0, but was " + expiredButKept);
        }
        if (deferredByLimit < 0) {
            throw new IllegalArgumentException("deferredByLimit must be >= 0, but was " + deferredByLimit);
        }
    }
}
