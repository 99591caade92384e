package dev.microlab.registry;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Outstanding requests per instance of one service: what a {@link ServiceClient} counts and
 * {@link LoadBalancer#leastRequest} compares. Share one object between the two:
 *
 * <pre>{@code
 * InFlightRequests inFlight = new InFlightRequests();
 * ServiceClient client = ServiceClient.builder(registry, "orders")
 *         .inFlightRequests(inFlight)
 *         .loadBalancer(LoadBalancer.leastRequest(inFlight::get, new Random(7)))
 *         .build();
 * }</pre>
 *
 * <p>Keyed by instance id, so use one per service. This class is threadsafe.
 */
public final class InFlightRequests {

    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Creates a counter with no request in flight. */
    public InFlightRequests() {
    }

    /** Outstanding requests to {@code instance} now. */
    public int get(ServiceInstance instance) {
        AtomicInteger count = counts.get(instance.instanceId());
        return count == null ? 0 : count.get();
    }

    /** Counts one more request to {@code instance}. */
    public void increment(ServiceInstance instance) {
        Objects.requireNonNull(instance, "instance must not be null");
        counts.computeIfAbsent(instance.instanceId(), id -> new AtomicInteger()).incrementAndGet();
    }

    /** Counts one request to {@code instance} less. */
    public void decrement(ServiceInstance instance) {
        Objects.requireNonNull(instance, "instance must not be null");
        AtomicInteger count = counts.get(instance.instanceId());
        if (count != null) {
            count.decrementAndGet();
        }
    }

    @Override
    public String toString() {
        return "InFlightRequests" + counts;
    }
}
