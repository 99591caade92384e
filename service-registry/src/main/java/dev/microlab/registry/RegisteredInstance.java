package dev.microlab.registry;

import java.util.Objects;

/**
 * An instance as the registry sees it in one snapshot: the instance and its aggregated health.
 *
 * <pre>{@code
 * registry.snapshot("orders").entries().forEach(e -> log.info("{} is {}", e.instance(), e.status()));
 * }</pre>
 *
 * <p>Records are immutable; this class is threadsafe.
 *
 * @param instance the instance
 * @param status   the worst status of its health checks ({@link HealthStatus#PASSING} without checks)
 */
public record RegisteredInstance(ServiceInstance instance, HealthStatus status) {

    /** Validates the components. */
    public RegisteredInstance {
        Objects.requireNonNull(instance, "instance must not be null");
        Objects.requireNonNull(status, "status must not be null");
    }
}
