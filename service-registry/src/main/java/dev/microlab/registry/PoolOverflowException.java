package dev.microlab.registry;

/**
 * The chosen instance already had {@code maxConcurrentRequests} calls running and
 * {@code maxPendingRequests} waiting, or a pending call waited longer than {@code maxPendingWait}
 * (Envoy's {@code upstream_rq_pending_overflow}). The call did not run. The limit is a
 * patterns-core {@code Bulkhead} per instance. This class is threadsafe (immutable once thrown).
 */
public final class PoolOverflowException extends ServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    private final transient ServiceInstance instance;

    /**
     * The pool of {@code instance} with {@code settings} was full.
     *
     * @param cause the bulkhead's rejection, or null
     */
    public PoolOverflowException(ServiceInstance instance, ConnectionPoolSettings settings, String detail,
                                 Throwable cause) {
        super(instance.service(), "connection pool of " + instance.address() + " (" + instance.instanceId()
                + ") is full: " + detail + "; limits " + settings, cause);
        this.instance = instance;
    }

    /** The instance whose pool was full (not serialized). */
    public ServiceInstance instance() {
        return instance;
    }
}
