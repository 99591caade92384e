package dev.microlab.exercises.bulkhead;

/** Thrown by {@link Bulkhead#execute} when no permit could be had (at once, or within the wait); the call did not run. */
public final class BulkheadFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BulkheadFullException(int maxConcurrentCalls) {
        super("bulkhead full: all " + maxConcurrentCalls + " permits are in use");
    }
}
