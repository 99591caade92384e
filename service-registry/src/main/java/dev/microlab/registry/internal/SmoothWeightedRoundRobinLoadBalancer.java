package dev.microlab.registry.internal;

import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.ServiceInstance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * nginx's smooth weighted round robin ({@code ngx_http_upstream_get_peer}): every pick adds each
 * candidate's weight to its current weight, chooses the largest current weight (the first one on a
 * tie) and subtracts the total weight of the candidates from it. Over {@code sum(weights)} picks each
 * candidate is chosen exactly its weight times, spread out.
 *
 * <p><b>State, as in nginx.</b> Each peer keeps its current weight when the candidate list changes:
 * a peer that is left out for a while (nginx skips a peer that is down or failed) keeps the value
 * it had and carries on from there when it comes back; nothing is reset. State is kept per group
 * ({@link #choose(String, List)}), as nginx keeps it per {@code upstream} block, so two subsets
 * that share a peer do not disturb each other's shares.
 *
 * <p><b>Cost.</b> The picks of one list are a pure function of the peers' weights and current
 * weights, so they are computed once, as a schedule of one cycle ({@code sum(weights)} picks), with
 * one priority queue per distinct weight (a peer's current weight grows at the rate of its weight, so
 * within one weight the order never changes between picks). A pick on an unchanged list is then one
 * atomic increment and one array read, whatever the number of candidates. When the cycle would be
 * too long to store, picks scan the candidates, as nginx does.
 *
 * <p>This class is threadsafe; picks on an unchanged list take no lock.
 */
public final class SmoothWeightedRoundRobinLoadBalancer implements LoadBalancer {

    /** The longest cycle stored as a schedule (4 MiB of indexes). */
    static final long MAX_SCHEDULE = 1 << 20;
    /** The most work spent computing one schedule (cycle length × distinct weights). */
    static final long MAX_SCHEDULE_WORK = 1L << 26;

    private final ToIntFunction<ServiceInstance> weigher;
    private final Group defaultGroup = new Group();
    private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();

    /** A balancer on the weights {@code weigher} gives. */
    public SmoothWeightedRoundRobinLoadBalancer(ToIntFunction<ServiceInstance> weigher) {
        this.weigher = weigher;
    }

    @Override
    public Optional<ServiceInstance> choose(List<ServiceInstance> candidates) {
        return defaultGroup.choose(candidates);
    }

    @Override
    public Optional<ServiceInstance> choose(String group, List<ServiceInstance> candidates) {
        Objects.requireNonNull(group, "group must not be null");
        return groups.computeIfAbsent(group, g -> new Group()).choose(candidates);
    }

    @Override
    public String toString() {
        return "SmoothWeightedRoundRobin[groups=" + (groups.size() + 1) + "]";
    }

    /** The state of one candidate set. */
    private final class Group {
        /** Current weights of peers of earlier lists, by instance id: a peer left out keeps its own. */
        private final Map<String, Long> saved = new HashMap<>();
        private volatile Cycle cycle = new Cycle(List.of(), new int[0], new long[0], 0);

        Optional<ServiceInstance> choose(List<ServiceInstance> list) {
            Objects.requireNonNull(list, "candidates must not be null");
            if (list.isEmpty()) {
                return Optional.empty();
            }
            Cycle c = cycle;
            if (c.list == list && c.periodic) {
                long p = c.position.getAndIncrement();
                return Optional.of(list.get(c.order[(int) (p % c.length)]));
            }
            return slowChoose(list);
        }

        private synchronized Optional<ServiceInstance> slowChoose(List<ServiceInstance> list) {
            Cycle c = cycle;
            if (c.list != list) {
                if (!list.equals(c.list)) {
                    c = switchTo(c, list);
                } else {
                    c = c.withList(list);
                }
                cycle = c;
            }
            if (c.periodic) {
                long p = c.position.getAndIncrement();
                return Optional.of(list.get(c.order[(int) (p % c.length)]));
            }
            if (c.order != null) {
                // a schedule that does not end where it started (peers came back with old weights):
                // play it once, then compute the next cycle from where it ended
                int p = (int) c.position.getAndIncrement();
                if (p + 1 == c.length) {
                    cycle = new Cycle(list, c.weights, c.endState(), c.total);
                }
                return Optional.of(list.get(c.order[p]));
            }
            return Optional.of(list.get(c.next()));
        }

        /** Saves the current weights of the old list's peers, then starts the new list from theirs. */
        private Cycle switchTo(Cycle old, List<ServiceInstance> list) {
            long[] current = old.currentWeights();
            for (int i = 0; i < old.list.size(); i++) {
                saved.put(old.list.get(i).instanceId(), current[i]);
            }
            int n = list.size();
            int[] weights = new int[n];
            long[] start = new long[n];
            long total = 0;
            for (int i = 0; i < n; i++) {
                ServiceInstance instance = list.get(i);
                int weight = weigher.applyAsInt(instance);
                if (weight <= 0) {
                    throw new IllegalArgumentException("weight of " + instance
                            + " must be in [1, 2147483647], but was " + weight);
                }
                weights[i] = weight;
                total += weight;
                start[i] = saved.getOrDefault(instance.instanceId(), 0L);
            }
            if (saved.size() > 4 * Math.max(n, 64)) {
                saved.keySet().retainAll(list.stream().map(ServiceInstance::instanceId).toList());
            }
            return new Cycle(list, weights, start, total);
        }
    }

    /**
     * One list's picks from a starting state: a stored schedule of one cycle when it is affordable,
     * otherwise nginx's scan over live current weights.
     */
    private static final class Cycle {
        final List<ServiceInstance> list;
        final int[] weights;
        final long total;
        final long[] start;
        final int[] order;        // null: scan mode
        final int length;
        final boolean periodic;   // the schedule ends in its starting state, so it repeats
        final AtomicLong position = new AtomicLong();
        long[] live;              // scan mode, or a schedule that does not repeat: guarded by the group

        Cycle(List<ServiceInstance> list, int[] weights, long[] start, long total) {
            this(list, weights, start, total, schedule(weights, start, total));
        }

        private Cycle(List<ServiceInstance> list, int[] weights, long[] start, long total, int[] order) {
            this.list = list;
            this.weights = weights;
            this.start = start;
            this.total = total;
            this.order = order;
            this.length = order == null ? 0 : order.length;
            this.periodic = order != null && order.length > 0 && Arrays.equals(endState(), start);
            if (order == null) {
                live = start.clone();
            }
        }

        /** The same cycle for an equal list object, at the same position. */
        Cycle withList(List<ServiceInstance> equal) {
            Cycle c = new Cycle(equal, weights, start, total, order);
            c.position.set(position.get());
            if (order == null) {
                c.live = live.clone();
            }
            return c;
        }

        /** The next pick in scan mode (caller holds the group's lock). */
        int next() {
            int n = weights.length;
            int best = -1;
            for (int i = 0; i < n; i++) {
                live[i] += weights[i];
                if (best < 0 || live[i] > live[best]) {
                    best = i;
                }
            }
            live[best] -= total;
            return best;
        }

        /** The current weight of every peer now. */
        long[] currentWeights() {
            if (order == null) {
                return live.clone();
            }
            long pos = periodic ? position.get() % Math.max(1, length) : Math.min(position.get(), length);
            long[] current = start.clone();
            for (int i = 0; i < current.length; i++) {
                current[i] += pos * weights[i];
            }
            for (int k = 0; k < pos; k++) {
                current[order[k]] -= total;
            }
            return current;
        }

        long[] endState() {
            long[] end = start.clone();
            for (int i = 0; i < end.length; i++) {
                end[i] += (long) length * weights[i];
            }
            for (int k : order) {
                end[k] -= total;
            }
            return end;
        }

        /**
         * One cycle of picks from {@code start}, or null when too long. A peer's value after t adds is
         * {@code base + t × weight}, its base dropping by {@code total} when picked: within one weight
         * the largest base (then the lowest index) leads, so one queue per weight is enough.
         */
        private static int[] schedule(int[] weights, long[] start, long total) {
            if (weights.length == 0) {
                return new int[0];
            }
            Map<Integer, PriorityQueue<long[]>> byWeight = new HashMap<>();
            for (int i = 0; i < weights.length; i++) {
                byWeight.computeIfAbsent(weights[i], w -> new PriorityQueue<>((a, b) -> a[0] != b[0]
                        ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]))).add(new long[] {start[i], i});
            }
            if (total > MAX_SCHEDULE || total * byWeight.size() > MAX_SCHEDULE_WORK) {
                return null;
            }
            int[] distinct = new int[byWeight.size()];
            List<PriorityQueue<long[]>> queues = new ArrayList<>(distinct.length);
            for (Map.Entry<Integer, PriorityQueue<long[]>> e : byWeight.entrySet()) {
                distinct[queues.size()] = e.getKey();
                queues.add(e.getValue());
            }
            int[] order = new int[(int) total];
            for (int t = 1; t <= total; t++) {
                int bestGroup = -1;
                long bestValue = 0;
                long bestIndex = 0;
                for (int q = 0; q < distinct.length; q++) {
                    long[] top = queues.get(q).peek();
                    long value = top[0] + (long) t * distinct[q];
                    if (bestGroup < 0 || value > bestValue || (value == bestValue && top[1] < bestIndex)) {
                        bestGroup = q;
                        bestValue = value;
                        bestIndex = top[1];
                    }
                }
                PriorityQueue<long[]> queue = queues.get(bestGroup);
                long[] chosen = queue.poll();
                chosen[0] -= total;
                queue.add(chosen);
                order[t - 1] = (int) chosen[1];
            }
            return order;
        }
    }
}
