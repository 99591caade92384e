package dev.microlab.exercises.bankaccount;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Exercise 2: an event-sourced bank account (the course's exercise 2).
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
 *
 * <p>This class is not threadsafe: an aggregate is loaded, changed and saved by one thread at a time.
 */
public final class BankAccount {

    private final String id;
    private String owner;
    private BigDecimal balance = BigDecimal.ZERO;
    private int version;
    private final List<AccountEvent> pending = new ArrayList<>();

    private BankAccount(String id) {
        this.id = id;
    }

    /**
     * Opens a new account: its only pending event is {@link AccountCreated}.
     *
     * @throws IllegalArgumentException if {@code accountId} or {@code owner} is blank
     */
    public static BankAccount open(String accountId, String owner) {
        requireText(accountId, "accountId");
        requireText(owner, "owner");
        BankAccount account = new BankAccount(accountId);
        account.raise(new AccountCreated(accountId, owner));
        return account;
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
        requireText(accountId, "accountId");
        Objects.requireNonNull(history, "history must not be null");
        if (history.isEmpty() || !(history.get(0) instanceof AccountCreated)) {
            throw new IllegalArgumentException("history of " + accountId + " must start with AccountCreated, but was "
                    + (history.isEmpty() ? "empty" : history.get(0)));
        }
        BankAccount account = new BankAccount(accountId);
        for (int i = 0; i < history.size(); i++) {
            AccountEvent event = Objects.requireNonNull(history.get(i), "history must not contain null");
            if (!event.accountId().equals(accountId)) {
                throw new IllegalArgumentException("event " + i + " belongs to account " + event.accountId()
                        + ", not to " + accountId + ": " + event);
            }
            if (i > 0 && event instanceof AccountCreated) {
                throw new IllegalArgumentException("event " + i + " creates account " + accountId + " a second time");
            }
            account.apply(event);
            account.version++;
        }
        return account;
    }

    /**
     * Pays {@code amount} in.
     *
     * @throws IllegalArgumentException if {@code amount} is not positive; nothing is recorded
     */
    public void deposit(BigDecimal amount) {
        requirePositive(amount);
        raise(new MoneyDeposited(id, amount));
    }

    /**
     * Takes {@code amount} out.
     *
     * @throws IllegalArgumentException    if {@code amount} is not positive; nothing is recorded
     * @throws InsufficientFundsException if {@code amount} is more than the balance; nothing is recorded
     */
    public void withdraw(BigDecimal amount) {
        requirePositive(amount);
        if (amount.compareTo(balance) > 0) {
            throw new InsufficientFundsException(balance, amount);
        }
        raise(new MoneyWithdrawn(id, amount));
    }

    /** The events recorded since the account was opened or loaded and not yet committed, oldest first. */
    public List<AccountEvent> pendingEvents() {
        return List.copyOf(pending);
    }

    /** The pending events were saved: they now count in {@link #version()} and are no longer pending. */
    public void markEventsAsCommitted() {
        version += pending.size();
        pending.clear();
    }

    public String id() {
        return id;
    }

    public String owner() {
        return owner;
    }

    public BigDecimal balance() {
        return balance;
    }

    /** How many events of this account are saved: the expected version when saving the pending ones. */
    public int version() {
        return version;
    }

    private void raise(AccountEvent event) {
        apply(event);
        pending.add(event);
    }

    private void apply(AccountEvent event) {
        // (Java 17 has no pattern matching in switch yet: instanceof patterns instead.)
        if (event instanceof AccountCreated created) {
            owner = created.owner();
        } else if (event instanceof MoneyDeposited deposited) {
            balance = balance.add(deposited.amount());
        } else if (event instanceof MoneyWithdrawn withdrawn) {
            balance = balance.subtract(withdrawn.amount());
        }
    }

    private static void requirePositive(BigDecimal amount) {
        Objects.requireNonNull(amount, "amount must not be null");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be > 0, but was " + amount);
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
