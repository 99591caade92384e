package dev.microlab.exercises.bankaccount;

/**
 * Something that happened to a bank account: the only source of truth of an event-sourced
 * account. Its state (balance, owner) is whatever replaying these events gives.
 */
public sealed interface AccountEvent permits AccountCreated, MoneyDeposited, MoneyWithdrawn {

    /** The account it happened to. */
    String accountId();
}
