package dev.microlab.exercises.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("projection")
@DisplayName("Exercise 9 · CQRS projection")
class OrderSummaryProjectionTest {

    private final InMemoryProjectionStore store = new InMemoryProjectionStore();

    private static PositionedEvent at(long position, ShopEvent event) {
        return new PositionedEvent(position, event);
    }

    private static ItemAdded item(String orderId, int quantity, String unitPrice) {
        return new ItemAdded(orderId, "sku-" + quantity, quantity, new BigDecimal(unitPrice));
    }

    /** The event store's global order: two customers, three orders. */
    private static final List<PositionedEvent> HISTORY = List.of(
            at(1, new OrderPlaced("order-1", "alice")),
            at(2, item("order-1", 2, "10.00")),
            at(3, new OrderPlaced("order-2", "bob")),
            at(4, item("order-1", 1, "5.50")),
            at(5, new OrderShipped("order-1")),
            at(6, new OrderPlaced("order-3", "alice")),
            at(7, item("order-2", 3, "1.00")));

    /** A feed over {@link #HISTORY} that records the positions it was asked to read after. */
    private static final class RecordingFeed implements EventFeed {
        final List<Long> askedAfter = new ArrayList<>();
        private final List<PositionedEvent> events;

        RecordingFeed(List<PositionedEvent> events) {
            this.events = events;
        }

        @Override
        public List<PositionedEvent> readAfter(long position) {
            askedAfter.add(position);
            return events.stream().filter(e -> e.position() > position).toList();
        }
    }

    private static void handleAll(OrderSummaryProjection projection, List<PositionedEvent> events) {
        events.forEach(projection::handle);
    }

    @Test
    @DisplayName("OrderPlaced creates a row: no items, zero total, status PLACED")
    void placedCreatesARow() {
        // Given
        OrderSummaryProjection projection = new OrderSummaryProjection(store);

        // When
        projection.handle(at(1, new OrderPlaced("order-1", "alice")));

        // Then
        assertThat(projection.find("order-1")).as("the new order's summary")
                .contains(new OrderSummary("order-1", "alice", 0, BigDecimal.ZERO, "PLACED"));
    }

    @Test
    @DisplayName("ItemAdded adds to the item count and the total; OrderShipped changes the status")
    void itemsAndShipping() {
        // Given
        OrderSummaryProjection projection = new OrderSummaryProjection(store);

        // When
        handleAll(projection, HISTORY);

        // Then
        OrderSummary order1 = projection.find("order-1").orElseThrow();
        assertThat(order1.itemCount()).as("2 + 1 units").isEqualTo(3);
        assertThat(order1.total()).as("2 × 10.00 + 1 × 5.50").isEqualByComparingTo("25.50");
        assertThat(order1.status()).as("order-1 was shipped").isEqualTo("SHIPPED");
        OrderSummary order2 = projection.find("order-2").orElseThrow();
        assertThat(order2.total()).as("another order has its own total: 3 × 1.00").isEqualByComparingTo("3.00");
        assertThat(order2.status()).as("not shipped").isEqualTo("PLACED");
    }

    @Test
    @DisplayName("the checkpoint follows the position of the last event applied")
    void checkpointFollowsPosition() {
        // Given
        OrderSummaryProjection projection = new OrderSummaryProjection(store);
        assertThat(projection.position()).as("nothing applied yet").isZero();

        // When
        handleAll(projection, HISTORY.subList(0, 4));

        // Then
        assertThat(projection.position()).as("4 events applied").isEqualTo(4);
        assertThat(store.checkpoint()).as("and stored in the projection store, with the rows").isEqualTo(4);
    }

    @Test
    @DisplayName("idempotent: an event delivered twice is applied once")
    void duplicateIsIgnored() {
        // Given
        OrderSummaryProjection projection = new OrderSummaryProjection(store);
        handleAll(projection, HISTORY.subList(0, 2));

        // When: the feed delivers position 2 again (at-least-once delivery)
        projection.handle(HISTORY.get(1));

        // Then
        assertThat(projection.find("order-1").orElseThrow().total())
                .as("position 2 is at the checkpoint: already applied, so 2 × 10.00 is counted once")
                .isEqualByComparingTo("20.00");
    }

    @Test
    @DisplayName("idempotent: a whole batch redelivered from an older position changes nothing")
    void redeliveredBatchIsIgnored() {
        // Given
        OrderSummaryProjection projection = new OrderSummaryProjection(store);
        handleAll(projection, HISTORY);
        List<OrderSummary> before = store.all();

        // When
        handleAll(projection, HISTORY.subList(1, 5));

        // Then
        assertThat(store.all()).as("positions 2..5 are all below the checkpoint (7)").isEqualTo(before);
        assertThat(projection.position()).as("the checkpoint never moves back").isEqualTo(7);
    }

    @Test
    @DisplayName("catchUp() reads from the checkpoint and applies what is new, returning how many")
    void catchUpFromCheckpoint() {
        // Given
        OrderSummaryProjection projection = new OrderSummaryProjection(store);
        handleAll(projection, HISTORY.subList(0, 3));
        RecordingFeed feed = new RecordingFeed(HISTORY);

        // When
        int applied = projection.catchUp(feed);

        // Then
        assertThat(feed.askedAfter).as("read after the checkpoint, not from the beginning").containsExactly(3L);
        assertThat(applied).as("positions 4..7").isEqualTo(4);
        assertThat(projection.position()).isEqualTo(7);
        assertThat(projection.catchUp(position -> HISTORY))
                .as("a sloppy feed that sends everything again: nothing new is applied, and nothing counted")
                .isZero();
    }

    @Test
    @DisplayName("restartable: a new projection on the same store goes on from the checkpoint, counting nothing twice")
    void restartsFromTheCheckpoint() {
        // Given: a first projection applied positions 1..4, then the process stopped
        handleAll(new OrderSummaryProjection(store), HISTORY.subList(0, 4));

        // When: a new projection starts on the same store and catches up
        OrderSummaryProjection restarted = new OrderSummaryProjection(store);
        int applied = restarted.catchUp(new RecordingFeed(HISTORY));

        // Then
        assertThat(applied).as("only positions 5..7 are new").isEqualTo(3);
        assertThat(restarted.find("order-1").orElseThrow().total()).as("order-1's items counted once: 25.50")
                .isEqualByComparingTo("25.50");
        assertThat(restarted.find("order-1").orElseThrow().status()).as("and the shipping after the restart applied")
                .isEqualTo("SHIPPED");
    }

    @Test
    @DisplayName("each row is saved together with the position of the event that produced it")
    void rowAndCheckpointTogether() {
        // Given: a store that records its writes
        List<String> writes = new ArrayList<>();
        ProjectionStore recording = new ProjectionStore() {
            @Override
            public Optional<OrderSummary> find(String orderId) {
                return store.find(orderId);
            }

            @Override
            public List<OrderSummary> all() {
                return store.all();
            }

            @Override
            public long checkpoint() {
                return store.checkpoint();
            }

            @Override
            public void save(OrderSummary summary, long position) {
                writes.add(summary.orderId() + "@" + position);
                store.save(summary, position);
            }
        };
        OrderSummaryProjection projection = new OrderSummaryProjection(recording);

        // When
        handleAll(projection, HISTORY.subList(0, 3));

        // Then
        assertThat(writes).as("one save(row, position) per event: a crash can never separate a row from its checkpoint")
                .containsExactly("order-1@1", "order-1@2", "order-2@3");
    }

    @Test
    @DisplayName("an event for an order never placed stops the projection at its checkpoint")
    void stopsOnAnEventItCannotApply() {
        // Given
        OrderSummaryProjection projection = new OrderSummaryProjection(store);
        List<PositionedEvent> broken = List.of(
                at(1, new OrderPlaced("order-1", "alice")),
                at(2, item("order-9", 1, "1.00")),
                at(3, item("order-1", 1, "1.00")));

        // When
        Throwable thrown = catchThrowable(() -> projection.catchUp(new RecordingFeed(broken)));

        // Then
        assertThat(thrown).as("order-9 was never placed: stop loudly instead of serving wrong rows")
                .isInstanceOf(IllegalStateException.class);
        assertThat(projection.position()).as("stopped at the last event applied, not past the broken one").isEqualTo(1);
        assertThat(projection.find("order-1").orElseThrow().itemCount()).as("position 3 was not applied either").isZero();
        assertThat(projection.find("order-9")).as("no row for the unknown order").isEmpty();
    }

    @Test
    @DisplayName("query: ordersOf(customer) lists that customer's orders by order id")
    void ordersOfCustomer() {
        // Given
        OrderSummaryProjection projection = new OrderSummaryProjection(store);
        handleAll(projection, HISTORY);
        projection.handle(at(8, new OrderPlaced("order-0", "alice")));

        // When
        List<OrderSummary> alice = projection.ordersOf("alice");

        // Then
        assertThat(alice).extracting(OrderSummary::orderId).as("alice placed order-1, order-3 and order-0; sorted by id")
                .containsExactly("order-0", "order-1", "order-3");
        assertThat(projection.ordersOf("carol")).as("a customer with no orders").isEmpty();
        assertThat(projection.find("order-404")).as("an unknown order").isEmpty();
    }
}
