package dev.microlab.exercises.bankaccount;

import java.math.BigDecimal;

/** A withdrawal asked for more than the balance: the account never goes below zero. */
public final class InsufficientFundsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient BigDecimal balance;
    private final transient BigDecimal requested;

    public InsufficientFundsException(BigDecimal balance, BigDecimal requested) {
        super("cannot withdraw " + requested + ": the balance is only " + balance);
        this.balance = balance;
        this.requested = requested;
    }

    /** The balance when the withdrawal was refused. */
    public BigDecimal balance() {
        return balance;
    }

    /** The amount the withdrawal asked for. */
    public BigDecimal requested() {
        return requested;
    }
}
