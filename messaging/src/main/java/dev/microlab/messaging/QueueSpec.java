package dev.microlab.messaging;

import dev.microlab.messaging.internal.Names;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A queue to declare, with RabbitMQ's optional arguments: dead-lettering
 * ({@code x-dead-letter-exchange}, {@code x-dead-letter-routing-key}), a per-queue message TTL
 * ({@code x-message-ttl}), a maximum length ({@code x-max-length}, {@code x-overflow}) and, for
 * quorum queues, a delivery limit ({@code x-delivery-limit}).
 *
 * <pre>{@code
 * QueueSpec orders = QueueSpec.builder("order_events")
 *         .deadLetterExchange("events.dlx")
 *         .messageTtl(Duration.ofMinutes(10))
 *         .build();
 * }</pre>
 *
 * <p>Declaring is idempotent: declaring the same spec again changes nothing; declaring the
 * same name with a different spec fails, as in RabbitMQ ({@code PRECONDITION_FAILED}).
 *
 * <p>This class is threadsafe (immutable); its {@link Builder} is not.
 */
public final class QueueSpec {

    /** The longest TTL RabbitMQ accepts: 2^32 - 1 milliseconds. */
    public static final Duration MAX_TTL = Duration.ofMillis(0xFFFF_FFFFL);

    private final String name;
    private final QueueType type;
    private final boolean durable;
    private final boolean exclusive;
    private final boolean autoDelete;
    private final String deadLetterExchange;
    private final String deadLetterRoutingKey;
    private final Duration messageTtl;
    private final long maxLength;
    private final Overflow overflow;
    private final int deliveryLimit;

    private QueueSpec(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.durable = b.durable;
        this.exclusive = b.exclusive;
        this.autoDelete = b.autoDelete;
        this.deadLetterExchange = b.deadLetterExchange;
        this.deadLetterRoutingKey = b.deadLetterRoutingKey;
        this.messageTtl = b.messageTtl;
        this.maxLength = b.maxLength;
        this.overflow = b.overflow;
        this.deliveryLimit = b.deliveryLimit;
    }

    /**
     * A builder for a durable classic queue called {@code name}.
     *
     * @throws IllegalArgumentException if the name is empty, longer than 255 bytes of UTF-8 or
     *         starts with {@code amq.}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A durable classic queue with no arguments. */
    public static QueueSpec durable(String name) {
        return builder(name).build();
    }

    /** The queue's name. */
    public String name() {
        return name;
    }

    /** Its type. */
    public QueueType type() {
        return type;
    }

    /** Whether the queue (and its persistent messages) survives a broker restart. */
    public boolean durable() {
        return durable;
    }

    /** Whether only the declaring connection may use it; it is deleted when that connection closes. */
    public boolean exclusive() {
        return exclusive;
    }

    /** Whether it is deleted when its last consumer is cancelled. */
    public boolean autoDelete() {
        return autoDelete;
    }

    /** Where dead-lettered messages are republished, if anywhere. */
    public Optional<String> deadLetterExchange() {
        return Optional.ofNullable(deadLetterExchange);
    }

    /** The routing key of dead-lettered messages; empty: their original routing key. */
    public Optional<String> deadLetterRoutingKey() {
        return Optional.ofNullable(deadLetterRoutingKey);
    }

    /** How long a message may wait in this queue before it expires (and is dead-lettered). */
    public Optional<Duration> messageTtl() {
        return Optional.ofNullable(messageTtl);
    }

    /** The most ready messages the queue holds. */
    public OptionalLong maxLength() {
        return maxLength < 0 ? OptionalLong.empty() : OptionalLong.of(maxLength);
    }

    /** What happens when a message arrives at a full queue. */
    public Overflow overflow() {
        return overflow;
    }

    /** How many times a message may be returned (nack/reject with requeue) before it is dead-lettered; quorum queues only. */
    public OptionalInt deliveryLimit() {
        return deliveryLimit < 0 ? OptionalInt.empty() : OptionalInt.of(deliveryLimit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueueSpec q && name.equals(q.name) && type == q.type && durable == q.durable
                && exclusive == q.exclusive && autoDelete == q.autoDelete
                && Objects.equals(deadLetterExchange, q.deadLetterExchange)
                && Objects.equals(deadLetterRoutingKey, q.deadLetterRoutingKey)
                && Objects.equals(messageTtl, q.messageTtl) && maxLength == q.maxLength && overflow == q.overflow
                && deliveryLimit == q.deliveryLimit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, durable, exclusive, autoDelete, deadLetterExchange, deadLetterRoutingKey,
                messageTtl, maxLength, overflow, deliveryLimit);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("QueueSpec[").append(name).append(", ").append(type)
                .append(durable ? ", durable" : ", transient");
        if (exclusive) {
            sb.append(", exclusive");
        }
        if (autoDelete) {
            sb.append(", auto-delete");
        }
        if (deadLetterExchange != null) {
            sb.append(", dlx=").append(deadLetterExchange);
        }
        if (deadLetterRoutingKey != null) {
            sb.append(", dlrk=").append(deadLetterRoutingKey);
        }
        if (messageTtl != null) {
            sb.append(", ttl=").append(messageTtl);
        }
        if (maxLength >= 0) {
            sb.append(", max-length=").append(maxLength).append(' ').append(overflow.amqpName());
        }
        if (deliveryLimit >= 0) {
            sb.append(", delivery-limit=").append(deliveryLimit);
        }
        return sb.append(']').toString();
    }

    /** Configures a {@link QueueSpec}. Not threadsafe; build once. */
    public static final class Builder {
        private final String name;
        private QueueType type = QueueType.CLASSIC;
        private boolean durable = true;
        private boolean exclusive;
        private boolean autoDelete;
        private String deadLetterExchange;
        private String deadLetterRoutingKey;
        private Duration messageTtl;
        private long maxLength = -1;
        private Overflow overflow = Overflow.DROP_HEAD;
        private int deliveryLimit = -1;

        private Builder(String name) {
            this.name = Names.checkDeclarable("queue", name);
        }

        /** The queue type (default {@link QueueType#CLASSIC}). */
        public Builder type(QueueType type) {
            this.type = Objects.requireNonNull(type, "type must not be null");
            return this;
        }

        /** Whether it survives a restart (default true). */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /** Whether it belongs to the declaring connection only (default false). */
        public Builder exclusive(boolean exclusive) {
            this.exclusive = exclusive;
            return this;
        }

        /** Whether it is deleted when its last consumer goes away (default false). */
        public Builder autoDelete(boolean autoDelete) {
            this.autoDelete = autoDelete;
            return this;
        }

        /**
         * Where rejected, expired, overflowed and over-delivered messages are republished.
         * The empty string is the default exchange (route by queue name).
         *
         * @throws IllegalArgumentException if longer than 255 bytes of UTF-8
         */
        public Builder deadLetterExchange(String exchange) {
            this.deadLetterExchange = Names.checkLength("deadLetterExchange", exchange);
            return this;
        }

        /**
         * The routing key for dead-lettered messages (default: their own routing key).
         *
         * @throws IllegalArgumentException if longer than 255 bytes of UTF-8
         */
        public Builder deadLetterRoutingKey(String routingKey) {
            this.deadLetterRoutingKey = Names.checkLength("deadLetterRoutingKey", routingKey);
            return this;
        }

        /**
         * How long a message may stay in the queue.
         *
         * @throws IllegalArgumentException if negative or longer than {@link #MAX_TTL}
         */
        public Builder messageTtl(Duration ttl) {
            this.messageTtl = checkTtl("messageTtl", ttl);
            return this;
        }

        /**
         * The most ready messages the queue holds.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder maxLength(long maxLength) {
            if (maxLength < 0) {
                throw new IllegalArgumentException("maxLength must be >= 0, but was " + maxLength);
            }
            this.maxLength = maxLength;
            return this;
        }

        /** What a full queue does (default {@link Overflow#DROP_HEAD}). */
        public Builder overflow(Overflow overflow) {
            this.overflow = Objects.requireNonNull(overflow, "overflow must not be null");
            return this;
        }

        /**
         * How many times a message may be returned to the queue before it is dead-lettered
         * (reason {@code delivery_limit}). Quorum queues only.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder deliveryLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("deliveryLimit must be >= 0, but was " + limit);
            }
            this.deliveryLimit = limit;
            return this;
        }

        /**
         * The spec.
         *
         * @throws IllegalArgumentException if the settings contradict each other, as RabbitMQ
         *         would refuse them (a quorum queue that is transient, exclusive or auto-delete;
         *         a delivery limit on a classic queue; a dead-letter routing key without exchange)
         */
        public QueueSpec build() {
            if (type == QueueType.QUORUM && (!durable || exclusive || autoDelete)) {
                throw new IllegalArgumentException("a quorum queue must be durable, non-exclusive and not auto-delete,"
                        + " but queue '" + name + "' is " + (durable ? "" : "transient ")
                        + (exclusive ? "exclusive " : "") + (autoDelete ? "auto-delete" : "")
                        + "; use QueueType.CLASSIC for such a queue");
            }
            if (deliveryLimit >= 0 && type != QueueType.QUORUM) {
                throw new IllegalArgumentException("deliveryLimit is only supported by quorum queues, but queue '" + name
                        + "' is " + type + "; add .type(QueueType.QUORUM)");
            }
            if (deadLetterRoutingKey != null && deadLetterExchange == null) {
                throw new IllegalArgumentException("deadLetterRoutingKey '" + deadLetterRoutingKey
                        + "' needs a deadLetterExchange (queue '" + name + "')");
            }
            return new QueueSpec(this);
        }
    }

    static Duration checkTtl(String field, Duration ttl) {
        Objects.requireNonNull(ttl, field + " must not be null");
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException(field + " must be in [0, " + MAX_TTL.toMillis() + " ms], but was " + ttl);
        }
        return Duration.ofMillis(ttl.toMillis());
    }
}
