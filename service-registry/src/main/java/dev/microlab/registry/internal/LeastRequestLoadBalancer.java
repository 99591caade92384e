package dev.microlab.registry.internal;

import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.ServiceInstance;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Least outstanding requests among {@code choiceCount} random candidates (power of two choices by
 * default), or among all candidates when there are no more than {@code choiceCount}. Threadsafe if
 * its generator and load function are.
 */
public final class LeastRequestLoadBalancer implements LoadBalancer {

    private final ToIntFunction<ServiceInstance> outstanding;
    private final RandomGenerator random;
    private final int choiceCount;

    /**
     * A balancer comparing {@code outstanding} requests.
     *
     * @throws IllegalArgumentException if {@code choiceCount < 2}
     */
    public LeastRequestLoadBalancer(ToIntFunction<ServiceInstance> outstanding, RandomGenerator random,
                                    int choiceCount) {
        if (choiceCount < 2) {
            throw new IllegalArgumentException("choiceCount must be in [2, 2147483647], but was " + choiceCount);
        }
        this.outstanding = outstanding;
        this.random = random;
        this.choiceCount = choiceCount;
    }

    @Override
    public Optional<ServiceInstance> choose(List<ServiceInstance> candidates) {
        Objects.requireNonNull(candidates, "candidates must not be null");
        int n = candidates.size();
        if (n == 0) {
            return Optional.empty();
        }
        if (n == 1) {
            return Optional.of(candidates.get(0));
        }
        if (choiceCount >= n) {
            return Optional.of(scanAll(candidates, n));
        }
        if (choiceCount == 2) {
            int first = random.nextInt(n);
            int second = random.nextInt(n - 1);
            if (second >= first) {
                second++;
            }
            ServiceInstance a = candidates.get(first);
            ServiceInstance b = candidates.get(second);
            return Optional.of(outstanding.applyAsInt(b) < outstanding.applyAsInt(a) ? b : a);
        }
        ServiceInstance best = candidates.get(random.nextInt(n));
        int bestLoad = outstanding.applyAsInt(best);
        for (int i = 1; i < choiceCount; i++) {
            ServiceInstance other = candidates.get(random.nextInt(n));
            int load = outstanding.applyAsInt(other);
            if (load < bestLoad) {
                best = other;
                bestLoad = load;
            }
        }
        return Optional.of(best);
    }

    private ServiceInstance scanAll(List<ServiceInstance> candidates, int n) {
        int start = random.nextInt(n);
        ServiceInstance best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            ServiceInstance candidate = candidates.get((start + k) % n);
            int load = outstanding.applyAsInt(candidate);
            if (best == null || load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "LeastRequest[choiceCount=" + choiceCount + "]";
    }
}
