package dev.microlab.docs.shop.payment.internal;

import dev.microlab.docs.shop.payment.api.ChargePayment;
import dev.microlab.docs.shop.payment.api.GetWallet;
import dev.microlab.docs.shop.payment.api.PaymentReceipt;
import dev.microlab.docs.shop.payment.api.PaymentService;
import dev.microlab.docs.shop.payment.api.RefundPayment;
import dev.microlab.docs.shop.payment.api.Wallet;
import java.util.List;
import java.util.Objects;

/**
 * One running instance of the payment service (payment-1, payment-2): the service's logic over
 * the shared {@link PaymentLedger}, stamping each receipt with the instance that took it.
 *
 * <pre>{@code
 * PaymentService payment2 = new PaymentInstance("payment-2", ledger);
 * }</pre>
 *
 * <p>This class is threadsafe (the ledger serializes commands).
 */
public final class PaymentInstance implements PaymentService {

    private final String instanceId;
    private final PaymentLedger ledger;

    /** The instance {@code instanceId} over {@code ledger}. */
    public PaymentInstance(String instanceId, PaymentLedger ledger) {
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId must not be null");
        this.ledger = Objects.requireNonNull(ledger, "ledger must not be null");
    }

    @Override
    public PaymentReceipt charge(ChargePayment command) {
        return ledger.charge(Objects.requireNonNull(command, "command must not be null"), instanceId);
    }

    @Override
    public void refund(RefundPayment command) {
        ledger.refund(Objects.requireNonNull(command, "command must not be null"));
    }

    @Override
    public Wallet wallet(GetWallet query) {
        return ledger.wallet(Objects.requireNonNull(query, "query must not be null").customerId());
    }

    @Override
    public List<PaymentReceipt> payments() {
        return ledger.payments();
    }

    @Override
    public String toString() {
        return "PaymentInstance[" + instanceId + "]";
    }
}
