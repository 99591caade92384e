package dev.microlab.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.examples.order.OrderEvent.ItemAdded;
import dev.microlab.examples.order.OrderEvent.ItemRemoved;
import dev.microlab.examples.order.OrderEvent.OrderCancelled;
import dev.microlab.examples.order.OrderEvent.OrderConfirmed;
import dev.microlab.examples.order.OrderEvent.OrderCreated;
import dev.microlab.examples.order.OrderRuleException.Rule;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Order aggregate")
class OrderTest {

    private static final Money BOOK = Money.of("EUR", 1250);
    private static final Money PEN = Money.of("EUR", 199);

    private static Order pending() {
        Order order = new Order("42");
        order.create("ana", "EUR", List.of());
        return order;
    }

    private static Order withBook() {
        Order order = pending();
        order.addItem("book", 2, BOOK);
        return order;
    }

    private static Order confirmed() {
        Order order = withBook();
        order.confirm();
        return order;
    }

    private static Order cancelled() {
        Order order = withBook();
        order.cancel("changed my mind");
        return order;
    }

    private static void assertRule(Runnable command, Rule rule, String messagePart) {
        assertThatThrownBy(command::run)
                .as("the command must be refused by rule %s", rule)
                .isInstanceOf(OrderRuleException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((OrderRuleException) e).rule()).isEqualTo(rule));
    }

    @Test
    @DisplayName("create records OrderCreated and then one ItemAdded per initial item, like the course's handler")
    void createRecordsCreatedAndItems() {
        // Given
        Order order = new Order("42");
        // When
        order.create("ana", "EUR", List.of(new OrderLine("book", 2, BOOK), new OrderLine("pen", 1, PEN)));
        // Then
        assertThat(order.pendingEvents()).as("the events the create decided").containsExactly(
                new OrderCreated("42", "ana", "EUR"),
                new ItemAdded("42", "book", 2, BOOK),
                new ItemAdded("42", "pen", 1, PEN));
        assertThat(order.status()).as("a new order is pending").contains(OrderStatus.PENDING);
        assertThat(order.total()).as("2 x 12.50 + 1.99").isEqualTo(Money.of("EUR", 2699));
    }

    @Test
    @DisplayName("an order cannot be created twice")
    void createTwiceRefused() {
        Order order = pending();
        assertRule(() -> order.create("bob", "EUR", List.of()), Rule.ALREADY_EXISTS, "already exists");
    }

    @Test
    @DisplayName("an order cannot be created in an unknown currency, and nothing is recorded")
    void unknownCurrencyRefused() {
        Order order = new Order("42");
        assertThatThrownBy(() -> order.create("ana", "XXY", List.of()))
                .as("XXY is not an ISO 4217 code").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XXY");
        assertThat(order.pendingEvents()).as("nothing decided").isEmpty();
    }

    @Test
    @DisplayName("every command but create needs an existing order")
    void commandsNeedAnExistingOrder() {
        Order order = new Order("42");
        assertRule(() -> order.addItem("book", 1, BOOK), Rule.NOT_FOUND, "does not exist");
        assertRule(() -> order.removeItem("book"), Rule.NOT_FOUND, "does not exist");
        assertRule(order::confirm, Rule.NOT_FOUND, "does not exist");
        assertRule(() -> order.cancel("x"), Rule.NOT_FOUND, "does not exist");
    }

    @Test
    @DisplayName("adding a product already in the order adds to its line")
    void addingTheSameProductMergesTheLine() {
        Order order = withBook();
        order.addItem("book", 3, BOOK);
        assertThat(order.lines()).as("one line with 2 + 3 books").containsExactly(new OrderLine("book", 5, BOOK));
        assertThat(order.total()).as("5 x 12.50").isEqualTo(Money.of("EUR", 6250));
    }

    @Test
    @DisplayName("a product has one unit price per order")
    void samProductOtherPriceRefused() {
        Order order = withBook();
        assertRule(() -> order.addItem("book", 1, Money.of("EUR", 999)), Rule.PRICE_MISMATCH, "already in order");
    }

    @Test
    @DisplayName("items are priced in the order's currency")
    void otherCurrencyRefused() {
        Order order = pending();
        assertRule(() -> order.addItem("book", 1, Money.of("USD", 1250)), Rule.CURRENCY_MISMATCH, "priced in EUR");
    }

    @Test
    @DisplayName("a negative unit price is refused")
    void negativePriceRefused() {
        Order order = pending();
        assertRule(() -> order.addItem("book", 1, Money.of("EUR", -1)), Rule.PRICE_MISMATCH, "must not be negative");
    }

    @Test
    @DisplayName("a quantity below 1 is refused")
    void zeroQuantityRefused() {
        Order order = pending();
        assertRule(() -> order.addItem("book", 0, BOOK), Rule.INVALID_QUANTITY, "must be >= 1, but was 0");
    }

    @Test
    @DisplayName("a line holds at most MAX_LINE_QUANTITY units, counting what it already has")
    void lineQuantityBounded() {
        Order order = pending();
        order.addItem("book", Order.MAX_LINE_QUANTITY, BOOK);
        assertRule(() -> order.addItem("book", 1, BOOK), Rule.INVALID_QUANTITY, "would have 1001");
    }

    @Test
    @DisplayName("removing an item removes its whole line")
    void removeItem() {
        Order order = withBook();
        order.addItem("pen", 1, PEN);
        order.removeItem("book");
        assertThat(order.lines()).as("only the pen is left").containsExactly(new OrderLine("pen", 1, PEN));
        assertThat(order.pendingEvents()).as("the last event").last().isEqualTo(new ItemRemoved("42", "book"));
    }

    @Test
    @DisplayName("only a product in the order can be removed")
    void removeUnknownRefused() {
        Order order = withBook();
        assertRule(() -> order.removeItem("pen"), Rule.ITEM_NOT_IN_ORDER, "pen is not in order 42");
    }

    @Test
    @DisplayName("an empty order cannot be confirmed (course rule)")
    void confirmEmptyRefused() {
        Order order = pending();
        assertRule(order::confirm, Rule.EMPTY_ORDER, "has no item");
    }

    @Test
    @DisplayName("an order whose only line was removed is empty again and cannot be confirmed")
    void confirmEmptiedRefused() {
        Order order = withBook();
        order.removeItem("book");
        assertRule(order::confirm, Rule.EMPTY_ORDER, "has no item");
    }

    @Test
    @DisplayName("confirming records the total at confirmation")
    void confirmRecordsTotal() {
        Order order = confirmed();
        assertThat(order.pendingEvents()).as("the last event").last()
                .isEqualTo(new OrderConfirmed("42", Money.of("EUR", 2500)));
        assertThat(order.status()).contains(OrderStatus.CONFIRMED);
    }

    @Test
    @DisplayName("a confirmed order refuses to change (course rule): no add, no remove, no second confirm")
    void confirmedOrderIsFrozen() {
        Order order = confirmed();
        assertRule(() -> order.addItem("pen", 1, PEN), Rule.NOT_MODIFIABLE, "CONFIRMED and can no longer change");
        assertRule(() -> order.removeItem("book"), Rule.NOT_MODIFIABLE, "CONFIRMED");
        assertRule(order::confirm, Rule.NOT_MODIFIABLE, "CONFIRMED");
    }

    @Test
    @DisplayName("a pending order can be cancelled")
    void cancelPending() {
        Order order = cancelled();
        assertThat(order.pendingEvents()).last().isEqualTo(new OrderCancelled("42", "changed my mind"));
        assertThat(order.status()).contains(OrderStatus.CANCELLED);
    }

    @Test
    @DisplayName("a confirmed order can still be cancelled (nothing is shipped in this example)")
    void cancelConfirmed() {
        Order order = confirmed();
        order.cancel("out of stock");
        assertThat(order.status()).contains(OrderStatus.CANCELLED);
    }

    @Test
    @DisplayName("a cancelled order refuses everything, a second cancel included")
    void cancelledOrderIsFinal() {
        Order order = cancelled();
        assertRule(() -> order.cancel("again"), Rule.ALREADY_CANCELLED, "already cancelled");
        assertRule(() -> order.addItem("pen", 1, PEN), Rule.NOT_MODIFIABLE, "CANCELLED");
        assertRule(() -> order.removeItem("book"), Rule.NOT_MODIFIABLE, "CANCELLED");
        assertRule(order::confirm, Rule.NOT_MODIFIABLE, "CANCELLED");
    }

    @Test
    @DisplayName("a refused command records nothing")
    void refusalRecordsNothing() {
        Order order = confirmed();
        int before = order.pendingEvents().size();
        assertRule(() -> order.addItem("pen", 1, PEN), Rule.NOT_MODIFIABLE, "CONFIRMED");
        assertThat(order.pendingEvents()).as("no event added by the refused command").hasSize(before);
    }

    @Test
    @DisplayName("a snapshot round trip restores the whole state")
    void snapshotRoundTrip() {
        Order order = withBook();
        order.addItem("pen", 3, PEN);
        OrderSnapshotCodec codec = new OrderSnapshotCodec();
        Order restored = codec.decode("42", codec.encode(order));
        assertThat(restored.lines()).as("lines").isEqualTo(order.lines());
        assertThat(restored.status()).as("status").isEqualTo(order.status());
        assertThat(restored.customerId()).as("customer").isEqualTo("ana");
        assertThat(restored.total()).as("total").isEqualTo(order.total());
    }
}
