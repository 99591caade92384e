package dev.microlab.exercises.registry;

/** The state of an instance's TTL check, as Consul names it. */
public enum HealthStatus {
    /** A heartbeat arrived within the TTL: the instance is discoverable. */
    PASSING,
    /** No heartbeat for a whole TTL: the instance is hidden from discovery. */
    CRITICAL
}
