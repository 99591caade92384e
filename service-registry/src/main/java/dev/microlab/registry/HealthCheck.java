package dev.microlab.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * A health check attached to a registered instance, in Consul's two main kinds.
 *
 * <ul>
 *   <li><b>Active</b>: the registry runs a {@link HealthProbe} every {@code interval}, gives it
 *       {@code timeout} to answer, and flips the check's status only after
 *       {@code successBeforePassing} consecutive passing-or-warning answers or
 *       {@code failuresBeforeCritical} consecutive critical answers (Consul's
 *       {@code success_before_passing} / {@code failures_before_critical}; a warning counts as a
 *       success, as in Consul's {@code StatusHandler}), so one flaky answer does not flap the
 *       instance. As in Consul, both counters start satisfied: the first answer applies at once.
 *       Between {@code failuresBeforeWarning} and {@code failuresBeforeCritical} critical answers
 *       the check is {@link HealthStatus#WARNING}.</li>
 *   <li><b>TTL</b>: the instance itself reports its status with
 *       {@link ServiceRegistry#updateTtlCheck}; without a report for {@code ttl} the check turns
 *       critical.</li>
 * </ul>
 *
 * <p>Both start in {@code initialStatus} ({@link HealthStatus#CRITICAL}, as in Consul, unless
 * set) and may deregister the instance once they have stayed critical for
 * {@code deregisterCriticalAfter}.
 *
 * <pre>{@code
 * HealthCheck http = HealthCheck.active("http", HealthProbe.http(client, uri))
 *         .interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(2))
 *         .failuresBeforeCritical(3)
 *         .deregisterCriticalAfter(Duration.ofMinutes(1))
 *         .build();
 * HealthCheck heartbeat = HealthCheck.ttl("heartbeat", Duration.ofSeconds(15)).build();
 * }</pre>
 *
 * <p>This class is immutable and threadsafe.
 */
public final class HealthCheck {

    /** The two kinds of check. */
    public enum Kind {
        /** Probed by the registry on an interval. */
        ACTIVE,
        /** Reported by the instance before its time-to-live runs out. */
        TTL
    }

    private final String name;
    private final Kind kind;
    private final HealthProbe probe;
    private final Duration interval;
    private final Duration timeout;
    private final Duration ttl;
    private final int successBeforePassing;
    private final int failuresBeforeCritical;
    private final int failuresBeforeWarning;
    private final HealthStatus initialStatus;
    private final Duration deregisterCriticalAfter;

    private HealthCheck(Builder b) {
        this.name = b.name;
        this.kind = b.kind;
        this.probe = b.probe;
        this.interval = b.interval;
        this.timeout = b.timeout;
        this.ttl = b.ttl;
        this.successBeforePassing = b.successBeforePassing;
        this.failuresBeforeCritical = b.failuresBeforeCritical;
        this.failuresBeforeWarning = b.failuresBeforeWarning == 0 ? b.failuresBeforeCritical : b.failuresBeforeWarning;
        this.initialStatus = b.initialStatus;
        this.deregisterCriticalAfter = b.deregisterCriticalAfter;
    }

    /** An active check named {@code name} that runs {@code probe}. Defaults: interval 10 s, timeout 5 s. */
    public static Builder active(String name, HealthProbe probe) {
        return new Builder(name, Kind.ACTIVE, Objects.requireNonNull(probe, "probe must not be null"), null);
    }

    /**
     * A TTL check named {@code name}: critical unless reported within {@code ttl}.
     *
     * @throws IllegalArgumentException if {@code ttl} is not positive
     */
    public static Builder ttl(String name, Duration ttl) {
        return new Builder(name, Kind.TTL, null, requirePositive(ttl, "ttl"));
    }

    /** The check's name, unique within an instance. */
    public String name() {
        return name;
    }

    /** Active or TTL. */
    public Kind kind() {
        return kind;
    }

    /** The probe of an active check; null for a TTL check. */
    public HealthProbe probe() {
        return probe;
    }

    /** How often an active check runs. */
    public Duration interval() {
        return interval;
    }

    /** How long an active probe may take before it counts as critical. */
    public Duration timeout() {
        return timeout;
    }

    /** The time-to-live of a TTL check; null for an active check. */
    public Duration ttl() {
        return ttl;
    }

    /** Consecutive passing answers needed before the check turns passing. */
    public int successBeforePassing() {
        return successBeforePassing;
    }

    /** Consecutive non-passing answers needed before the check leaves passing. */
    public int failuresBeforeCritical() {
        return failuresBeforeCritical;
    }

    /** Consecutive critical answers before warning (Consul's {@code failures_before_warning}). */
    public int failuresBeforeWarning() {
        return failuresBeforeWarning;
    }

    /** The status before the first answer. */
    public HealthStatus initialStatus() {
        return initialStatus;
    }

    /** How long the check may stay critical before the instance is deregistered; null for never. */
    public Duration deregisterCriticalAfter() {
        return deregisterCriticalAfter;
    }

    @Override
    public String toString() {
        return "HealthCheck[" + name + ", " + kind + (kind == Kind.TTL ? ", ttl=" + ttl : ", interval=" + interval
                + ", timeout=" + timeout) + "]";
    }

    /** The longest interval, timeout or TTL a check accepts: a year. */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    private static Duration requirePositive(Duration value, String field) {
        Objects.requireNonNull(value, field + " must not be null");
        if (value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(field + " must be in (0, " + MAX_DURATION + "], but was " + value);
        }
        return value;
    }

    /** Builds a {@link HealthCheck}; not threadsafe. */
    public static final class Builder {
        private final String name;
        private final Kind kind;
        private final HealthProbe probe;
        private final Duration ttl;
        private Duration interval = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofSeconds(5);
        private int successBeforePassing = 1;
        private int failuresBeforeCritical = 1;
        private int failuresBeforeWarning; // 0: same as failuresBeforeCritical, as in Consul
        private HealthStatus initialStatus = HealthStatus.CRITICAL;
        private Duration deregisterCriticalAfter;

        private Builder(String name, Kind kind, HealthProbe probe, Duration ttl) {
            this.name = ServiceInstance.requireName(name, "name");
            this.kind = kind;
            this.probe = probe;
            this.ttl = ttl;
        }

        /** How often an active probe runs; must be &gt; 0. Default 10 s. */
        public Builder interval(Duration interval) {
            this.interval = requirePositive(interval, "interval");
            return this;
        }

        /** How long an active probe may take; must be &gt; 0. Default 5 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = requirePositive(timeout, "timeout");
            return this;
        }

        /** Consecutive passing (or warning) answers before passing (or warning), in [1, 1000]. Default 1. */
        public Builder successBeforePassing(int count) {
            this.successBeforePassing = requireCount(count, "successBeforePassing");
            return this;
        }

        /** Consecutive critical answers before critical, in [1, 1000]. Default 1. */
        public Builder failuresBeforeCritical(int count) {
            this.failuresBeforeCritical = requireCount(count, "failuresBeforeCritical");
            return this;
        }

        /**
         * Consecutive critical answers before warning, in [1, 1000] (Consul's
         * {@code failures_before_warning}). Default: {@code failuresBeforeCritical}.
         */
        public Builder failuresBeforeWarning(int count) {
            this.failuresBeforeWarning = requireCount(count, "failuresBeforeWarning");
            return this;
        }

        /** The status before the first answer. Default {@link HealthStatus#CRITICAL}. */
        public Builder initialStatus(HealthStatus status) {
            this.initialStatus = Objects.requireNonNull(status, "status must not be null");
            return this;
        }

        /** Deregister the instance once this check has been critical this long; must be &gt; 0. */
        public Builder deregisterCriticalAfter(Duration deregisterCriticalAfter) {
            this.deregisterCriticalAfter = requirePositive(deregisterCriticalAfter, "deregisterCriticalAfter");
            return this;
        }

        /** Builds the check. */
        public HealthCheck build() {
            return new HealthCheck(this);
        }

        private static int requireCount(int count, String field) {
            if (count < 1 || count > 1000) {
                throw new IllegalArgumentException(field + " must be in [1, 1000], but was " + count);
            }
            return count;
        }
    }
}
