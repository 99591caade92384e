package dev.microlab.registry;

/**
 * The health of a check or of an instance, in Consul's three levels.
 *
 * <p>An instance's status is the worst status of its checks ({@code PASSING} when it has none).
 * Discovery with "passing only" returns {@code PASSING} instances; {@code WARNING} instances are
 * reachable but flagged, as in Consul's {@code ?passing} filter.
 *
 * <pre>{@code
 * HealthStatus worst = HealthStatus.PASSING.worst(HealthStatus.WARNING);   // WARNING
 * }</pre>
 *
 * <p>Enum constants are immutable; this type is threadsafe.
 */
public enum HealthStatus {
    /** Healthy. */
    PASSING,
    /** Degraded but serving; excluded from passing-only discovery. */
    WARNING,
    /** Failing; excluded from passing-only discovery and deregistered if it stays so too long. */
    CRITICAL;

    /** The worse of this status and {@code other}. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
