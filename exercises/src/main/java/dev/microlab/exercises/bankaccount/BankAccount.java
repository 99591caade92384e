package dev.microlab.exercises.bankaccount;

import java.math.BigDecimal;
import java.util.List;

/**
 * Exercise 2: an event-sourced bank account (the course's exercise 2). Instructions:
 * {@code exercises/instructions/02-bank-account/README.md}.
 *
 * <p>Every change is first decided (validated) and recorded as an {@link AccountEvent}, then
 * applied to the state; the new events wait in {@link #pendingEvents()} until the caller has
 * saved them and calls {@link #markEventsAsCommitted()}. {@link #fromEvents} rebuilds an
 * account from its saved history. {@link #version()} counts the saved events: it is the
 * expected version to pass to an event store when saving the pending ones.
 *
 * <pre>{@code
 * BankAccount account = BankAccount.open("acc-1", "Ada");
 * account.deposit(new BigDecimal("100.00"));
 * store.append("acc-1", account.version(), account.pendingEvents());
 * account.markEventsAsCommitted();
 * BankAccount again = BankAccount.fromEvents("acc-1", store.read("acc-1"));
 * }</pre>
 */
public final class BankAccount {

    // TODO: fields for the id, the owner, the balance, the version and the pending events.

    /**
     * Opens a new account: its only pending event is {@link AccountCreated}.
     *
     * @throws IllegalArgumentException if {@code accountId} or {@code owner} is blank
     */
    public static BankAccount open(String accountId, String owner) {
        throw new UnsupportedOperationException("TODO: validate, then raise AccountCreated");
    }

    /**
     * Rebuilds an account from its saved history, oldest first. The result has no pending
     * events and its version is the number of events in the history.
     *
     * @throws IllegalArgumentException if the history is empty, does not start with
     *                                  {@link AccountCreated}, creates the account twice, or
     *                                  holds an event of another account
     */
    public static BankAccount fromEvents(String accountId, List<? extends AccountEvent> history) {
        throw new UnsupportedOperationException("TODO: check the history, then apply each event without recording it");
    }

    /**
     * Pays {@code amount} in.
     *
     * @throws IllegalArgumentException if {@code amount} is not positive; nothing is recorded
     */
    public void deposit(BigDecimal amount) {
        throw new UnsupportedOperationException("TODO: validate the amount, then raise MoneyDeposited");
    }

    /**
     * Takes {@code amount} out.
     *
     * @throws IllegalArgumentException    if {@code amount} is not positive; nothing is recorded
     * @throws InsufficientFundsException if {@code amount} is more than the balance; nothing is recorded
     */
    public void withdraw(BigDecimal amount) {
        throw new UnsupportedOperationException("TODO: validate the amount and the balance, then raise MoneyWithdrawn");
    }

    /** The events recorded since the account was opened or loaded and not yet committed, oldest first. */
    public List<AccountEvent> pendingEvents() {
        throw new UnsupportedOperationException("TODO: a copy of the pending events");
    }

    /** The pending events were saved: they now count in {@link #version()} and are no longer pending. */
    public void markEventsAsCommitted() {
        throw new UnsupportedOperationException("TODO: move the pending events into the version");
    }

    public String id() {
        throw new UnsupportedOperationException("TODO: the account id");
    }

    public String owner() {
        throw new UnsupportedOperationException("TODO: the owner, from AccountCreated");
    }

    public BigDecimal balance() {
        throw new UnsupportedOperationException("TODO: the balance");
    }

    /** How many events of this account are saved: the expected version when saving the pending ones. */
    public int version() {
        throw new UnsupportedOperationException("TODO: the number of saved events");
    }
}
