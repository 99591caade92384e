package dev.microlab.exercises.bankaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("bank-account")
@DisplayName("Exercise 2 · Event-sourced bank account")
class BankAccountTest {

    private static final String ID = "acc-1";

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    /** An account opened and committed, with a committed 100.00 deposit: version 2, balance 100.00. */
    private static BankAccount accountWith100() {
        BankAccount account = BankAccount.open(ID, "Ada");
        account.deposit(money("100.00"));
        account.markEventsAsCommitted();
        return account;
    }

    @Nested
    @DisplayName("opening")
    class Opening {

        @Test
        @DisplayName("open() records AccountCreated as the only pending event")
        void openRaisesAccountCreated() {
            // When
            BankAccount account = BankAccount.open(ID, "Ada");

            // Then
            assertThat(account.pendingEvents()).as("opening an account is itself an event")
                    .containsExactly(new AccountCreated(ID, "Ada"));
        }

        @Test
        @DisplayName("a new account has its id and owner, a zero balance and version 0")
        void newAccountState() {
            // When
            BankAccount account = BankAccount.open(ID, "Ada");

            // Then
            assertThat(account.id()).as("id").isEqualTo(ID);
            assertThat(account.owner()).as("owner, applied from AccountCreated").isEqualTo("Ada");
            assertThat(account.balance()).as("a new account holds no money").isEqualByComparingTo("0");
            assertThat(account.version()).as("nothing is saved yet, so version 0").isZero();
        }

        @Test
        @DisplayName("refuses a blank account id or owner")
        void refusesBlankIdOrOwner() {
            assertThatThrownBy(() -> BankAccount.open(" ", "Ada")).as("blank accountId")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountId");
            assertThatThrownBy(() -> BankAccount.open(ID, "")).as("blank owner")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
        }
    }

    @Nested
    @DisplayName("deposits and withdrawals")
    class Commands {

        @Test
        @DisplayName("deposit() records MoneyDeposited and raises the balance")
        void depositRaisesEvent() {
            // Given
            BankAccount account = accountWith100();

            // When
            account.deposit(money("25.50"));

            // Then
            assertThat(account.pendingEvents()).as("a deposit is recorded as MoneyDeposited(accountId, amount)")
                    .containsExactly(new MoneyDeposited(ID, money("25.50")));
            assertThat(account.balance()).as("100.00 + 25.50").isEqualByComparingTo("125.50");
        }

        @Test
        @DisplayName("withdraw() records MoneyWithdrawn and lowers the balance")
        void withdrawRaisesEvent() {
            // Given
            BankAccount account = accountWith100();

            // When
            account.withdraw(money("30.00"));

            // Then
            assertThat(account.pendingEvents()).as("a withdrawal is recorded as MoneyWithdrawn(accountId, amount)")
                    .containsExactly(new MoneyWithdrawn(ID, money("30.00")));
            assertThat(account.balance()).as("100.00 - 30.00").isEqualByComparingTo("70.00");
        }

        @Test
        @DisplayName("a withdrawal of the whole balance is allowed and leaves exactly zero")
        void withdrawEverything() {
            // Given
            BankAccount account = accountWith100();

            // When
            account.withdraw(money("100"));

            // Then
            assertThat(account.balance()).as("taking out all 100.00 is not an overdraft").isEqualByComparingTo("0");
        }

        @Test
        @DisplayName("no overdraft: withdrawing more than the balance throws InsufficientFundsException and records nothing")
        void noOverdraft() {
            // Given
            BankAccount account = accountWith100();

            // When
            Throwable thrown = catchThrowable(() -> account.withdraw(money("100.01")));

            // Then
            assertThat(thrown).as("100.01 out of 100.00 would overdraw the account")
                    .isInstanceOf(InsufficientFundsException.class);
            InsufficientFundsException refused = (InsufficientFundsException) thrown;
            assertThat(refused.balance()).as("the exception tells the balance").isEqualByComparingTo("100.00");
            assertThat(refused.requested()).as("and the amount asked for").isEqualByComparingTo("100.01");
            assertThat(account.pendingEvents()).as("a refused command records no event").isEmpty();
            assertThat(account.balance()).as("and does not change the balance").isEqualByComparingTo("100.00");
        }

        @Test
        @DisplayName("deposits must be positive: zero or negative amounts are refused and record nothing")
        void depositMustBePositive() {
            // Given
            BankAccount account = accountWith100();

            // When / Then
            for (String amount : List.of("0", "0.00", "-5")) {
                assertThatThrownBy(() -> account.deposit(money(amount))).as("deposit(%s)", amount)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount");
            }
            assertThat(account.pendingEvents()).as("refused deposits record no event").isEmpty();
            assertThat(account.balance()).as("and leave the balance alone").isEqualByComparingTo("100.00");
        }

        @Test
        @DisplayName("withdrawals must be positive: zero or negative amounts are refused and record nothing")
        void withdrawalMustBePositive() {
            // Given
            BankAccount account = accountWith100();

            // When / Then
            for (String amount : List.of("0", "-5")) {
                assertThatThrownBy(() -> account.withdraw(money(amount))).as("withdraw(%s)", amount)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount");
            }
            assertThat(account.pendingEvents()).as("refused withdrawals record no event").isEmpty();
            assertThat(account.balance()).as("a negative withdrawal must not add money").isEqualByComparingTo("100.00");
        }

        @Test
        @DisplayName("money is exact: three deposits of 0.10 make 0.30 (BigDecimal, never double)")
        void moneyIsExact() {
            // Given
            BankAccount account = BankAccount.open(ID, "Ada");

            // When
            account.deposit(money("0.10"));
            account.deposit(money("0.10"));
            account.deposit(money("0.10"));

            // Then
            assertThat(account.balance()).as("0.1 + 0.1 + 0.1 with doubles is 0.30000000000000004")
                    .isEqualByComparingTo("0.30");
        }
    }

    @Nested
    @DisplayName("pending events and version")
    class PendingEvents {

        @Test
        @DisplayName("pending events keep the order in which things happened")
        void pendingInOrder() {
            // Given
            BankAccount account = BankAccount.open(ID, "Ada");

            // When
            account.deposit(money("50"));
            account.withdraw(money("20"));

            // Then
            assertThat(account.pendingEvents()).as("created, then deposited, then withdrawn").containsExactly(
                    new AccountCreated(ID, "Ada"), new MoneyDeposited(ID, money("50")), new MoneyWithdrawn(ID, money("20")));
            assertThat(account.version()).as("none of them is saved yet").isZero();
        }

        @Test
        @DisplayName("the list of pending events cannot be used to change the account")
        void pendingIsACopy() {
            // Given
            BankAccount account = BankAccount.open(ID, "Ada");

            // When
            List<AccountEvent> pending = account.pendingEvents();
            catchThrowable(() -> pending.add(new MoneyDeposited(ID, money("1000000"))));
            catchThrowable(pending::clear);

            // Then
            assertThat(account.pendingEvents()).as("return a copy (List.copyOf) or an unmodifiable view")
                    .containsExactly(new AccountCreated(ID, "Ada"));
        }

        @Test
        @DisplayName("markEventsAsCommitted() empties the pending events and adds them to the version")
        void commitMovesPendingIntoVersion() {
            // Given
            BankAccount account = BankAccount.open(ID, "Ada");
            account.deposit(money("10"));
            account.markEventsAsCommitted();
            account.withdraw(money("5"));
            account.deposit(money("1"));

            // When
            account.markEventsAsCommitted();

            // Then
            assertThat(account.pendingEvents()).as("saved events are no longer pending").isEmpty();
            assertThat(account.version()).as("2 events saved first, then 2 more: version 4").isEqualTo(4);
            assertThat(account.balance()).as("committing does not change the balance").isEqualByComparingTo("6");
        }
    }

    @Nested
    @DisplayName("rebuilding from events")
    class Rebuilding {

        @Test
        @DisplayName("fromEvents() replays the history: owner, balance, and version = number of events")
        void rebuildsState() {
            // Given
            List<AccountEvent> history = List.of(new AccountCreated(ID, "Grace"), new MoneyDeposited(ID, money("80")),
                    new MoneyWithdrawn(ID, money("30")), new MoneyDeposited(ID, money("5")));

            // When
            BankAccount account = BankAccount.fromEvents(ID, history);

            // Then
            assertThat(account.owner()).as("owner from AccountCreated").isEqualTo("Grace");
            assertThat(account.balance()).as("80 - 30 + 5").isEqualByComparingTo("55");
            assertThat(account.version()).as("4 saved events: version 4").isEqualTo(4);
            assertThat(account.id()).as("id").isEqualTo(ID);
        }

        @Test
        @DisplayName("a rebuilt account has no pending events: replaying is not doing things again")
        void rebuiltHasNoPendingEvents() {
            // When
            BankAccount account = BankAccount.fromEvents(ID,
                    List.of(new AccountCreated(ID, "Grace"), new MoneyDeposited(ID, money("80"))));

            // Then
            assertThat(account.pendingEvents()).as("those events are already saved; saving them again would double the money")
                    .isEmpty();
        }

        @Test
        @DisplayName("after rebuilding, new commands are pending and the version stays at the saved count")
        void commandsAfterRebuild() {
            // Given
            BankAccount account = BankAccount.fromEvents(ID,
                    List.of(new AccountCreated(ID, "Grace"), new MoneyDeposited(ID, money("80"))));

            // When
            account.withdraw(money("80"));

            // Then
            assertThat(account.pendingEvents()).as("only the new withdrawal is pending")
                    .containsExactly(new MoneyWithdrawn(ID, money("80")));
            assertThat(account.version()).as("the expected version for saving it is still 2").isEqualTo(2);
            assertThat(account.balance()).as("80 - 80").isEqualByComparingTo("0");
        }

        @Test
        @DisplayName("what an account records, replayed, gives the same account")
        void roundTrip() {
            // Given
            BankAccount original = BankAccount.open(ID, "Ada");
            original.deposit(money("12.34"));
            original.withdraw(money("2.34"));
            original.deposit(money("0.01"));

            // When
            BankAccount replayed = BankAccount.fromEvents(ID, new ArrayList<>(original.pendingEvents()));

            // Then
            assertThat(replayed.balance()).as("same balance").isEqualByComparingTo(original.balance());
            assertThat(replayed.owner()).as("same owner").isEqualTo(original.owner());
            assertThat(replayed.version()).as("4 events replayed: version 4").isEqualTo(4);
        }

        @Test
        @DisplayName("refuses a history that is empty or does not start with AccountCreated, and a blank id")
        void refusesHistoryWithoutCreation() {
            assertThatThrownBy(() -> BankAccount.fromEvents(ID, List.of())).as("an account that never was created")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> BankAccount.fromEvents(ID, List.of(new MoneyDeposited(ID, money("1")))))
                    .as("money deposited into an account that was never created; the message shows the first event")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MoneyDeposited");
            assertThatThrownBy(() -> BankAccount.fromEvents(" ", List.of(new AccountCreated(" ", "Ada"))))
                    .as("a blank accountId").isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("accountId");
        }

        @Test
        @DisplayName("refuses a history that creates the account twice")
        void refusesSecondCreation() {
            assertThatThrownBy(() -> BankAccount.fromEvents(ID,
                    List.of(new AccountCreated(ID, "Ada"), new AccountCreated(ID, "Mallory"))))
                    .as("a second AccountCreated would silently change the owner")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("refuses a history holding another account's events")
        void refusesForeignEvents() {
            assertThatThrownBy(() -> BankAccount.fromEvents(ID,
                    List.of(new AccountCreated(ID, "Ada"), new MoneyDeposited("acc-2", money("1000")))))
                    .as("acc-2's deposit must never land in acc-1's balance")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acc-2");
        }
    }
}
