package dev.microlab.examples.order;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in minor units (cents) of one currency: never a {@code double}, so
 * 0.10 + 0.20 is exactly 0.30. Arithmetic that overflows a {@code long} throws
 * {@link ArithmeticException} instead of wrapping.
 *
 * <pre>{@code
 * Money price = Money.of("EUR", 1250);        // 12.50 EUR
 * Money line = price.times(3);                 // 37.50 EUR
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param currency   ISO 4217 code, e.g. "EUR"
 * @param minorUnits the amount in the currency's minor unit
 */
public record Money(String currency, long minorUnits) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the currency is not a known ISO 4217 code
     */
    public Money {
        Objects.requireNonNull(currency, "currency must not be null");
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code such as EUR, but was '" + currency
                    + "'", e);
        }
    }

    /** Same as the constructor. */
    public static Money of(String currency, long minorUnits) {
        return new Money(currency, minorUnits);
    }

    /** Nothing, in {@code currency}. */
    public static Money zero(String currency) {
        return new Money(currency, 0);
    }

    /**
     * The sum.
     *
     * @throws IllegalArgumentException if the currencies differ
     * @throws ArithmeticException on overflow
     */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(currency, Math.addExact(minorUnits, other.minorUnits));
    }

    /**
     * The difference.
     *
     * @throws IllegalArgumentException if the currencies differ
     * @throws ArithmeticException on overflow
     */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(currency, Math.subtractExact(minorUnits, other.minorUnits));
    }

    /**
     * This amount times {@code factor}.
     *
     * @throws ArithmeticException on overflow
     */
    public Money times(long factor) {
        return new Money(currency, Math.multiplyExact(minorUnits, factor));
    }

    /** The amount in major units, e.g. 12.50 for 1250 EUR cents. */
    public BigDecimal amount() {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(minorUnits, digits);
    }

    private void requireSameCurrency(Money other) {
        Objects.requireNonNull(other, "other must not be null");
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + this + " with " + other + ": currencies differ");
        }
    }

    @Override
    public String toString() {
        return amount().toPlainString() + " " + currency;
    }
}
