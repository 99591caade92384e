package dev.microlab.messaging;

/**
 * What an {@link InProcessBroker} reports to its listeners ({@link InProcessBroker#eventPublisher()}).
 * No event is created when nobody listens.
 */
public sealed interface BrokerEvent {

    /** A message matched no queue: returned to the publisher if {@code mandatory}, dropped otherwise. */
    record Unroutable(String exchange, String routingKey, boolean mandatory) implements BrokerEvent {
    }

    /** A message died in {@code queue} and was republished to the queue's dead-letter exchange. */
    record DeadLettered(String queue, String reason, String deadLetterExchange) implements BrokerEvent {
    }

    /** A message died in {@code queue}, which has no dead-letter exchange: it is gone. */
    record Discarded(String queue, String reason) implements BrokerEvent {
    }

    /** A full queue with {@link Overflow#REJECT_PUBLISH} refused a message. */
    record PublishRejected(String queue) implements BrokerEvent {
    }

    /** A consumer's handler threw; the delivery was nacked per the consumer's failure policy. */
    record HandlerFailed(String queue, FailurePolicy policy, Throwable error) implements BrokerEvent {
    }

    /** On open, the broker found its log and restored durable exchanges, queues and messages. */
    record Recovered(int exchanges, int queues, long messages) implements BrokerEvent {
    }
}
