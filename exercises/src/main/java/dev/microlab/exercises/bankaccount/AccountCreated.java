package dev.microlab.exercises.bankaccount;

/** The account was opened for {@code owner}; always the first event of an account. */
public record AccountCreated(String accountId, String owner) implements AccountEvent {
}
