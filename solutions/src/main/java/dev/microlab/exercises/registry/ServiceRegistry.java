package dev.microlab.exercises.registry;

import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exercise 11: the course's Consul service registry, in process, with TTL checks.
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
 *
 * <p>This class is threadsafe.
 */
public final class ServiceRegistry {

    private record Entry(ServiceInstance instance, long lastHeartbeatNanos) {
    }

    private final long ttlNanos;
    private final long removeAfterNanos;
    private final TimeSource timeSource;
    private final Map<String, Entry> entries = new HashMap<>();

    /**
     * @param ttl                     how often an instance must heartbeat to stay passing, positive
     * @param deregisterCriticalAfter how long an instance may stay critical before it is removed, positive
     * @param timeSource              where time is read
     * @throws IllegalArgumentException naming the setting that is not positive
     */
    public ServiceRegistry(Duration ttl, Duration deregisterCriticalAfter, TimeSource timeSource) {
        Objects.requireNonNull(ttl, "ttl must not be null");
        Objects.requireNonNull(deregisterCriticalAfter, "deregisterCriticalAfter must not be null");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
        }
        if (deregisterCriticalAfter.isZero() || deregisterCriticalAfter.isNegative()) {
            throw new IllegalArgumentException("deregisterCriticalAfter must be positive, but was " + deregisterCriticalAfter);
        }
        this.ttlNanos = ttl.toNanos();
        this.removeAfterNanos = ttlNanos + deregisterCriticalAfter.toNanos();
    }

    /**
     * Registers {@code instance} as passing (registering counts as a heartbeat). Registering an
     * id again replaces the old registration.
     *
     * @throws IllegalArgumentException if a name, id or address is blank or the port is not in 1..65535
     */
    public synchronized void register(ServiceInstance instance) {
        Objects.requireNonNull(instance, "instance must not be null");
        requireText(instance.serviceName(), "serviceName");
        requireText(instance.instanceId(), "instanceId");
        requireText(instance.address(), "address");
        if (instance.port() < 1 || instance.port() > 65_535) {
            throw new IllegalArgumentException("port must be in [1, 65535], but was " + instance.port());
        }
        entries.put(instance.instanceId(), new Entry(instance, timeSource.nanoTime()));
    }

    /**
     * The instance is alive: passing again for another {@code ttl}.
     *
     * @throws IllegalArgumentException if the instance is not registered (or was removed)
     */
    public synchronized void heartbeat(String instanceId) {
        Entry entry = existing(instanceId);
        entries.put(instanceId, new Entry(entry.instance(), timeSource.nanoTime()));
    }

    /** Removes the instance at once (a clean shutdown). Unknown ids are ignored. */
    public synchronized void deregister(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId must not be null");
        entries.remove(instanceId);
    }

    /**
     * The health of a registered instance.
     *
     * @throws IllegalArgumentException if the instance is not registered (or was removed)
     */
    public synchronized HealthStatus health(String instanceId) {
        return isPassing(existing(instanceId)) ? HealthStatus.PASSING : HealthStatus.CRITICAL;
    }

    /** The passing instances of {@code serviceName}, by instance id. */
    public synchronized List<ServiceInstance> discover(String serviceName) {
        Objects.requireNonNull(serviceName, "serviceName must not be null");
        return entries.values().stream()
                .filter(e -> e.instance().serviceName().equals(serviceName))
                .filter(this::isPassing)
                .map(Entry::instance)
                .sorted(Comparator.comparing(ServiceInstance::instanceId))
                .toList();
    }

    private boolean isPassing(Entry entry) {
        return timeSource.nanoTime() - entry.lastHeartbeatNanos() < ttlNanos;
    }

    private Entry existing(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId must not be null");
        removeExpired();
        Entry entry = entries.get(instanceId);
        if (entry == null) {
            throw new IllegalArgumentException("unknown instance " + instanceId + ": register it first");
        }
        return entry;
    }

    private void removeExpired() {
        long now = timeSource.nanoTime();
        entries.values().removeIf(e -> now - e.lastHeartbeatNanos() >= removeAfterNanos);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
