package dev.microlab.docs.shop.payment.api;

import java.util.Objects;

/**
 * DTO: a customer's balance, in cents.
 *
 * <pre>{@code
 * Wallet w = payments.wallet(new GetWallet("alice"));
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param customerId   the customer
 * @param balanceCents what is left, in cents
 */
public record Wallet(String customerId, long balanceCents) {

    /** Validates: no null. */
    public Wallet {
        Objects.requireNonNull(customerId, "customerId must not be null");
    }
}
