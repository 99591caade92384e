package dev.microlab.registry.internal;

import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.ServiceInstance;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Round robin on a long counter; a single candidate does not move it. This class is threadsafe. */
public final class RoundRobinLoadBalancer implements LoadBalancer {

    private final AtomicLong position;

    /** A balancer whose next pick is at {@code startPosition} (mod the number of candidates). */
    public RoundRobinLoadBalancer(long startPosition) {
        this.position = new AtomicLong(startPosition);
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
        // floorMod keeps the index in [0, n) even after the counter wraps
        return Optional.of(candidates.get((int) Math.floorMod(position.getAndIncrement(), (long) n)));
    }

    /** The position of the next pick. */
    public long position() {
        return position.get();
    }

    @Override
    public String toString() {
        return "RoundRobin[position=" + position.get() + "]";
    }
}
