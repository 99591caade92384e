package dev.microlab.docs.shop.payment.api;

import java.util.List;

/**
 * The payment service's contract: charge a customer's wallet for an order, refund it (the
 * saga's compensation), and read wallets and payments. The shop runs two instances of it
 * (payment-1, payment-2) behind the registry; both share the payment service's own ledger.
 *
 * <pre>{@code
 * PaymentReceipt receipt = payments.charge(new ChargePayment(key, "o1", "alice", 2_500));
 * payments.refund(new RefundPayment(refundKey, "o1"));
 * }</pre>
 *
 * <p>Every command carries an idempotency key: the same key twice (a retry that lands on the
 * other instance, a redelivery) charges once and returns the first receipt. Implementations
 * are threadsafe.
 */
public interface PaymentService {

    /**
     * Takes {@code amountCents} from the customer's wallet.
     *
     * @throws PaymentDeclinedException if the wallet holds less (nothing is charged)
     */
    PaymentReceipt charge(ChargePayment command);

    /** Gives back what the order was charged; refunding an order never charged does nothing. */
    void refund(RefundPayment command);

    /** The customer's wallet now. */
    Wallet wallet(GetWallet query);

    /** Every charge that stands (not refunded), oldest first. */
    List<PaymentReceipt> payments();
}
