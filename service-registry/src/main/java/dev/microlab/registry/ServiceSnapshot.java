package dev.microlab.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
    private static final RegisteredInstance[] NO_ENTRIES = new RegisteredInstance[0];
    private static final ServiceInstance[] NO_INSTANCES = new ServiceInstance[0];

    private final String service;
    private final long index;
    // The arrays are never written after construction; the lists are read-only views of them.
    private final RegisteredInstance[] entryArray;
    private final ServiceInstance[] instanceArray;
    private final ServiceInstance[] passingArray;
    private final List<RegisteredInstance> entries;
    private final List<ServiceInstance> instances;
    private final List<ServiceInstance> passing;

    /**
     * A snapshot of {@code service} at {@code index}.
     *
     * @throws IllegalArgumentException if {@code index} is negative or an entry belongs to another service
     */
    public ServiceSnapshot(String service, long index, List<RegisteredInstance> entries) {
        this(ServiceInstance.requireName(service, "service"), checkIndex(index),
                sortedCopy(service, Objects.requireNonNull(entries, "entries must not be null")));
    }

    /** Trusted: {@code sorted} is ordered by instance id, belongs to {@code service} and is not shared. */
    private ServiceSnapshot(String service, long index, RegisteredInstance[] sorted) {
        this(service, index, sorted, instancesOf(sorted), passingOf(sorted));
    }

    /** Trusted: every array is ordered by instance id, belongs to {@code service} and is not shared. */
    private ServiceSnapshot(String service, long index, RegisteredInstance[] entryArray,
                            ServiceInstance[] instanceArray, ServiceInstance[] passingArray) {
        this.service = service;
        this.index = index;
        this.entryArray = entryArray;
        this.instanceArray = instanceArray;
        this.passingArray = passingArray;
        this.entries = Collections.unmodifiableList(Arrays.asList(entryArray));
        this.instances = Collections.unmodifiableList(Arrays.asList(instanceArray));
        this.passing = passingArray.length == instanceArray.length
                ? this.instances // every instance passes: share the list
                : Collections.unmodifiableList(Arrays.asList(passingArray));
    }

    /**
     * A snapshot of a service from entries already ordered by instance id with no duplicate id,
     * all of {@code service}: one pass, no sort. For the registry, which keeps its records ordered.
     */
    static ServiceSnapshot ofSorted(String service, long index, List<RegisteredInstance> sortedEntries) {
        return new ServiceSnapshot(service, checkIndex(index), sortedEntries.toArray(NO_ENTRIES));
    }

    /**
     * This snapshot with {@code entry} added, or replacing the entry of the same instance id, at
     * {@code newIndex}. Costs a binary search and one copy of each array (no sort, no rebuild):
     * registering n instances one by one is O(n²) copying at worst, not O(n² log n) sorting.
     *
     * @throws IllegalArgumentException if the entry belongs to another service
     */
    ServiceSnapshot with(long newIndex, RegisteredInstance entry) {
        Objects.requireNonNull(entry, "entry must not be null");
        ServiceInstance instance = entry.instance();
        if (!instance.service().equals(service)) {
            throw new IllegalArgumentException("entry " + instance + " does not belong to service '" + service + "'");
        }
        String id = instance.instanceId();
        int at = search(instanceArray, id);
        RegisteredInstance[] newEntries;
        ServiceInstance[] newInstances;
        if (at >= 0) {
            newEntries = entryArray.clone();
            newEntries[at] = entry;
            newInstances = instanceArray.clone();
            newInstances[at] = instance;
        } else {
            int insertAt = -at - 1;
            newEntries = inserted(entryArray, new RegisteredInstance[entryArray.length + 1], insertAt, entry);
            newInstances = inserted(instanceArray, new ServiceInstance[instanceArray.length + 1], insertAt, instance);
        }
        int p = search(passingArray, id);
        ServiceInstance[] newPassing;
        if (entry.status() == HealthStatus.PASSING) {
            if (p >= 0) {
                newPassing = passingArray.clone();
                newPassing[p] = instance;
            } else {
                newPassing = inserted(passingArray, new ServiceInstance[passingArray.length + 1], -p - 1, instance);
            }
        } else if (p >= 0) {
            newPassing = new ServiceInstance[passingArray.length - 1];
            System.arraycopy(passingArray, 0, newPassing, 0, p);
            System.arraycopy(passingArray, p + 1, newPassing, p, passingArray.length - p - 1);
        } else {
            newPassing = passingArray; // never written: sharing it is safe
        }
        return new ServiceSnapshot(service, checkIndex(newIndex), newEntries, newInstances, newPassing);
    }

    private static <T> T[] inserted(T[] from, T[] to, int at, T element) {
        System.arraycopy(from, 0, to, 0, at);
        to[at] = element;
        System.arraycopy(from, at, to, at + 1, from.length - at);
        return to;
    }

    /** Binary search by instance id: the position, or {@code -(insertion point) - 1}. */
    private static int search(ServiceInstance[] sorted, String id) {
        int low = 0;
        int high = sorted.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = sorted[mid].instanceId().compareTo(id);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    private static long checkIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, but was " + index);
        }
        return index;
    }

    private static RegisteredInstance[] sortedCopy(String service, List<RegisteredInstance> entries) {
        RegisteredInstance[] sorted = entries.toArray(NO_ENTRIES);
        for (RegisteredInstance entry : sorted) {
            Objects.requireNonNull(entry, "entries must not contain null");
            if (!entry.instance().service().equals(service)) {
                throw new IllegalArgumentException("entry " + entry.instance() + " does not belong to service '"
                        + service + "'");
            }
        }
        Arrays.sort(sorted, BY_ID);
        return sorted;
    }

    private static ServiceInstance[] instancesOf(RegisteredInstance[] entries) {
        if (entries.length == 0) {
            return NO_INSTANCES;
        }
        ServiceInstance[] all = new ServiceInstance[entries.length];
        for (int i = 0; i < entries.length; i++) {
            all[i] = entries[i].instance();
        }
        return all;
    }

    private static ServiceInstance[] passingOf(RegisteredInstance[] entries) {
        int count = 0;
        for (RegisteredInstance entry : entries) {
            if (entry.status() == HealthStatus.PASSING) {
                count++;
            }
        }
        ServiceInstance[] ok = new ServiceInstance[count];
        int i = 0;
        for (RegisteredInstance entry : entries) {
            if (entry.status() == HealthStatus.PASSING) {
                ok[i++] = entry.instance();
            }
        }
        return ok;
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
        int at = search(instanceArray, instanceId);
        return at >= 0 ? entryArray[at].status() : null;
    }

    @Override
    public String toString() {
        return "ServiceSnapshot[" + service + ", index=" + index + ", instances=" + instances.size()
                + ", passing=" + passing.size() + "]";
    }
}
