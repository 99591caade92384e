package dev.microlab.registry;

import java.util.ArrayList;
import java.util.List;

/** One registered instance; mutable fields are guarded by its service's lock. */
final class InstanceRecord {
    final ServiceInstance instance;
    final long leaseTtlNanos;
    final List<CheckState> checks;
    long lastRenewNanos;
    boolean renewedSinceRegistration;
    boolean removed;

    InstanceRecord(ServiceInstance instance, long leaseTtlNanos, long now, List<HealthCheck> checks) {
        this.instance = instance;
        this.leaseTtlNanos = leaseTtlNanos;
        this.lastRenewNanos = now;
        List<CheckState> states = new ArrayList<>(checks.size());
        checks.forEach(c -> states.add(new CheckState(c)));
        this.checks = List.copyOf(states);
    }

    boolean leased() {
        return leaseTtlNanos > 0;
    }

    /**
     * Whether the lease has expired at {@code now}: at {@code lastRenew + ttl}, or with Eureka's
     * arithmetic ({@code Lease.renew} sets the last update to {@code now + duration} and
     * {@code isExpired} adds the duration again) strictly after {@code lastRenew + 2 × ttl} once
     * renewed, and strictly after {@code registration + ttl} before.
     */
    boolean isExpired(long now, boolean eurekaArithmetic) {
        if (leaseTtlNanos <= 0) {
            return false;
        }
        if (!eurekaArithmetic) {
            return now - lastRenewNanos >= leaseTtlNanos;
        }
        long lease = renewedSinceRegistration ? 2 * leaseTtlNanos : leaseTtlNanos;
        return now - lastRenewNanos > lease;
    }

    HealthStatus status() {
        HealthStatus worst = HealthStatus.PASSING;
        for (CheckState check : checks) {
            worst = worst.worst(check.status);
        }
        return worst;
    }

    CheckState check(String name) {
        for (CheckState check : checks) {
            if (check.check.name().equals(name)) {
                return check;
            }
        }
        return null;
    }

    List<String> checkNames() {
        List<String> names = new ArrayList<>();
        checks.forEach(c -> names.add(c.check.name()));
        return names;
    }
}
