package dev.microlab.exercises.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("order-aggregate")
@DisplayName("Exercise 8 · DDD order aggregate")
class OrderTest {

    private static BigDecimal price(String value) {
        return new BigDecimal(value);
    }

    /** A new order whose creation event was already handed over. */
    private static Order newOrder() {
        Order order = Order.create("order-1", "customer-7");
        order.pullEvents();
        return order;
    }

    @Test
    @DisplayName("a new order is pending, empty, for its customer, and raises OrderCreated")
    void create() {
        // When
        Order order = Order.create("order-1", "customer-7");

        // Then
        assertThat(order.status()).as("a new order is PENDING").isEqualTo(OrderStatus.PENDING);
        assertThat(order.items()).as("with no items").isEmpty();
        assertThat(order.id()).as("id").isEqualTo("order-1");
        assertThat(order.customerId()).as("customer").isEqualTo("customer-7");
        assertThat(order.pullEvents()).as("starting an order is a domain event")
                .containsExactly(new OrderCreated("order-1", "customer-7"));
    }

    @Test
    @DisplayName("addItem() adds a line and raises ItemAdded")
    void addItem() {
        // Given
        Order order = newOrder();

        // When
        order.addItem("book-42", 2, price("12.50"));

        // Then
        OrderItem line = new OrderItem("book-42", 2, price("12.50"));
        assertThat(order.items()).as("the new line").containsExactly(line);
        assertThat(order.pullEvents()).as("ItemAdded(orderId, item)").containsExactly(new ItemAdded("order-1", line));
    }

    @Test
    @DisplayName("the total is the sum of quantity × unit price over the lines")
    void total() {
        // Given
        Order order = newOrder();

        // When
        order.addItem("book-42", 2, price("12.50"));
        order.addItem("pen-1", 3, price("0.99"));

        // Then
        assertThat(order.total()).as("2 × 12.50 + 3 × 0.99").isEqualByComparingTo("27.97");
        assertThat(newOrder().total()).as("an empty order totals zero").isEqualByComparingTo("0");
    }

    @Test
    @DisplayName("confirm() confirms an order with items and raises OrderConfirmed with its total")
    void confirm() {
        // Given
        Order order = newOrder();
        order.addItem("book-42", 2, price("12.50"));
        order.pullEvents();

        // When
        order.confirm();

        // Then
        assertThat(order.status()).as("status after confirm()").isEqualTo(OrderStatus.CONFIRMED);
        List<OrderEvent> events = order.pullEvents();
        assertThat(events).as("one OrderConfirmed").hasSize(1).first().isInstanceOf(OrderConfirmed.class);
        OrderConfirmed confirmed = (OrderConfirmed) events.get(0);
        assertThat(confirmed.orderId()).as("for this order").isEqualTo("order-1");
        assertThat(confirmed.total()).as("carrying the total").isEqualByComparingTo("25.00");
    }

    @Test
    @DisplayName("an empty order cannot be confirmed: InvalidOperationException, and it stays pending")
    void cannotConfirmEmpty() {
        // Given
        Order order = newOrder();

        // When
        Throwable thrown = catchThrowable(order::confirm);

        // Then
        assertThat(thrown).as("the course's rule: 'Cannot confirm empty order'").isInstanceOf(InvalidOperationException.class);
        assertThat(order.status()).as("still PENDING").isEqualTo(OrderStatus.PENDING);
        assertThat(order.pullEvents()).as("a refused command raises nothing").isEmpty();
    }

    @Test
    @DisplayName("a confirmed order cannot be changed: addItem() throws InvalidOperationException and adds nothing")
    void cannotModifyConfirmed() {
        // Given
        Order order = newOrder();
        order.addItem("book-42", 1, price("12.50"));
        order.confirm();
        order.pullEvents();

        // When
        Throwable thrown = catchThrowable(() -> order.addItem("pen-1", 1, price("0.99")));

        // Then
        assertThat(thrown).as("the course's rule: 'Cannot modify confirmed order'").isInstanceOf(InvalidOperationException.class);
        assertThat(order.items()).as("the confirmed order keeps exactly its lines").hasSize(1);
        assertThat(order.total()).as("and its total").isEqualByComparingTo("12.50");
        assertThat(order.pullEvents()).as("no event for a refused change").isEmpty();
    }

    @Test
    @DisplayName("an order cannot be confirmed twice")
    void cannotConfirmTwice() {
        // Given
        Order order = newOrder();
        order.addItem("book-42", 1, price("12.50"));
        order.confirm();
        order.pullEvents();

        // When
        Throwable thrown = catchThrowable(order::confirm);

        // Then
        assertThat(thrown).as("a second confirm() would raise a second OrderConfirmed (double billing!)")
                .isInstanceOf(InvalidOperationException.class);
        assertThat(order.pullEvents()).as("and must raise nothing").isEmpty();
    }

    @Test
    @DisplayName("events come out in the order they happened, and pullEvents() hands them over only once")
    void eventsInOrderAndOnce() {
        // Given
        Order order = Order.create("order-1", "customer-7");
        order.addItem("book-42", 1, price("10"));

        // When
        List<OrderEvent> first = order.pullEvents();
        List<OrderEvent> second = order.pullEvents();

        // Then
        assertThat(first).as("created, then item added").hasSize(2);
        assertThat(first.get(0)).isInstanceOf(OrderCreated.class);
        assertThat(first.get(1)).isInstanceOf(ItemAdded.class);
        assertThat(second).as("already handed over: publishing them twice would duplicate them").isEmpty();
    }

    @Test
    @DisplayName("the items list cannot be used to get around the rules")
    void itemsIsACopy() {
        // Given
        Order order = newOrder();
        order.addItem("book-42", 1, price("12.50"));
        order.confirm();

        // When
        List<OrderItem> items = order.items();
        catchThrowable(() -> items.add(new OrderItem("free-tv", 1, price("0"))));

        // Then
        assertThat(order.items()).as("only addItem() may add lines, and only while pending").hasSize(1);
    }

    @Test
    @DisplayName("refuses a quantity below 1, a negative price or a blank product, and records nothing")
    void validatesLines() {
        // Given
        Order order = newOrder();

        // When / Then
        assertThatThrownBy(() -> order.addItem("book-42", 0, price("1"))).as("quantity 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantity");
        assertThatThrownBy(() -> order.addItem("book-42", 1, price("-0.01"))).as("a negative price")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitPrice");
        assertThatThrownBy(() -> order.addItem(" ", 1, price("1"))).as("a blank product")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("productId");
        assertThat(order.items()).as("no line was added").isEmpty();
        assertThat(order.pullEvents()).as("no event was raised").isEmpty();
    }

    @Test
    @DisplayName("accepts the smallest valid line: quantity 1 of a free product")
    void acceptsEdgeLine() {
        Order order = newOrder();
        order.addItem("sample", 1, price("0"));
        assertThat(order.items()).as("quantity 1 at price 0 is a valid line").hasSize(1);
    }

    @Test
    @DisplayName("refuses a blank order id or customer id")
    void validatesCreation() {
        assertThatThrownBy(() -> Order.create("", "customer-7")).as("blank orderId")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orderId");
        assertThatThrownBy(() -> Order.create("order-1", " ")).as("blank customerId")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customerId");
    }
}
