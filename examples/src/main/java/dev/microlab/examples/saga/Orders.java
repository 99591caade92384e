package dev.microlab.examples.saga;

import dev.microlab.saga.IdempotencyKey;
import dev.microlab.saga.IdempotentParticipant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order service of the example: validates an order (it becomes PENDING), cancels it
 * (the compensation), completes it. Each call is deduplicated by its idempotency key.
 *
 * <pre>{@code
 * Orders orders = new Orders();
 * orders.validate(key, Order.of("o1", "book", 1, 2_500));
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class Orders {

    /** Where an order is. */
    public enum Status { PENDING, COMPLETED, CANCELLED }

    private final IdempotentParticipant fence = new IdempotentParticipant();
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();

    /**
     * Checks the order and records it PENDING.
     *
     * @throws IllegalArgumentException if the quantity or amount is not positive
     * @throws Exception if the fence refuses a late call
     */
    public void validate(IdempotencyKey key, Order order) throws Exception {
        if (order.quantity() <= 0 || order.amountCents() <= 0) {
            throw new IllegalArgumentException("order " + order.orderId() + " must have a positive quantity and"
                    + " amount, but had " + order.quantity() + " x for " + order.amountCents() + " cents");
        }
        fence.execute(key, () -> statuses.put(order.orderId(), Status.PENDING));
    }

    /** Cancels the order (compensation of {@link #validate}). */
    public void cancel(IdempotencyKey key, String orderId) throws Exception {
        fence.compensate(key, () -> statuses.put(orderId, Status.CANCELLED));
    }

    /** Marks the order completed. */
    public void complete(String orderId) {
        statuses.put(orderId, Status.COMPLETED);
    }

    /** The order's status, if it was validated. */
    public Optional<Status> status(String orderId) {
        return Optional.ofNullable(statuses.get(orderId));
    }
}
