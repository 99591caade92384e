package dev.microlab.messaging;

/**
 * What the broker's publisher confirm said about one published message.
 *
 * <p>"At-least-once" starts here: only a {@link #CONFIRMED} message is the broker's
 * responsibility. For a durable queue and a persistent message, confirmed means written to
 * disk (forced according to the broker's durability policy). Anything else, or an exception,
 * means the publisher still owns the message and must publish it again or give up knowingly.
 */
public enum PublishOutcome {
    /**
     * The broker took the message: it is in every queue it was routed to. Also the outcome of a
     * message that matched no queue and was not {@code mandatory}: RabbitMQ confirms it and
     * drops it.
     */
    CONFIRMED,
    /** Published as {@code mandatory}, it matched no queue and was handed back (AMQP {@code basic.return}). */
    RETURNED,
    /** A queue refused it (a full queue with {@link Overflow#REJECT_PUBLISH}): a negative confirm. */
    REJECTED;

    /** Whether the broker took responsibility for the message. */
    public boolean isConfirmed() {
        return this == CONFIRMED;
    }
}
