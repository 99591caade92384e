package dev.microlab.docs.shop.payment.api;

/**
 * What happened in the payment service, as recorded in its event store (one stream per wallet).
 *
 * <pre>{@code
 * if (event instanceof PaymentEvent.PaymentCharged c) { total += c.amountCents(); }
 * }</pre>
 *
 * <p>Implementations are immutable records; this type is threadsafe.
 */
public sealed interface PaymentEvent {

    /** The wallet the event is about. */
    String customerId();

    /**
     * Money was put in a wallet.
     *
     * @param customerId  the wallet
     * @param amountCents cents added
     */
    record WalletFunded(String customerId, long amountCents) implements PaymentEvent {
    }

    /**
     * A wallet was charged for an order.
     *
     * @param customerId     the wallet
     * @param orderId        the order
     * @param paymentId      the charge
     * @param amountCents    cents taken
     * @param idempotencyKey the command's key
     * @param instanceId     the instance that took it
     */
    record PaymentCharged(String customerId, String orderId, String paymentId, long amountCents,
            String idempotencyKey, String instanceId) implements PaymentEvent {
    }

    /**
     * A charge was refunded.
     *
     * @param customerId  the wallet
     * @param orderId     the order
     * @param paymentId   the charge refunded
     * @param amountCents cents given back
     */
    record PaymentRefunded(String customerId, String orderId, String paymentId, long amountCents)
            implements PaymentEvent {
    }
}
