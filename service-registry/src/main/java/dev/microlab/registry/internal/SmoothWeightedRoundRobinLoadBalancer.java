package dev.microlab.registry.internal;

import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.ServiceInstance;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * nginx's smooth weighted round robin: every pick adds each candidate's weight to its current
 * value, chooses the largest current value and subtracts the total weight from it. Over
 * {@code sum(weights)} picks each candidate is chosen exactly its weight times, spread out.
 * The state resets when the candidate list changes. This class is threadsafe (picks are
 * serialised, as in nginx).
 */
public final class SmoothWeightedRoundRobinLoadBalancer implements LoadBalancer {

    private final ToIntFunction<ServiceInstance> weigher;
    private List<ServiceInstance> candidates = List.of();
    private int[] weights = new int[0];
    private long[] current = new long[0];
    private long total;

    /** A balancer on the weights {@code weigher} gives. */
    public SmoothWeightedRoundRobinLoadBalancer(ToIntFunction<ServiceInstance> weigher) {
        this.weigher = weigher;
    }

    @Override
    public synchronized Optional<ServiceInstance> choose(List<ServiceInstance> list) {
        Objects.requireNonNull(list, "candidates must not be null");
        int n = list.size();
        if (n == 0) {
            return Optional.empty();
        }
        if (list != candidates) {
            if (!list.equals(candidates)) {
                reset(list);
            }
            candidates = list;
        }
        int best = -1;
        for (int i = 0; i < n; i++) {
            current[i] += weights[i];
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= total;
        return Optional.of(list.get(best));
    }

    private void reset(List<ServiceInstance> list) {
        int n = list.size();
        int[] w = new int[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            ServiceInstance instance = list.get(i);
            int weight = weigher.applyAsInt(instance);
            if (weight <= 0) {
                throw new IllegalArgumentException("weight of " + instance + " must be in [1, 2147483647], but was "
                        + weight);
            }
            w[i] = weight;
            sum += weight;
        }
        weights = w;
        current = new long[n];
        total = sum;
    }

    @Override
    public String toString() {
        return "SmoothWeightedRoundRobin[candidates=" + candidates.size() + ", totalWeight=" + total + "]";
    }
}
