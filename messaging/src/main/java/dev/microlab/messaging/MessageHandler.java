package dev.microlab.messaging;

/**
 * What a consumer does with each {@link Delivery}.
 *
 * <p>The handler may settle the delivery itself ({@code ack}, {@code nack}, {@code reject}).
 * If it returns without settling, the delivery is acknowledged ("ack on success"); if it
 * throws without settling, it is nacked according to the consumer's
 * {@link ConsumerOptions#failurePolicy()} — never silently lost.
 *
 * <pre>{@code
 * broker.consume("order_events", ConsumerOptions.defaults(), delivery -> {
 *     orders.apply(delivery.message().bodyAsText());   // throws -> nack(requeue=false) -> dead letter
 * });
 * }</pre>
 *
 * <p>A consumer calls its handler from one thread at a time, in delivery order.
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles one delivery.
     *
     * @throws Exception to have it nacked according to the failure policy
     */
    void handle(Delivery delivery) throws Exception;
}
