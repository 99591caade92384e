package dev.microlab.messaging;

import java.util.List;

/**
 * One message handed to a consumer (or returned by {@link Broker#get}), until it is settled
 * with exactly one of {@link #ack()}, {@link #nack(boolean)} or {@link #reject(boolean)}.
 *
 * <p>While unsettled the message belongs to this delivery: no other consumer sees it. If the
 * consumer goes away (cancelled, connection lost) before settling, the broker puts it back
 * in the queue and redelivers it with {@link #redelivered()} set.
 *
 * <ul>
 *   <li>{@code ack()}: done; the broker forgets the message.</li>
 *   <li>{@code nack(true)} / {@code reject(true)}: put it back for another try (marked
 *       redelivered; on a quorum queue its delivery count goes up, and past the queue's
 *       delivery limit it is dead-lettered instead).</li>
 *   <li>{@code nack(false)} / {@code reject(false)}: give up; the message is dead-lettered
 *       (reason {@code rejected}) if the queue has a dead-letter exchange, dropped otherwise.</li>
 * </ul>
 *
 * <p>Settle a delivery from one thread; settling twice is an error.
 */
public interface Delivery {

    /** The message as published (plus the headers the broker added: {@code x-death}, {@code x-delivery-count}). */
    Message message();

    /** The queue it came from. */
    String queue();

    /** The exchange it was last published to ({@code ""} for the default exchange). */
    String exchange();

    /** The routing key it was last published with. */
    String routingKey();

    /** Whether it may have been delivered before (AMQP's {@code redelivered} flag). */
    boolean redelivered();

    /**
     * How many times the message was returned to a quorum queue before this delivery: the
     * {@code x-delivery-count} header, 0 when absent (first delivery, or a classic queue).
     */
    default long deliveryCount() {
        Object count = message().headers().get("x-delivery-count");
        return count instanceof Number n ? n.longValue() : 0L;
    }

    /** The {@code x-death} history of the message, most recent death first; empty if it never died. */
    default List<Death> deaths() {
        return Death.of(message());
    }

    /**
     * The consumer is done with the message.
     *
     * @throws IllegalStateException if already settled
     */
    void ack();

    /**
     * The consumer failed to process the message.
     *
     * @param requeue true: back to the queue for another try; false: dead-letter or drop
     * @throws IllegalStateException if already settled
     */
    void nack(boolean requeue);

    /**
     * Same as {@link #nack(boolean)} for one message (AMQP {@code basic.reject}).
     *
     * @throws IllegalStateException if already settled
     */
    void reject(boolean requeue);

    /** Whether ack, nack or reject was called. */
    boolean isSettled();
}
