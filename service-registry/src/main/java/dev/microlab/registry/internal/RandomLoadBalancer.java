package dev.microlab.registry.internal;

import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.ServiceInstance;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Uniform random picks. Threadsafe if its generator is. */
public final class RandomLoadBalancer implements LoadBalancer {

    private final RandomGenerator random;

    /** A balancer drawing from {@code random}. */
    public RandomLoadBalancer(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Optional<ServiceInstance> choose(List<ServiceInstance> candidates) {
        Objects.requireNonNull(candidates, "candidates must not be null");
        int n = candidates.size();
        if (n == 0) {
            return Optional.empty();
        }
        return Optional.of(candidates.get(n == 1 ? 0 : random.nextInt(n)));
    }

    @Override
    public String toString() {
        return "Random[" + random + "]";
    }
}
