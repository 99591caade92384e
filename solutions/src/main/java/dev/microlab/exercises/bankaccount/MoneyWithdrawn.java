package dev.microlab.exercises.bankaccount;

import java.math.BigDecimal;

/** {@code amount} (positive, at most the balance at the time) was taken out of the account. */
public record MoneyWithdrawn(String accountId, BigDecimal amount) implements AccountEvent {
}
