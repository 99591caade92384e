package dev.microlab.messaging;

import dev.microlab.core.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Delayed retry with backoff, built the way RabbitMQ users build it: out of TTL'd retry queues
 * that dead-letter back into the work queue.
 *
 * <pre>
 *  work ──handler fails (attempt n)──▶ work.retry-n  (x-message-ttl = backoff(n))
 *   ▲                                       │ expires
 *   └──────── dead-letter back to work ◀────┘
 *  work ──handler fails after the last retry──▶ nack(requeue=false) ──▶ work.parking (x-death)
 * </pre>
 *
 * <p>One retry queue per attempt, each with its own fixed TTL computed from the {@link Backoff}
 * when the topology is declared (a queue-level TTL, so no message waits behind a longer one:
 * per-message TTLs in a single queue expire only at the head). A failed message is republished
 * to the retry queue of its next attempt with the header {@code x-retry-attempt}, and acked
 * only once that publish is confirmed; a crash in between delivers it again (at least once).
 * When the attempts are used up, the delivery is nacked without requeue and the work queue's
 * dead-letter exchange parks it in {@code <work>.parking}.
 *
 * <pre>{@code
 * RetryQueues retry = RetryQueues.builder("order_events")
 *         .maxRetries(3).backoff(Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)))
 *         .build();
 * retry.declare(broker);
 * broker.consume("order_events", ConsumerOptions.defaults(), retry.wrap(broker, handler));
 * }</pre>
 *
 * <p>Works the same on every {@link Broker}. This class is threadsafe (immutable).
 */
public final class RetryQueues {

    /** The header carrying how many retries a message has had. */
    public static final String ATTEMPT_HEADER = "x-retry-attempt";

    private final String workQueue;
    private final int maxRetries;
    private final List<Duration> delays;

    private RetryQueues(Builder b) {
        this.workQueue = b.workQueue;
        this.maxRetries = b.maxRetries;
        List<Duration> computed = new ArrayList<>(maxRetries);
        Duration previous = Duration.ZERO;
        for (int attempt = 1; attempt <= maxRetries; attempt++) {
            Duration d = b.backoff.delay(attempt, previous);
            if (d.compareTo(Duration.ofMillis(1)) < 0) {
                d = Duration.ofMillis(1);
            }
            computed.add(Duration.ofMillis(d.toMillis()));
            previous = d;
        }
        this.delays = List.copyOf(computed);
    }

    /**
     * A builder for the retry topology of {@code workQueue}.
     *
     * @throws IllegalArgumentException if the derived queue names would be too long
     */
    public static Builder builder(String workQueue) {
        return new Builder(workQueue);
    }

    /** The work queue. */
    public String workQueue() {
        return workQueue;
    }

    /** The queue that holds attempt {@code n}'s wait (1-based). */
    public String retryQueue(int attempt) {
        return workQueue + ".retry-" + attempt;
    }

    /** Where messages go when their retries are used up. */
    public String parkingQueue() {
        return workQueue + ".parking";
    }

    /** The wait before each retry, from the backoff. */
    public List<Duration> delays() {
        return delays;
    }

    /**
     * Declares the work queue (durable, dead-lettering to the parking queue), one retry queue per
     * attempt and the parking queue.
     */
    public void declare(Broker broker) {
        Objects.requireNonNull(broker, "broker must not be null");
        broker.declareQueue(QueueSpec.durable(parkingQueue()));
        broker.declareQueue(QueueSpec.builder(workQueue).deadLetterExchange("").deadLetterRoutingKey(parkingQueue())
                .build());
        for (int attempt = 1; attempt <= maxRetries; attempt++) {
            broker.declareQueue(QueueSpec.builder(retryQueue(attempt)).messageTtl(delays.get(attempt - 1))
                    .deadLetterExchange("").deadLetterRoutingKey(workQueue).build());
        }
    }

    /**
     * Wraps a handler: when it throws, the message is scheduled for its next attempt, or parked
     * when there is none.
     */
    public MessageHandler wrap(Broker broker, MessageHandler handler) {
        Objects.requireNonNull(broker, "broker must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        return delivery -> {
            try {
                handler.handle(delivery);
            } catch (Exception e) {
                if (delivery.isSettled()) {
                    throw e;
                }
                int attempt = attemptOf(delivery.message()) + 1;
                if (attempt > maxRetries) {
                    delivery.nack(false); // -> parking, with x-death
                    return;
                }
                Message next = delivery.message().withHeader(ATTEMPT_HEADER, attempt).withHeader("x-death", null)
                        .withHeader("x-first-death-queue", null).withHeader("x-first-death-reason", null)
                        .withHeader("x-first-death-exchange", null).withHeader("x-delivery-count", null);
                PublishOutcome outcome = broker.publish("", retryQueue(attempt), next, true);
                if (!outcome.isConfirmed()) {
                    throw new MessagingException("could not schedule retry " + attempt + " of a message from '"
                            + workQueue + "': " + outcome + "; it is dead-lettered instead", e);
                }
                delivery.ack();
            }
        };
    }

    /** How many retries a message has had (its {@value #ATTEMPT_HEADER} header, 0 if none). */
    public static int attemptOf(Message message) {
        Object n = message.headers().get(ATTEMPT_HEADER);
        return n instanceof Number number ? number.intValue() : 0;
    }

    /** Configures {@link RetryQueues}. Not threadsafe; build once. */
    public static final class Builder {
        private final String workQueue;
        private int maxRetries = 3;
        private Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5));

        private Builder(String workQueue) {
            this.workQueue = Objects.requireNonNull(workQueue, "workQueue must not be null");
            QueueSpec.durable(workQueue + ".parking"); // validates the longest derived name
        }

        /**
         * How many retries after the first failure (default 3).
         *
         * @throws IllegalArgumentException if not in [1, 100]
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 1 || maxRetries > 100) {
                throw new IllegalArgumentException("maxRetries must be in [1, 100], but was " + maxRetries);
            }
            QueueSpec.durable(workQueue + ".retry-" + maxRetries);
            this.maxRetries = maxRetries;
            return this;
        }

        /** The wait before each retry (default exponential: 1 s, 2 s, 4 s, ... up to 5 min). */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff must not be null");
            return this;
        }

        /** The topology description. */
        public RetryQueues build() {
            return new RetryQueues(this);
        }
    }
}
