package dev.microlab.exercises.registry;

import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.List;

/**
 * Exercise 11: the course's Consul service registry, in process, with TTL checks.
 * Instructions: {@code exercises/instructions/11-service-registry/README.md}.
 *
 * <p>An instance registers, then proves it is alive with a heartbeat at least once per
 * {@code ttl}. {@link #discover} returns only <em>passing</em> instances — those whose last
 * heartbeat (or registration) is less than {@code ttl} ago. An instance that stays critical for
 * {@code deregisterCriticalAfter} more is removed, like Consul's
 * {@code DeregisterCriticalServiceAfter}: it must register again.
 *
 * <pre>{@code
 * ServiceRegistry registry = new ServiceRegistry(Duration.ofSeconds(10), Duration.ofMinutes(1), TimeSource.system());
 * registry.register(new ServiceInstance("order-service", "order-service-1", "10.0.0.5", 8000));
 * registry.heartbeat("order-service-1");                       // every few seconds
 * List<ServiceInstance> orders = registry.discover("order-service");
 * }</pre>
 */
public final class ServiceRegistry {

    /**
     * @param ttl                     how often an instance must heartbeat to stay passing, positive
     * @param deregisterCriticalAfter how long an instance may stay critical before it is removed, positive
     * @param timeSource              where time is read
     * @throws IllegalArgumentException naming the setting that is not positive
     */
    public ServiceRegistry(Duration ttl, Duration deregisterCriticalAfter, TimeSource timeSource) {
        throw new UnsupportedOperationException("TODO: validate and keep the settings");
    }

    /**
     * Registers {@code instance} as passing (registering counts as a heartbeat). Registering an
     * id again replaces the old registration.
     *
     * @throws IllegalArgumentException if a name, id or address is blank or the port is not in 1..65535
     */
    public void register(ServiceInstance instance) {
        throw new UnsupportedOperationException("TODO: validate; keep the instance with the time of registration");
    }

    /**
     * The instance is alive: passing again for another {@code ttl}.
     *
     * @throws IllegalArgumentException if the instance is not registered (or was removed)
     */
    public void heartbeat(String instanceId) {
        throw new UnsupportedOperationException("TODO: remember now as the instance's last heartbeat");
    }

    /** Removes the instance at once (a clean shutdown). Unknown ids are ignored. */
    public void deregister(String instanceId) {
        throw new UnsupportedOperationException("TODO: forget the instance");
    }

    /**
     * The health of a registered instance.
     *
     * @throws IllegalArgumentException if the instance is not registered (or was removed)
     */
    public HealthStatus health(String instanceId) {
        throw new UnsupportedOperationException("TODO: PASSING if the last heartbeat is less than ttl ago");
    }

    /** The passing instances of {@code serviceName}, by instance id. */
    public List<ServiceInstance> discover(String serviceName) {
        throw new UnsupportedOperationException("TODO: the service's passing instances, sorted by id");
    }
}
