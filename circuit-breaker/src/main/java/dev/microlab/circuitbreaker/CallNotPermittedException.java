package dev.microlab.circuitbreaker;

import java.util.Objects;

/**
 * Thrown (or used to complete a stage exceptionally) when a {@link CircuitBreaker} rejects a
 * call; the call itself never ran.
 *
 * <pre>{@code
 * try {
 *     return breaker.executeSupplier(() -> payments.charge(order));
 * } catch (CallNotPermittedException e) {
 *     return PaymentResult.retryLater(e.breakerName());   // fail fast, do not wait for a dead backend
 * }
 * }</pre>
 *
 * <p>By default it carries no stack trace: the message names the breaker and its state, which is
 * all a rejection has to say, and a busy service may reject thousands of calls a second. The
 * config's {@code writableStackTrace(true)} turns stack traces on (e.g. to find which caller was
 * rejected while debugging). A stackless rejection is fully immutable (no stack trace, no
 * suppressed exceptions, no cause can be set), so a breaker hands out <em>one shared instance</em>
 * per state for all its stackless rejections: rejecting allocates nothing. Do not rely on
 * rejections being distinct objects.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class CallNotPermittedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String breakerName;
    private final CircuitBreaker.State state;

    /**
     * @param breakerName the rejecting breaker
     * @param state its state when it rejected
     * @param writableStackTrace whether to fill in the stack trace
     */
    public CallNotPermittedException(String breakerName, CircuitBreaker.State state, boolean writableStackTrace) {
        super("CircuitBreaker '" + Objects.requireNonNull(breakerName, "CallNotPermittedException: breakerName must not be null") + "' is "
                + Objects.requireNonNull(state, "CallNotPermittedException: state must not be null") + " and does not permit further calls",
                null, false, writableStackTrace);
        this.breakerName = breakerName;
        this.state = state;
    }

    /** The name of the breaker that rejected the call. */
    public String breakerName() {
        return breakerName;
    }

    /** The breaker's state when it rejected the call. */
    public CircuitBreaker.State state() {
        return state;
    }
}
