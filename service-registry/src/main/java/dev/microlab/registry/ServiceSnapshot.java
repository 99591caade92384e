package dev.microlab.registry;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

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
    private static final HealthStatus[] STATUSES = HealthStatus.values();
    private static final RegisteredInstance[] NO_ENTRIES = new RegisteredInstance[0];

    private final String service;
    private final long index;
    // Never written after construction, so snapshots may share them: the instances ordered by
    // id, their statuses (ordinals) in the same order, and the passing ones (the instance
    // array itself when every instance passes).
    private final ServiceInstance[] instanceArray;
    private final byte[] statusArray;
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

    /** Trusted: {@code sorted} is ordered by instance id and belongs to {@code service}. */
    private ServiceSnapshot(String service, long index, RegisteredInstance[] sorted) {
        this(service, index, instancesOf(sorted), statusesOf(sorted), passingOf(sorted));
    }

    /** Trusted: the arrays are ordered by instance id, belong to {@code service} and are never written. */
    private ServiceSnapshot(String service, long index, ServiceInstance[] instanceArray, byte[] statusArray,
                            ServiceInstance[] passingArray) {
        this.service = service;
        this.index = index;
        this.instanceArray = instanceArray;
        this.statusArray = statusArray;
        // the same instances in the same order when every one passes: share the array
        this.passingArray = passingArray.length == instanceArray.length ? instanceArray : passingArray;
        this.entries = new Entries(instanceArray, statusArray);
        this.instances = Collections.unmodifiableList(Arrays.asList(instanceArray));
        this.passing = this.passingArray == instanceArray
                ? this.instances // every instance passes: the same list
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
     * {@code newIndex}. Costs a binary search and one copy of the instance array (plus one of
     * the small status array, and of the passing array when not every instance passes): no
     * sort, no rebuild. This snapshot is unchanged.
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
        byte status = (byte) entry.status().ordinal();
        boolean passes = entry.status() == HealthStatus.PASSING;
        int at = search(instanceArray, id);
        ServiceInstance[] newInstances;
        byte[] newStatuses;
        if (at >= 0) {
            newInstances = instanceArray.clone();
            newInstances[at] = instance;
            newStatuses = statusArray.clone();
            newStatuses[at] = status;
        } else {
            int insertAt = -at - 1;
            newInstances = new ServiceInstance[instanceArray.length + 1];
            System.arraycopy(instanceArray, 0, newInstances, 0, insertAt);
            newInstances[insertAt] = instance;
            System.arraycopy(instanceArray, insertAt, newInstances, insertAt + 1, instanceArray.length - insertAt);
            newStatuses = new byte[statusArray.length + 1];
            System.arraycopy(statusArray, 0, newStatuses, 0, insertAt);
            newStatuses[insertAt] = status;
            System.arraycopy(statusArray, insertAt, newStatuses, insertAt + 1, statusArray.length - insertAt);
        }
        ServiceInstance[] newPassing;
        if (passes && passingArray == instanceArray) {
            newPassing = newInstances; // every instance passed, and still does: share, no copy
        } else {
            newPassing = withPassing(passingArray, id, passes ? instance : null);
        }
        return new ServiceSnapshot(service, checkIndex(newIndex), newInstances, newStatuses, newPassing);
    }

    /** {@code passing} with {@code id} removed, then {@code instance} inserted in id order if not null. */
    private static ServiceInstance[] withPassing(ServiceInstance[] passing, String id, ServiceInstance instance) {
        int p = search(passing, id);
        if (instance != null) {
            if (p >= 0) {
                ServiceInstance[] next = passing.clone();
                next[p] = instance;
                return next;
            }
            int insertAt = -p - 1;
            ServiceInstance[] next = new ServiceInstance[passing.length + 1];
            System.arraycopy(passing, 0, next, 0, insertAt);
            next[insertAt] = instance;
            System.arraycopy(passing, insertAt, next, insertAt + 1, passing.length - insertAt);
            return next;
        }
        if (p < 0) {
            return passing; // never written: sharing it is safe
        }
        ServiceInstance[] next = new ServiceInstance[passing.length - 1];
        System.arraycopy(passing, 0, next, 0, p);
        System.arraycopy(passing, p + 1, next, p, passing.length - p - 1);
        return next;
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
        ServiceInstance[] all = new ServiceInstance[entries.length];
        for (int i = 0; i < entries.length; i++) {
            all[i] = entries[i].instance();
        }
        return all;
    }

    private static byte[] statusesOf(RegisteredInstance[] entries) {
        byte[] statuses = new byte[entries.length];
        for (int i = 0; i < entries.length; i++) {
            statuses[i] = (byte) entries[i].status().ordinal();
        }
        return statuses;
    }

    /** The passing instances, in the order of {@code entries}. */
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

    /** The entries as a read-only list over the two arrays; an entry is created when read. */
    private static final class Entries extends AbstractList<RegisteredInstance> implements RandomAccess {
        private final ServiceInstance[] instances;
        private final byte[] statuses;

        Entries(ServiceInstance[] instances, byte[] statuses) {
            this.instances = instances;
            this.statuses = statuses;
        }

        @Override
        public RegisteredInstance get(int i) {
            return new RegisteredInstance(instances[i], STATUSES[statuses[i]]);
        }

        @Override
        public int size() {
            return instances.length;
        }
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
        return at >= 0 ? STATUSES[statusArray[at]] : null;
    }

    @Override
    public String toString() {
        return "ServiceSnapshot[" + service + ", index=" + index + ", instances=" + instances.size()
                + ", passing=" + passing.size() + "]";
    }
}
