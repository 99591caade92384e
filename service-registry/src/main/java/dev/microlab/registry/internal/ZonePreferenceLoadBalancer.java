package dev.microlab.registry.internal;

import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.ServiceInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the candidates of one zone, or all of them when none is in the zone, then delegates. The
 * filtered list is cached per input list, so the delegate sees a stable list. This class is
 * threadsafe if its delegate is.
 */
public final class ZonePreferenceLoadBalancer implements LoadBalancer {

    private final String zone;
    private final LoadBalancer delegate;
    private volatile Cached cached = new Cached(List.of(), List.of());

    /** Prefers {@code zone}; {@code delegate} picks. */
    public ZonePreferenceLoadBalancer(String zone, LoadBalancer delegate) {
        this.zone = zone;
        this.delegate = delegate;
    }

    @Override
    public Optional<ServiceInstance> choose(List<ServiceInstance> candidates) {
        return delegate.choose(filtered(candidates));
    }

    @Override
    public Optional<ServiceInstance> choose(String group, List<ServiceInstance> candidates) {
        Objects.requireNonNull(group, "group must not be null");
        return delegate.choose(group, filtered(candidates));
    }

    private List<ServiceInstance> filtered(List<ServiceInstance> candidates) {
        Objects.requireNonNull(candidates, "candidates must not be null");
        Cached c = cached;
        if (c.input != candidates) {
            c = new Cached(candidates, filter(candidates));
            cached = c;
        }
        return c.output;
    }

    private List<ServiceInstance> filter(List<ServiceInstance> candidates) {
        List<ServiceInstance> local = new ArrayList<>();
        for (ServiceInstance instance : candidates) {
            if (zone.equals(instance.zone())) {
                local.add(instance);
            }
        }
        if (local.isEmpty()) {
            return candidates;
        }
        return local.size() == candidates.size() ? candidates : List.copyOf(local);
    }

    @Override
    public String toString() {
        return "ZonePreference[" + zone + " -> " + delegate + "]";
    }

    private static final class Cached {
        final List<ServiceInstance> input;
        final List<ServiceInstance> output;

        Cached(List<ServiceInstance> input, List<ServiceInstance> output) {
            this.input = input;
            this.output = output;
        }
    }
}
