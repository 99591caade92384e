package dev.microlab.registry;

/**
 * No route of the {@link TrafficRouter} matched the request (Envoy's "no route", a 404 in Istio).
 * Add a catch-all {@code Route.always()} last to make every request routable. Exceptions are
 * immutable; this class is threadsafe.
 */
public final class NoRouteException extends ServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    /** No route for a request to {@code service} with {@code attributes}. */
    public NoRouteException(String service, RequestAttributes attributes) {
        super(service, "no route of service '" + service + "' matches the request " + attributes);
    }
}
