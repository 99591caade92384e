package dev.microlab.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, versioned view of one service's instances: what every discovery call returns.
 *
 * <p>The registry builds a new snapshot on every change of the service (copy-on-write) and
 * publishes it with one volatile write, so a reader never takes a lock and never sees half of a
 * change: the instance list, the passing list and the {@link #index()} always belong together.
 * The index is the registry's modify index at the change (Consul's {@code X-Consul-Index}); it
 * only grows for a given service. Instances are ordered by instance id, so round robin over a
 * snapshot is stable.
 *
 * <pre>{@code
 * ServiceSnapshot users = registry.snapshot("user-service");
 * List<ServiceInstance> healthy = users.passing();
 * List<ServiceInstance> canaries = users.select(true, Map.of("version", "v2"));
 * }</pre>
 *
 * <p>This class is immutable and threadsafe.
 */
public final class ServiceSnapshot {

    private static final Comparator<RegisteredInstance> BY_ID =
            Comparator.comparing(r -> r.instance().instanceId());

    private final String service;
    private final long index;
    private final List<RegisteredInstance> entries;
    private final List<ServiceInstance> instances;
    private final List<ServiceInstance> passing;

    /**
     * A snapshot of {@code service} at {@code index}.
     *
     * @throws IllegalArgumentException if {@code index} is negative or an entry belongs to another service
     */
    public ServiceSnapshot(String service, long index, List<RegisteredInstance> entries) {
        this.service = ServiceInstance.requireName(service, "service");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, but was " + index);
        }
        this.index = index;
        List<RegisteredInstance> sorted = new ArrayList<>(Objects.requireNonNull(entries, "entries must not be null"));
        sorted.sort(BY_ID);
        List<ServiceInstance> all = new ArrayList<>(sorted.size());
        List<ServiceInstance> ok = new ArrayList<>(sorted.size());
        for (RegisteredInstance entry : sorted) {
            if (!entry.instance().service().equals(service)) {
                throw new IllegalArgumentException("entry " + entry.instance() + " does not belong to service '"
                        + service + "'");
            }
            all.add(entry.instance());
            if (entry.status() == HealthStatus.PASSING) {
                ok.add(entry.instance());
            }
        }
        this.entries = List.copyOf(sorted);
        this.instances = List.copyOf(all);
        this.passing = List.copyOf(ok);
    }

    /** An empty snapshot at {@code index}. */
    public static ServiceSnapshot empty(String service, long index) {
        return new ServiceSnapshot(service, index, List.of());
    }

    /** The service name. */
    public String service() {
        return service;
    }

    /** The modify index of the change that produced this snapshot; 0 for a service never seen. */
    public long index() {
        return index;
    }

    /** Every registered instance with its health, ordered by instance id. */
    public List<RegisteredInstance> entries() {
        return entries;
    }

    /** Every registered instance, whatever its health, ordered by instance id. */
    public List<ServiceInstance> instances() {
        return instances;
    }

    /** The instances whose status is {@link HealthStatus#PASSING}, ordered by instance id. */
    public List<ServiceInstance> passing() {
        return passing;
    }

    /** Whether the service has no instance at all. */
    public boolean isEmpty() {
        return instances.isEmpty();
    }

    /**
     * The instances that carry every label of {@code labels}, among the passing ones or all.
     * With no labels this returns {@link #passing()} or {@link #instances()} without copying.
     */
    public List<ServiceInstance> select(boolean passingOnly, Map<String, String> labels) {
        Objects.requireNonNull(labels, "labels must not be null");
        List<ServiceInstance> source = passingOnly ? passing : instances;
        if (labels.isEmpty()) {
            return source;
        }
        List<ServiceInstance> out = new ArrayList<>();
        for (ServiceInstance instance : source) {
            if (instance.hasLabels(labels)) {
                out.add(instance);
            }
        }
        return List.copyOf(out);
    }

    /** The status of {@code instanceId} in this snapshot, or null if it is not registered. */
    public HealthStatus statusOf(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId must not be null");
        for (RegisteredInstance entry : entries) {
            if (entry.instance().instanceId().equals(instanceId)) {
                return entry.status();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ServiceSnapshot[" + service + ", index=" + index + ", instances=" + instances.size()
                + ", passing=" + passing.size() + "]";
    }
}
