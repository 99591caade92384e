package dev.microlab.registry;

/**
 * What a per-instance circuit breaker is told when a call returned normally but its result was
 * classified as a failure (an HTTP 503 answer, say). The caller never sees it: the result is
 * returned as it was.
 *
 * <p>This class is threadsafe (immutable once created).
 */
public final class InstanceCallFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ServiceInstance instance;
    private final CallOutcome outcome;

    /** A failure of {@code instance} classified as {@code outcome}. */
    public InstanceCallFailedException(ServiceInstance instance, CallOutcome outcome) {
        super("call to " + instance + " ended as " + outcome, null, false, false);
        this.instance = instance;
        this.outcome = outcome;
    }

    /** The instance that was called. */
    public ServiceInstance instance() {
        return instance;
    }

    /** How the call was classified. */
    public CallOutcome outcome() {
        return outcome;
    }
}
