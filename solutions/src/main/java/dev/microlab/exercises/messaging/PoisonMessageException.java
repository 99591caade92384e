package dev.microlab.exercises.messaging;

/**
 * Thrown by a handler for a message that can never be handled (it cannot be parsed, it breaks a
 * rule): retrying is pointless, so it goes straight to the dead-letter queue.
 */
public final class PoisonMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public PoisonMessageException(String message) {
        super(message);
    }
}
