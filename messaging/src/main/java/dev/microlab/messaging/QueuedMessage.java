package dev.microlab.messaging;

import java.util.UUID;

/**
 * One message in one in-process queue. Mutable fields are guarded by the queue's lock.
 */
final class QueuedMessage {

    /** Position in the queue's arrival order: a requeued message goes back to its place by it. */
    long seq;
    final Message message;
    final String exchange;
    final String routingKey;
    /** Its id in the broker's log, or null when it is not on disk (transient queue or message). */
    final UUID storeId;
    /** Monotonic nanos after which it is expired; Long.MAX_VALUE: never. */
    final long expiresAt;
    boolean redelivered;
    long deliveryCount;

    QueuedMessage(Message message, String exchange, String routingKey, UUID storeId, long expiresAt,
            boolean redelivered) {
        this.message = message;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.storeId = storeId;
        this.expiresAt = expiresAt;
        this.redelivered = redelivered;
    }

    boolean expired(long now) {
        return expiresAt != Long.MAX_VALUE && now - expiresAt >= 0;
    }
}
