package dev.microlab.examples.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.eventstore.InMemoryCheckpointStore;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.saga.SagaDefinition;
import dev.microlab.saga.SagaOrchestrator;
import dev.microlab.saga.SagaOutcome;
import dev.microlab.saga.SagaState;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrderFlowExampleTest {

    private final InMemoryEventStore store = InMemoryEventStore.create();
    private final Orders orders = new Orders();
    private final Inventory inventory = new Inventory(Map.of("book", 5));
    private final Payments payments = new Payments(10_000);
    private final Shipping shipping = new Shipping();

    private SagaOutcome<Order> orchestrate(Order order) {
        SagaDefinition<Order> saga = OrchestratedOrderSaga.definition(orders, inventory, payments, shipping);
        SagaOrchestrator orchestrator = SagaOrchestrator.builder(store).register(saga).executor(Runnable::run)
                .scheduler(new ManualScheduler(new ManualTimeSource())).build();
        return orchestrator.start(saga, order.orderId(), order).toCompletableFuture().join();
    }

    @Test
    @DisplayName("orchestrated: an order within stock and limit is paid, shipped and completed")
    void orchestratedSuccess() {
        // When
        SagaOutcome<Order> outcome = orchestrate(Order.of("o1", "book", 2, 2_500));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPLETED);
        assertThat(outcome.data().paymentId()).as("the payment id was recorded in the saga data").isEqualTo("pay-o1");
        assertThat(outcome.data().trackingId()).isEqualTo("track-o1");
        assertThat(inventory.available("book")).isEqualTo(3);
        assertThat(orders.status("o1")).contains(Orders.Status.COMPLETED);
    }

    @Test
    @DisplayName("orchestrated: a declined payment releases the stock and cancels the order")
    void orchestratedDeclined() {
        // When
        SagaOutcome<Order> outcome = orchestrate(Order.of("o2", "book", 2, 50_000));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(inventory.available("book")).as("the stock is back").isEqualTo(5);
        assertThat(orders.status("o2")).contains(Orders.Status.CANCELLED);
        assertThat(shipping.shipments()).isZero();
    }

    @Test
    @DisplayName("choreographed: the services pass the order along by events until it is completed")
    void choreographedSuccess() throws Exception {
        // Given
        ChoreographedOrderFlow flow = ChoreographedOrderFlow.builder(store, orders, inventory, payments, shipping).build();

        // When
        flow.placeOrder(Order.of("o3", "book", 1, 2_500));
        flow.drain();

        // Then
        assertThat(flow.history("o3")).containsExactly("order-placed", "inventory-reserved", "payment-processed",
                "order-shipped", "order-completed");
        assertThat(orders.status("o3")).contains(Orders.Status.COMPLETED);
        assertThat(inventory.available("book")).isEqualTo(4);
    }

    @Test
    @DisplayName("choreographed: a declined payment makes the inventory release and the order cancel")
    void choreographedDeclined() throws Exception {
        // Given
        ChoreographedOrderFlow flow = ChoreographedOrderFlow.builder(store, orders, inventory, payments, shipping).build();

        // When
        flow.placeOrder(Order.of("o4", "book", 2, 50_000));
        flow.drain();

        // Then
        assertThat(flow.history("o4")).containsExactly("order-placed", "inventory-reserved", "payment-declined",
                "inventory-released", "order-cancelled");
        assertThat(inventory.available("book")).isEqualTo(5);
        assertThat(orders.status("o4")).contains(Orders.Status.CANCELLED);
    }

    @Test
    @DisplayName("choreographed: an order out of stock is cancelled without a payment")
    void choreographedOutOfStock() throws Exception {
        // Given
        ChoreographedOrderFlow flow = ChoreographedOrderFlow.builder(store, orders, inventory, payments, shipping).build();

        // When
        flow.placeOrder(Order.of("o5", "book", 9, 2_500));
        flow.drain();

        // Then
        assertThat(flow.history("o5")).containsExactly("order-placed", "inventory-rejected", "order-cancelled");
        assertThat(payments.chargedCents()).isZero();
    }

    @Test
    @DisplayName("choreographed: replaying every event from the start changes nothing (at-least-once delivery is safe)")
    void choreographedReplay() throws Exception {
        // Given: a completed order and a cancelled one
        ChoreographedOrderFlow flow = ChoreographedOrderFlow.builder(store, orders, inventory, payments, shipping).build();
        flow.placeOrder(Order.of("o6", "book", 1, 2_500));
        flow.placeOrder(Order.of("o7", "book", 1, 50_000));
        flow.drain();
        long positions = store.lastPosition();

        // When: new subscriptions with empty checkpoints see everything again
        ChoreographedOrderFlow replay = ChoreographedOrderFlow.builder(store, orders, inventory, payments, shipping)
                .checkpointStore(new InMemoryCheckpointStore()).build();
        replay.drain();

        // Then
        assertThat(store.lastPosition()).as("no new event: every answer was the same append").isEqualTo(positions);
        assertThat(inventory.available("book")).as("one book reserved, once").isEqualTo(4);
        assertThat(payments.chargedCents()).as("charged once").isEqualTo(2_500);
        assertThat(shipping.shipments()).isEqualTo(1);
    }

    @Test
    @DisplayName("an invalid order is refused before anything is published")
    void invalidOrder() {
        ChoreographedOrderFlow flow = ChoreographedOrderFlow.builder(store, orders, inventory, payments, shipping).build();
        assertThatThrownBy(() -> flow.placeOrder(Order.of("o8", "book", 0, 2_500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive quantity");
        assertThat(store.lastPosition()).isZero();
    }

    @Test
    @DisplayName("choreographed: a replay does not take a decision again, even if the state changed since")
    void replayKeepsDecisions() throws Exception {
        // Given: an order rejected for lack of stock, then the stock is replenished
        Inventory scarce = new Inventory(Map.of("book", 1));
        ChoreographedOrderFlow flow = ChoreographedOrderFlow.builder(store, orders, scarce, payments, shipping).build();
        flow.placeOrder(Order.of("o9", "book", 3, 2_500));
        flow.drain();
        scarce.restock("book", 10);
        long positions = store.lastPosition();

        // When: the services replay everything
        ChoreographedOrderFlow replay = ChoreographedOrderFlow.builder(store, orders, scarce, payments, shipping)
                .checkpointStore(new InMemoryCheckpointStore()).build();
        replay.drain();

        // Then
        assertThat(replay.history("o9")).as("the rejection stands").containsExactly("order-placed",
                "inventory-rejected", "order-cancelled");
        assertThat(store.lastPosition()).isEqualTo(positions);
    }
}
