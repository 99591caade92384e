package dev.microlab.messaging;

/**
 * What a queue with a maximum length does when a message arrives and it is full
 * (RabbitMQ's {@code x-overflow}).
 */
public enum Overflow {
    /** Drop (or dead-letter, reason {@code maxlen}) the oldest ready message to make room. The default. */
    DROP_HEAD("drop-head"),
    /** Refuse the new message: the publisher's confirm is negative ({@link PublishOutcome#REJECTED}). */
    REJECT_PUBLISH("reject-publish");

    private final String amqpName;

    Overflow(String amqpName) {
        this.amqpName = amqpName;
    }

    /** The value of {@code x-overflow} in RabbitMQ. */
    public String amqpName() {
        return amqpName;
    }
}
