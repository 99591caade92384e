package dev.microlab.messaging;

import dev.microlab.core.retry.Retry;
import java.util.Objects;

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

    /**
     * The consumer-side retry policy: runs {@code handler} under {@code retry} (attempts,
     * backoff, which exceptions to retry) before the delivery counts as failed. The consumer's
     * thread waits between attempts, holding its prefetch slot, so keep it for short blips
     * (a dropped connection, a deadlock victim); for waits of seconds or more use
     * {@link RetryQueues}, which frees the consumer. An attempt that settled the delivery is
     * not retried.
     *
     * <pre>{@code
     * Retry retry = Retry.builder("billing").maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(50))).build();
     * broker.consume("billing", ConsumerOptions.defaults(), MessageHandler.retrying(retry, handler));
     * }</pre>
     */
    static MessageHandler retrying(Retry retry, MessageHandler handler) {
        Objects.requireNonNull(retry, "retry must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        return delivery -> {
            Exception[] failedAfterSettling = new Exception[1];
            retry.executeCallable(() -> {
                try {
                    handler.handle(delivery);
                } catch (Exception e) {
                    if (!delivery.isSettled()) {
                        throw e; // retried
                    }
                    failedAfterSettling[0] = e; // settled: ends the retry, rethrown below
                }
                return null;
            });
            if (failedAfterSettling[0] != null) {
                throw failedAfterSettling[0];
            }
        };
    }
}
