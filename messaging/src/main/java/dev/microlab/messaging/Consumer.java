package dev.microlab.messaging;

/**
 * A running consumer of one queue, returned by {@link Broker#consume}. Cancelling it stops new
 * deliveries; deliveries it has not settled go back to the queue, marked redelivered.
 */
public interface Consumer extends AutoCloseable {

    /** The queue it consumes. */
    String queue();

    /** Whether it still receives deliveries. */
    boolean isActive();

    /** Stops it; harmless when already cancelled. */
    void cancel();

    /** Same as {@link #cancel()}. */
    @Override
    default void close() {
        cancel();
    }
}
