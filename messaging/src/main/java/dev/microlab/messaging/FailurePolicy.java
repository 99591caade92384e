package dev.microlab.messaging;

/** What a consumer does with a delivery whose handler threw without settling it. */
public enum FailurePolicy {
    /** {@code nack(requeue = false)}: dead-letter it (or drop it if the queue has no dead-letter exchange). The default. */
    DEAD_LETTER,
    /**
     * {@code nack(requeue = true)}: put it back for another try. Without a delivery limit
     * (quorum queues) a poison message then loops forever; prefer {@link #DEAD_LETTER} with a
     * retry topology.
     */
    REQUEUE
}
