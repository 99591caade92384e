package dev.microlab.exercises.messaging;

/** What the consumer tells the broker about a message it was given. */
public enum Disposition {
    /** Done with it (handled now, or already handled before): remove it from the queue. */
    ACK,
    /** Not handled, worth another try: put it back (nack with requeue). */
    REQUEUE,
    /** Not handled and never will be: move it to the dead-letter queue (nack without requeue). */
    DEAD_LETTER
}
