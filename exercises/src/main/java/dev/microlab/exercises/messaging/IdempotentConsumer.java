package dev.microlab.exercises.messaging;

import java.util.List;

/**
 * Exercise 12: the course's RabbitMQ consumer, in process, made idempotent and careful with
 * failures. Instructions: {@code exercises/instructions/12-idempotent-consumer/README.md}.
 *
 * <ul>
 *   <li>A message whose id was already handled is acknowledged without handling it again: brokers
 *       deliver at least once, so duplicates are normal.</li>
 *   <li>A handler failure is retried by requeueing, up to {@code maxDeliveries} deliveries; then
 *       the message is dead-lettered. A {@link PoisonMessageException} is dead-lettered at once.</li>
 *   <li>A message with no handler for its type is dead-lettered, not silently acknowledged.</li>
 *   <li>Only a successful handling marks the id as handled.</li>
 * </ul>
 *
 * <pre>{@code
 * IdempotentConsumer consumer = new IdempotentConsumer(5);
 * consumer.register("OrderCreated", message -> orders.create(parse(message.body())));
 * Disposition disposition = consumer.onMessage(delivery);   // then ack / nack accordingly
 * }</pre>
 */
public final class IdempotentConsumer {

    /** @throws IllegalArgumentException if {@code maxDeliveries < 1} */
    public IdempotentConsumer(int maxDeliveries) {
        throw new UnsupportedOperationException("TODO: validate and keep maxDeliveries");
    }

    /**
     * Registers the handler of {@code eventType}.
     *
     * @throws IllegalArgumentException if {@code eventType} already has a handler
     */
    public void register(String eventType, MessageHandler handler) {
        throw new UnsupportedOperationException("TODO: one handler per event type");
    }

    /** Handles one delivery and says what to tell the broker. */
    public Disposition onMessage(Message message) {
        throw new UnsupportedOperationException("TODO: skip duplicates, handle, and decide ACK / REQUEUE / DEAD_LETTER");
    }

    /** The messages dead-lettered so far, oldest first. */
    public List<DeadLetter> deadLetters() {
        throw new UnsupportedOperationException("TODO: a copy of the dead letters");
    }
}
