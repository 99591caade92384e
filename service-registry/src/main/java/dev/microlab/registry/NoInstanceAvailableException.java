package dev.microlab.registry;

/**
 * Routing and filtering left no instance to call (Envoy's "no healthy upstream"): none
 * registered, none passing, none in the chosen subset, or all ejected with panic mode off.
 * Thrown by {@link ServiceClient#call}; catch {@link ServiceUnavailableException} to handle all
 * local refusals at once. Exceptions are immutable; this class is threadsafe.
 */
public final class NoInstanceAvailableException extends ServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    /** No instance of {@code service} in {@code subset} (null: any) was available. */
    public NoInstanceAvailableException(String service, String subset, int registered) {
        super(service, "no available instance of service '" + service + "'"
                + (subset == null ? "" : " in subset '" + subset + "'") + " (" + registered
                + " registered; none passing, in the subset and not ejected)");
    }
}
