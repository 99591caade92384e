package dev.microlab.messaging;

/**
 * A queue's counters, as {@code queue.declare-ok} reports them.
 *
 * @param name          the queue
 * @param messageCount  ready messages (not counting those delivered and not yet settled)
 * @param consumerCount active consumers
 */
public record QueueInfo(String name, long messageCount, int consumerCount) {
}
