package dev.microlab.registry;

/**
 * A {@link ServiceClient} could not send the call anywhere: no route matched, no instance was
 * available, or the chosen instance's connection pool was full. Like Envoy's locally generated
 * 503s, the call never reached an instance.
 *
 * <pre>{@code
 * try {
 *     return client.call(instance -> fetch(instance));
 * } catch (ServiceUnavailableException e) {
 *     return fallback(e.service());
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable once thrown).
 */
public abstract sealed class ServiceUnavailableException extends RuntimeException
        permits NoRouteException, NoInstanceAvailableException, PoolOverflowException {

    private static final long serialVersionUID = 1L;

    private final String service;

    /** An exception for {@code service} with {@code message}. */
    protected ServiceUnavailableException(String service, String message) {
        this(service, message, null);
    }

    /** An exception for {@code service} with {@code message} and {@code cause} (may be null). */
    protected ServiceUnavailableException(String service, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
    }

    /** The service that was called. */
    public String service() {
        return service;
    }
}
