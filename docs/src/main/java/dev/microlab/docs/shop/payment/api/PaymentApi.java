package dev.microlab.docs.shop.payment.api;

/**
 * What other services may ask a payment instance: charge an amount. A business refusal is a
 * {@link ChargeResult} (the call worked); an exception means the call itself failed (the
 * instance is down or flaky), which retries and outlier detection act on.
 *
 * <pre>{@code
 * ChargeResult result = payment.charge("o1:process-payment:action", 2_500);
 * }</pre>
 *
 * <p>Implementations are threadsafe.
 */
public interface PaymentApi {

    /** Charges {@code amountCents}; the same {@code key} charges at most once. */
    ChargeResult charge(String key, long amountCents) throws Exception;
}
