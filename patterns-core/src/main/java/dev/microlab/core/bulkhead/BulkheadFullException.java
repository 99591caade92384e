package dev.microlab.core.bulkhead;

/**
 * Thrown (or used to fail a stage) when a {@link Bulkhead} has no permit for a call within its
 * {@code maxWait}. The call did not run.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class BulkheadFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String bulkheadName;
    private final int maxConcurrentCalls;

    /**
     * @param bulkheadName the bulkhead that refused the call
     * @param maxConcurrentCalls its limit
     */
    public BulkheadFullException(String bulkheadName, int maxConcurrentCalls) {
        this(bulkheadName, maxConcurrentCalls, null);
    }

    /**
     * @param bulkheadName the bulkhead that refused the call
     * @param maxConcurrentCalls its limit
     * @param cause why the wait ended early (an {@link InterruptedException}), or null
     */
    public BulkheadFullException(String bulkheadName, int maxConcurrentCalls, Throwable cause) {
        super("Bulkhead '" + bulkheadName + "' is full: all " + maxConcurrentCalls
                + " permits are in use" + (cause instanceof InterruptedException
                        ? " (interrupted while waiting for a permit)" : ""), cause);
        this.bulkheadName = bulkheadName;
        this.maxConcurrentCalls = maxConcurrentCalls;
    }

    /** The name of the bulkhead that refused the call. */
    public String bulkheadName() {
        return bulkheadName;
    }

    /** The bulkhead's limit on concurrent calls. */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }
}
