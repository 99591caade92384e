package dev.microlab.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to register: an instance, its lease and its health checks.
 *
 * <p>A lease (Eureka) makes the instance renew itself: it expires at {@code lastRenew + leaseTtl}
 * and the eviction task removes it after that. Without a lease (Consul's agent model) the
 * instance stays until it is deregistered or a check with {@code deregisterCriticalAfter}
 * removes it. {@link #of} uses the registry's default lease.
 *
 * <pre>{@code
 * registry.register(Registration.of(instance)
 *         .withLeaseTtl(Duration.ofSeconds(30))
 *         .withCheck(HealthCheck.active("http", probe).build()));
 * }</pre>
 *
 * <p>Records are immutable; this class is threadsafe.
 *
 * @param instance the instance
 * @param leaseTtl the lease's time-to-live; null for the registry's default, {@link Duration#ZERO} for no lease
 * @param checks   its health checks, with distinct names
 */
public record Registration(ServiceInstance instance, Duration leaseTtl, List<HealthCheck> checks) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException for a negative lease or two checks with one name
     */
    public Registration {
        Objects.requireNonNull(instance, "instance must not be null");
        Objects.requireNonNull(checks, "checks must not be null");
        if (leaseTtl != null && (leaseTtl.isNegative() || leaseTtl.compareTo(HealthCheck.MAX_DURATION) > 0)) {
            throw new IllegalArgumentException("leaseTtl must be in [0, " + HealthCheck.MAX_DURATION
                    + "] (0 means no lease), but was " + leaseTtl);
        }
        checks = List.copyOf(checks);
        Set<String> names = new HashSet<>();
        for (HealthCheck check : checks) {
            if (!names.add(check.name())) {
                throw new IllegalArgumentException("check names must be unique per instance, but '"
                        + check.name() + "' appears twice");
            }
        }
    }

    /** {@code instance} with the registry's default lease and no checks. */
    public static Registration of(ServiceInstance instance) {
        return new Registration(instance, null, List.of());
    }

    /** A copy with this lease time-to-live ({@link Duration#ZERO}: no lease). */
    public Registration withLeaseTtl(Duration ttl) {
        return new Registration(instance, Objects.requireNonNull(ttl, "ttl must not be null"), checks);
    }

    /** A copy without a lease: the instance stays until deregistered or reaped by a check. */
    public Registration withoutLease() {
        return withLeaseTtl(Duration.ZERO);
    }

    /** A copy with one more health check. */
    public Registration withCheck(HealthCheck check) {
        Objects.requireNonNull(check, "check must not be null");
        List<HealthCheck> more = new ArrayList<>(checks);
        more.add(check);
        return new Registration(instance, leaseTtl, more);
    }
}
