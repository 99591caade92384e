package dev.microlab.docs.shop.payment.api;

/**
 * The payment service refused a charge: the wallet holds too little. A business answer, not a
 * fault of the instance: callers must not retry it, and it does not count against the instance.
 *
 * <pre>{@code
 * try { payments.charge(command); } catch (PaymentDeclinedException e) { compensate(); }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class PaymentDeclinedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@code customerId} was asked for {@code wantedCents} and has {@code balanceCents}. */
    public PaymentDeclinedException(String customerId, long wantedCents, long balanceCents) {
        super("payment declined: " + customerId + " has " + balanceCents + " cents, " + wantedCents + " needed");
    }

    /** The refusal as another process answered it, with that process's {@code message}. */
    public PaymentDeclinedException(String message) {
        super(message);
    }
}
