package dev.microlab.exercises.projection;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.LinkedHashMap;

/**
 * A {@link ProjectionStore} in memory. It outlives the projections that use it, which is how the
 * tests "restart" a projection: a new projection on the same store.
 *
 * <p>This class is threadsafe.
 */
public final class InMemoryProjectionStore implements ProjectionStore {

    private final Map<String, OrderSummary> rows = new LinkedHashMap<>();
    private long checkpoint;

    @Override
    public synchronized Optional<OrderSummary> find(String orderId) {
        return Optional.ofNullable(rows.get(orderId));
    }

    @Override
    public synchronized List<OrderSummary> all() {
        return List.copyOf(rows.values());
    }

    @Override
    public synchronized long checkpoint() {
        return checkpoint;
    }

    @Override
    public synchronized void save(OrderSummary summary, long position) {
        Objects.requireNonNull(summary, "summary must not be null");
        rows.put(summary.orderId(), summary);
        checkpoint = position;
    }
}
