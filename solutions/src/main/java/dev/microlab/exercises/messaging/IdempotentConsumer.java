package dev.microlab.exercises.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Exercise 12: the course's RabbitMQ consumer, in process, made idempotent and careful with
 * failures.
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
 *
 * <p>This class is threadsafe: messages are handled one at a time, so two deliveries of the same
 * message at once cannot both run the handler.
 */
public final class IdempotentConsumer {

    private final int maxDeliveries;
    private final Map<String, MessageHandler> handlers = new HashMap<>();
    private final Set<String> handled = new HashSet<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    /** @throws IllegalArgumentException if {@code maxDeliveries < 1} */
    public IdempotentConsumer(int maxDeliveries) {
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("maxDeliveries must be >= 1, but was " + maxDeliveries);
        }
        this.maxDeliveries = maxDeliveries;
    }

    /**
     * Registers the handler of {@code eventType}.
     *
     * @throws IllegalArgumentException if {@code eventType} already has a handler
     */
    public synchronized void register(String eventType, MessageHandler handler) {
        Objects.requireNonNull(eventType, "eventType must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        if (handlers.putIfAbsent(eventType, handler) != null) {
            throw new IllegalArgumentException("eventType " + eventType + " already has a handler");
        }
    }

    /** Handles one delivery and says what to tell the broker. */
    public synchronized Disposition onMessage(Message message) {
        Objects.requireNonNull(message, "message must not be null");
        if (handled.contains(message.id())) {
            return Disposition.ACK;
        }
        MessageHandler handler = handlers.get(message.eventType());
        if (handler == null) {
            return deadLetter(message, "no handler for event type " + message.eventType());
        }
        try {
            handler.handle(message);
        } catch (PoisonMessageException poison) {
            return deadLetter(message, "poison message: " + poison.getMessage());
        } catch (Exception failure) {
            if (message.deliveryCount() < maxDeliveries) {
                return Disposition.REQUEUE;
            }
            return deadLetter(message, "failed " + message.deliveryCount() + " deliveries, last: " + failure);
        }
        handled.add(message.id());
        return Disposition.ACK;
    }

    /** The messages dead-lettered so far, oldest first. */
    public synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    private Disposition deadLetter(Message message, String reason) {
        deadLetters.add(new DeadLetter(message, reason));
        return Disposition.DEAD_LETTER;
    }
}
