package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.docs.shop.inventory.api.GetStock;
import dev.microlab.docs.shop.inventory.api.StockLevel;
import dev.microlab.docs.shop.order.api.GetOrder;
import dev.microlab.docs.shop.order.api.OrderReceipt;
import dev.microlab.docs.shop.order.api.OrderStatus;
import dev.microlab.docs.shop.order.api.OrderView;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.docs.shop.payment.api.GetWallet;
import dev.microlab.docs.shop.payment.api.PaymentEvent;
import dev.microlab.saga.SagaTrace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The reference shop")
class ShopFlowsTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final Shop shop = Shop.builder(time, scheduler)
            .stock("book", 10)
            .wallet("alice", 10_000)
            .wallet("bob", 500)
            .build();

    @AfterEach
    void close() {
        shop.close();
    }

    private static PlaceOrder books(String orderId, String customer, int quantity) {
        return new PlaceOrder(orderId, customer, "book", quantity, 1_250);
    }

    private StockLevel stock() {
        return shop.inventory().stock(new GetStock("book"));
    }

    private long wallet(String customer) {
        return shop.payments().wallet(new GetWallet(customer)).balanceCents();
    }

    private static List<String> kinds(SagaTrace trace) {
        return trace.entries().stream()
                .map(e -> e.kind() + (e.step() == null ? "" : " " + e.step())).toList();
    }

    @Test
    @DisplayName("a normal order is validated, reserved, paid and shipped")
    void normalOrder() throws Exception {
        // When
        OrderReceipt receipt = shop.place(books("o1", "alice", 2));

        // Then
        assertThat(receipt.status()).as("the saga completed: the order shipped (%s)", receipt)
                .isEqualTo(OrderStatus.SHIPPED);
        assertThat(stock().available()).as("2 of 10 books left the stock").isEqualTo(8);
        assertThat(wallet("alice")).as("alice paid 2 x 12.50").isEqualTo(10_000 - 2_500);
        assertThat(shop.shipping().shipmentOf("o1")).as("shipping has the parcel").isPresent();
        assertThat(shop.trace("o1").map(ShopFlowsTest::kinds).orElseThrow())
                .as("the saga log shows the four steps in order")
                .containsSubsequence("STEP_SUCCEEDED validate-order", "STEP_SUCCEEDED reserve-inventory",
                        "STEP_SUCCEEDED process-payment", "STEP_SUCCEEDED ship");
    }

    @Test
    @DisplayName("the read model (CQRS) shows a shipped order with its payment and parcel")
    void readModelAfterNormalOrder() throws Exception {
        // Given
        OrderReceipt receipt = shop.place(books("o1", "alice", 2));

        // When
        OrderView view = shop.orders().order(new GetOrder("o1")).orElseThrow();

        // Then
        assertThat(view).as("the projection of o1's events")
                .isEqualTo(new OrderView("o1", "alice", "book", 2, 2_500, OrderStatus.SHIPPED,
                        receipt.paymentId(), receipt.trackingId()));
    }

    @Test
    @DisplayName("a declined payment cancels the order and releases its stock (compensation)")
    void paymentFailureCompensates() throws Exception {
        // When: bob has 5.00 for a 12.50 book
        OrderReceipt receipt = shop.place(books("o2", "bob", 1));

        // Then
        assertThat(receipt.status()).as("the saga compensated: %s", receipt).isEqualTo(OrderStatus.CANCELLED);
        assertThat(receipt.reason()).as("the reason names the decline").contains("payment declined");
        assertThat(stock()).as("the reservation was released: all 10 available, none held")
                .isEqualTo(new StockLevel("book", 10, 0));
        assertThat(wallet("bob")).as("bob was not charged").isEqualTo(500);
        assertThat(shop.shipping().shipmentOf("o2")).as("nothing shipped").isEmpty();
        assertThat(shop.orders().order(new GetOrder("o2")).orElseThrow().status())
                .as("the read model shows the order cancelled").isEqualTo(OrderStatus.CANCELLED);
        assertThat(shop.trace("o2").map(ShopFlowsTest::kinds).orElseThrow())
                .as("compensations run in reverse order: inventory first, then the order")
                .containsSubsequence("STEP_FAILED process-payment", "COMPENSATION_SUCCEEDED reserve-inventory",
                        "COMPENSATION_SUCCEEDED validate-order");
    }

    @Test
    @DisplayName("a business refusal is not retried and does not count against the instance")
    void declineIsNotRetried() throws Exception {
        // When
        shop.place(books("o2", "bob", 1));

        // Then
        assertThat(shop.network().calls().stream().filter(c -> c.operation().equals("charge")).count())
                .as("one charge call: a decline is an answer, not a fault").isEqualTo(1);
        assertThat(shop.paymentOutliers().ejectedCount()).as("no instance ejected for a decline").isZero();
    }

    @Test
    @DisplayName("out of stock cancels the order before any payment")
    void outOfStock() throws Exception {
        // When
        OrderReceipt receipt = shop.place(books("o3", "alice", 11));

        // Then
        assertThat(receipt.status()).as("cancelled: %s", receipt).isEqualTo(OrderStatus.CANCELLED);
        assertThat(receipt.reason()).as("why").contains("out of stock");
        assertThat(wallet("alice")).as("alice was not charged").isEqualTo(10_000);
    }

    @Test
    @DisplayName("payment calls are balanced round-robin across the two payment instances")
    void loadBalancing() throws Exception {
        // When
        for (int i = 1; i <= 4; i++) {
            shop.place(books("o" + i, "alice", 1));
        }

        // Then
        assertThat(shop.network().delivered(Shop.PAYMENT_1)).as("payment-1 took half the charges").isEqualTo(2);
        assertThat(shop.network().delivered(Shop.PAYMENT_2)).as("payment-2 took the other half").isEqualTo(2);
    }

    @Test
    @DisplayName("a flaky payment instance is retried around, then ejected by outlier detection")
    void flakyInstanceEjected() throws Exception {
        // Given
        shop.network().inject(Shop.PAYMENT_2, Network.Fault.REFUSE_CONNECTIONS);

        // When
        List<OrderReceipt> receipts = List.of(shop.place(books("o1", "alice", 1)), shop.place(books("o2", "alice", 1)),
                shop.place(books("o3", "alice", 1)), shop.place(books("o4", "alice", 1)));

        // Then
        assertThat(receipts).as("every order shipped: the retry picked payment-1 each time payment-2 refused")
                .allMatch(r -> r.status() == OrderStatus.SHIPPED);
        assertThat(shop.paymentOutliers().ejectedCount()).as("payment-2 is ejected").isEqualTo(1);
        long attemptsOnPayment2 = shop.network().calls().stream()
                .filter(c -> c.instanceId().equals(Shop.PAYMENT_2)).count();
        assertThat(attemptsOnPayment2).as("payment-2 was tried only until ejected (2 failures in a row)")
                .isEqualTo(2);
        assertThat(shop.breaker(Shop.PAYMENT).state()).as("the payment breaker stayed closed: the service is up")
                .isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    @DisplayName("an ejected instance returns to the pool after its ejection time")
    void ejectedInstanceReturns() throws Exception {
        // Given
        shop.network().inject(Shop.PAYMENT_2, Network.Fault.REFUSE_CONNECTIONS);
        for (int i = 1; i <= 3; i++) {
            shop.place(books("o" + i, "alice", 1));
        }
        shop.network().inject(Shop.PAYMENT_2, Network.Fault.NONE);

        // When
        scheduler.advance(Duration.ofSeconds(40));
        long before = shop.network().delivered(Shop.PAYMENT_2);
        shop.place(books("o4", "alice", 1));
        shop.place(books("o5", "alice", 1));

        // Then
        assertThat(shop.paymentOutliers().ejectedCount()).as("payment-2 is back after 30 s + an interval").isZero();
        assertThat(shop.network().delivered(Shop.PAYMENT_2) - before).as("payment-2 takes charges again")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("a charge whose reply was lost is retried on the other instance and charged once (idempotency)")
    void idempotentUnderRetries() throws Exception {
        // Given: payment-2 applies charges but its replies are lost; the first charge goes to payment-1
        shop.place(books("o1", "alice", 1));
        shop.network().inject(Shop.PAYMENT_2, Network.Fault.LOSE_REPLIES);

        // When: o2's charge lands on payment-2, applies, times out, and is retried on payment-1
        OrderReceipt receipt = shop.place(books("o2", "alice", 1));

        // Then
        assertThat(receipt.status()).as("o2 shipped: %s", receipt).isEqualTo(OrderStatus.SHIPPED);
        assertThat(shop.network().calls()).as("payment-2 received o2's charge, then payment-1 received it again")
                .contains(new Network.Call(Shop.PAYMENT_2, "charge", true, false, "reply lost"),
                        new Network.Call(Shop.PAYMENT_1, "charge", true, true, "ok"));
        assertThat(wallet("alice")).as("alice was charged once per order, not twice for o2")
                .isEqualTo(10_000 - 2 * 1_250);
        assertThat(shop.paymentLedger().history("alice").stream()
                .filter(e -> e instanceof PaymentEvent.PaymentCharged).count())
                .as("the payment ledger recorded two charges (o1, o2), not three").isEqualTo(2);
        assertThat(shop.payments().payments().get(1).instanceId())
                .as("the charge that stands is the one payment-2 applied first").isEqualTo(Shop.PAYMENT_2);
    }

    @Test
    @DisplayName("placing the same order twice runs one saga and charges once")
    void placeTwice() throws Exception {
        // Given
        OrderReceipt first = shop.place(books("o1", "alice", 2));

        // When
        OrderReceipt second = shop.place(books("o1", "alice", 2));

        // Then
        assertThat(second).as("the second placement answers with the order as it stands").isEqualTo(first);
        assertThat(wallet("alice")).as("one charge").isEqualTo(10_000 - 2_500);
    }

    @Test
    @DisplayName("shipping down: the breaker opens, the pivot fails, payment is refunded and stock released")
    void shippingDownCompensatesAndOpensBreaker() throws Exception {
        // Given
        shop.network().inject("shipping-1", Network.Fault.REFUSE_CONNECTIONS);

        // When
        OrderReceipt receipt = shop.place(books("o1", "alice", 2));

        // Then
        assertThat(receipt.status()).as("cancelled: %s", receipt).isEqualTo(OrderStatus.CANCELLED);
        assertThat(shop.breaker(Shop.SHIPPING).state()).as("the shipping breaker opened on the failures")
                .isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(wallet("alice")).as("the charge was refunded").isEqualTo(10_000);
        assertThat(stock()).as("the stock was released").isEqualTo(new StockLevel("book", 10, 0));
        assertThat(shop.trace("o1").map(ShopFlowsTest::kinds).orElseThrow())
                .as("refund, release, cancel: the compensations in reverse order")
                .containsSubsequence("COMPENSATION_SUCCEEDED process-payment",
                        "COMPENSATION_SUCCEEDED reserve-inventory", "COMPENSATION_SUCCEEDED validate-order");
    }

    @Test
    @DisplayName("the read model lists orders in the order they were placed")
    void listOrders() throws Exception {
        // Given
        shop.place(books("o1", "alice", 1));
        shop.place(books("o2", "bob", 1));

        // When
        List<OrderView> all = shop.orders().orders();

        // Then
        assertThat(all).extracting(OrderView::orderId, OrderView::status).as("o1 shipped, then o2 cancelled")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("o1", OrderStatus.SHIPPED),
                        org.assertj.core.groups.Tuple.tuple("o2", OrderStatus.CANCELLED));
    }

    @Test
    @DisplayName("consecutiveFailuresToEject sets how many failures in a row eject an instance")
    void consecutiveFailuresOption() throws Exception {
        // Given
        ManualTimeSource otherTime = new ManualTimeSource();
        try (Shop patient = Shop.builder(otherTime, new ManualScheduler(otherTime)).stock("book", 10)
                .wallet("alice", 10_000).consecutiveFailuresToEject(3).build()) {
            patient.network().inject(Shop.PAYMENT_2, Network.Fault.REFUSE_CONNECTIONS);

            // When: payment-2 fails twice in a row (o1 and o2 each try it once)
            patient.place(books("o1", "alice", 1));
            patient.place(books("o2", "alice", 1));
            patient.place(books("o3", "alice", 1));

            // Then
            assertThat(patient.paymentOutliers().ejectedCount()).as("2 failures are below 3: not ejected").isZero();
        }
    }

    @Test
    @DisplayName("the builder rejects bad values, naming the field")
    void builderValidation() {
        assertThatThrownBy(() -> Shop.builder(time, scheduler).consecutiveFailuresToEject(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consecutiveFailuresToEject");
        assertThatThrownBy(() -> Shop.builder(time, scheduler).stock("book", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantity");
        assertThatThrownBy(() -> Shop.builder(time, scheduler).wallet("alice", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cents");
        ManualTimeSource other = new ManualTimeSource();
        assertThatThrownBy(() -> Shop.builder(time, new ManualScheduler(other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheduler must run on");
    }

    @Test
    @DisplayName("an order command with a bad field is refused, naming the field")
    void placeOrderValidation() {
        assertThatThrownBy(() -> new PlaceOrder("o 1", "alice", "book", 1, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orderId");
        assertThatThrownBy(() -> new PlaceOrder("o1", "alice", "book", 0, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantity");
        assertThatThrownBy(() -> new PlaceOrder("o1", "alice", "book", 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitPriceCents");
    }
}
