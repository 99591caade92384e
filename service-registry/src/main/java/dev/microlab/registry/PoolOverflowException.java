package dev.microlab.registry;

/**
 * The chosen instance already had {@code maxConcurrentRequests} calls running and
 * {@code maxPendingRequests} waiting, or a pending call waited longer than {@code maxPendingWait}
 * (Envoy's {@code upstream_rq_pending_overflow}). The call did not run.
 */
public final class PoolOverflowException extends ServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    private final transient ServiceInstance instance;

    /** The pool of {@code instance} with {@code settings} was full. */
    public PoolOverflowException(ServiceInstance instance, ConnectionPoolSettings settings, String detail) {
        super(instance.service(), "connection pool of " + instance.address() + " (" + instance.instanceId()
                + ") is full: " + detail + "; limits " + settings);
        this.instance = instance;
    }

    /** The instance whose pool was full (not serialized). */
    public ServiceInstance instance() {
        return instance;
    }
}
