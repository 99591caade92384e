package dev.microlab.exercises.order;

/** A command that the order's rules do not allow in its current state (the course's {@code InvalidOperationError}). */
public final class InvalidOperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidOperationException(String message) {
        super(message);
    }
}
