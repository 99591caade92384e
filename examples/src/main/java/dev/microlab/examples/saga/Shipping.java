package dev.microlab.examples.saga;

import dev.microlab.saga.IdempotencyKey;
import dev.microlab.saga.IdempotentParticipant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shipping service of the example: ships an order once per key.
 *
 * <pre>{@code
 * String tracking = new Shipping().ship(key, "o1");
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class Shipping {

    private final IdempotentParticipant fence = new IdempotentParticipant();
    private final AtomicInteger shipments = new AtomicInteger();

    /** Ships the order; returns its tracking id (the same for a repeated key). */
    public String ship(IdempotencyKey key, String orderId) throws Exception {
        return fence.execute(key, () -> {
            shipments.incrementAndGet();
            return "track-" + orderId;
        });
    }

    /** How many shipments were made. */
    public int shipments() {
        return shipments.get();
    }
}
