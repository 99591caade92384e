package dev.microlab.cqrs.testdomain;

/** An amount in minor units of a currency. */
public record Money(String currency, long minorUnits) {

    public static Money of(String currency, long minorUnits) {
        return new Money(currency, minorUnits);
    }

    public static Money zero(String currency) {
        return new Money(currency, 0);
    }

    public Money plus(Money other) {
        return new Money(currency, minorUnits + other.minorUnits);
    }

    public Money minus(Money other) {
        return new Money(currency, minorUnits - other.minorUnits);
    }

    public Money times(int quantity) {
        return new Money(currency, minorUnits * quantity);
    }
}
