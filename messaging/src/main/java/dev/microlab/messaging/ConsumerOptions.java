package dev.microlab.messaging;

import java.util.Objects;

/**
 * How a consumer takes messages: its prefetch (how many unacknowledged deliveries it may hold,
 * AMQP {@code basic.qos}) and what happens when its handler throws.
 *
 * <pre>{@code
 * broker.consume("order_events", ConsumerOptions.defaults().withPrefetch(50), handler);
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param prefetch      the most unsettled deliveries at a time, in [1, 65535]
 * @param failurePolicy what a throwing handler leads to
 */
public record ConsumerOptions(int prefetch, FailurePolicy failurePolicy) {

    /** The default prefetch. */
    public static final int DEFAULT_PREFETCH = 10;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code prefetch} is not in [1, 65535]
     */
    public ConsumerOptions {
        if (prefetch < 1 || prefetch > 65535) {
            throw new IllegalArgumentException("prefetch must be in [1, 65535], but was " + prefetch);
        }
        Objects.requireNonNull(failurePolicy, "failurePolicy must not be null");
    }

    /** Prefetch {@value #DEFAULT_PREFETCH}, failures dead-lettered. */
    public static ConsumerOptions defaults() {
        return new ConsumerOptions(DEFAULT_PREFETCH, FailurePolicy.DEAD_LETTER);
    }

    /** A copy with this prefetch. */
    public ConsumerOptions withPrefetch(int newPrefetch) {
        return new ConsumerOptions(newPrefetch, failurePolicy);
    }

    /** A copy with this failure policy. */
    public ConsumerOptions withFailurePolicy(FailurePolicy policy) {
        return new ConsumerOptions(prefetch, policy);
    }
}
