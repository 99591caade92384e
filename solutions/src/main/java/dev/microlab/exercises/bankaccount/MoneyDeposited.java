package dev.microlab.exercises.bankaccount;

import java.math.BigDecimal;

/** {@code amount} (positive) was paid into the account. */
public record MoneyDeposited(String accountId, BigDecimal amount) implements AccountEvent {
}
