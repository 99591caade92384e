package dev.microlab.docs.shop.payment.api;

import java.util.Objects;

/**
 * Query: a customer's wallet.
 *
 * <pre>{@code
 * long cents = payments.wallet(new GetWallet("alice")).balanceCents();
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param customerId the customer
 */
public record GetWallet(String customerId) {

    /** Validates: no null. */
    public GetWallet {
        Objects.requireNonNull(customerId, "customerId must not be null");
    }
}
