package dev.microlab.cqrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.cqrs.testdomain.Money;
import dev.microlab.cqrs.testdomain.Order;
import dev.microlab.cqrs.testdomain.OrderCommands.AddItemCommand;
import dev.microlab.cqrs.testdomain.OrderCommands.CreateOrderCommand;
import dev.microlab.cqrs.testdomain.OrderEvent;
import dev.microlab.cqrs.testdomain.OrderEventTypes;
import dev.microlab.cqrs.testdomain.OrderLine;
import dev.microlab.cqrs.testdomain.OrderSnapshotCodec;
import dev.microlab.cqrs.testdomain.OrderStatus;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.InMemorySnapshotStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.Snapshot;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AggregateRepository")
class AggregateRepositoryTest {

    private static final Money BOOK = Money.of("EUR", 1250);

    private final ManualTimeSource time = new ManualTimeSource();
    private final CountingEventStore store = new CountingEventStore(InMemoryEventStore.builder().timeSource(time).build());
    private final EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());
    private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        store.close();
    }

    private AggregateRepository.Builder<Order, OrderEvent> builder() {
        return AggregateRepository.builder("order", OrderEvent.class, Order::new, store, serializer).timeSource(time);
    }

    /** Creates order 42 and adds {@code adds} items, one command (one save) each: 1 + adds events. */
    private static void history(AggregateRepository<Order, OrderEvent> orders, int adds) {
        Order order = orders.load("42");
        order.create("ana", "EUR", List.of());
        orders.save(order, EventMetadata.EMPTY);
        for (int i = 0; i < adds; i++) {
            Order o = orders.load("42");
            o.addItem("p" + i, 1, BOOK);
            orders.save(o, EventMetadata.EMPTY);
        }
    }

    private List<RepositoryEvent.Loaded> loads(AggregateRepository<Order, OrderEvent> orders) {
        List<RepositoryEvent.Loaded> loads = new CopyOnWriteArrayList<>();
        orders.eventPublisher().subscribe(e -> {
            if (e instanceof RepositoryEvent.Loaded l) {
                loads.add(l);
            }
        });
        return loads;
    }

    @Test
    @DisplayName("an aggregate without events loads fresh, at version -1")
    void loadNew() {
        Order order = builder().build().load("42");
        assertThat(order.version()).as("no event yet").isEqualTo(-1);
        assertThat(order.exists()).as("not created").isFalse();
    }

    @Test
    @DisplayName("save appends the pending events and load replays them into the same state and version")
    void saveThenLoad() {
        // Given
        AggregateRepository<Order, OrderEvent> orders = builder().build();
        Order order = orders.load("42");
        order.create("ana", "EUR", List.of(new OrderLine("book", 2, BOOK)));
        // When
        CommandResult result = orders.save(order, EventMetadata.EMPTY.withCorrelationId("req-1"));
        Order loaded = orders.load("42");
        // Then
        assertThat(result.streamVersion()).as("two events: versions 0 and 1").isEqualTo(1);
        assertThat(result.position()).as("the position of the last event").isEqualTo(store.lastPosition());
        assertThat(result.stream()).isEqualTo(StreamName.of("order-42"));
        assertThat(order.hasPendingEvents()).as("saved events are no longer pending").isFalse();
        assertThat(loaded.version()).as("version after load").isEqualTo(1);
        assertThat(loaded.lines()).as("state after load").containsExactly(new OrderLine("book", 2, BOOK));
        assertThat(store.readStreamForward(StreamName.of("order-42"), 0, 10))
                .as("events carry the metadata").allMatch(e -> "req-1".equals(e.metadata().correlationId()));
    }

    @Test
    @DisplayName("saving with nothing pending writes nothing and reports the stream's last position")
    void emptySave() {
        AggregateRepository<Order, OrderEvent> orders = builder().build();
        history(orders, 1);
        long before = store.lastPosition();
        CommandResult result = orders.save(orders.load("42"), EventMetadata.EMPTY);
        assertThat(result.wroteEvents()).isFalse();
        assertThat(result.position()).as("still the stream's last position").isEqualTo(before);
        assertThat(store.lastPosition()).as("nothing written").isEqualTo(before);
    }

    @Test
    @DisplayName("two concurrent handlers that loaded the same version: one saves, the other gets WrongExpectedVersionException")
    void concurrentConflict() throws Exception {
        // Given
        AggregateRepository<Order, OrderEvent> orders = builder().build();
        history(orders, 0);
        CountDownLatch bothLoaded = new CountDownLatch(2);
        // When: both load version 0 before either saves
        List<Future<CommandResult>> results = new ArrayList<>();
        for (String product : List.of("book", "pen")) {
            results.add(pool.submit(() -> {
                Order o = orders.load("42");
                bothLoaded.countDown();
                assertThat(bothLoaded.await(5, TimeUnit.SECONDS)).as("both loaded").isTrue();
                o.addItem(product, 1, BOOK);
                return orders.save(o, EventMetadata.EMPTY);
            }));
        }
        int won = 0;
        int conflicts = 0;
        for (Future<CommandResult> f : results) {
            try {
                f.get(5, TimeUnit.SECONDS);
                won++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).as("the loser's error").isInstanceOf(WrongExpectedVersionException.class);
                conflicts++;
            }
        }
        // Then
        assertThat(won).as("exactly one save wins").isEqualTo(1);
        assertThat(conflicts).as("exactly one save conflicts").isEqualTo(1);
        assertThat(orders.load("42").lines()).as("only the winner's item was written").hasSize(1);
    }

    @Test
    @DisplayName("with the retry interceptor, the losing command is rerun on the new state and both items are kept")
    void concurrentConflictRetried() throws Exception {
        // Given
        AggregateRepository<Order, OrderEvent> orders = builder().build();
        history(orders, 0);
        ConflictRetryInterceptor retry = ConflictRetryInterceptor.maxAttempts(3);
        List<CommandBusEvent> retries = new CopyOnWriteArrayList<>();
        retry.eventPublisher().subscribe(retries::add);
        CommandBus bus = CommandBus.builder().interceptor(retry).build();
        CountDownLatch bothLoaded = new CountDownLatch(2);
        bus.register(AddItemCommand.class, m -> {
            Order o = orders.load(m.payload().orderId());
            bothLoaded.countDown();
            assertThat(bothLoaded.await(5, TimeUnit.SECONDS)).as("both loaded").isTrue();
            o.addItem(m.payload().productId(), m.payload().quantity(), m.payload().unitPrice());
            return orders.save(o, m.eventMetadata(), m.commandId());
        });
        // When
        Future<CommandResult> a = pool.submit(() -> bus.dispatch(new AddItemCommand("42", "book", 1, BOOK)));
        Future<CommandResult> b = pool.submit(() -> bus.dispatch(new AddItemCommand("42", "pen", 1, BOOK)));
        a.get(5, TimeUnit.SECONDS);
        b.get(5, TimeUnit.SECONDS);
        // Then
        assertThat(orders.load("42").lines()).as("no lost update: both items").extracting(OrderLine::productId)
                .containsExactlyInAnyOrder("book", "pen");
        assertThat(retries).as("the loser was retried once").hasSize(1);
    }

    @Test
    @DisplayName("re-sending the very same command message does not write its events twice")
    void resendIsIdempotent() {
        AggregateRepository<Order, OrderEvent> orders = builder().build();
        history(orders, 0);
        CommandBus bus = CommandBus.builder().build();
        bus.register(AddItemCommand.class, m -> orders.update(m.payload().orderId(), m,
                o -> o.addItem(m.payload().productId(), m.payload().quantity(), m.payload().unitPrice())));
        CommandMessage<AddItemCommand> message = CommandMessage.of(new AddItemCommand("42", "book", 1, BOOK));
        CommandResult first = bus.dispatch(message);
        CommandResult again = bus.dispatch(message);
        assertThat(again.position()).as("the original result").isEqualTo(first.position());
        assertThat(orders.load("42").lines()).as("one book, not two").containsExactly(new OrderLine("book", 1, BOOK));
    }

    @Test
    @DisplayName("with snapshots every 3 events, load starts from the latest snapshot and replays only what follows")
    void snapshotEveryN() {
        // Given: 8 events (versions 0..7): snapshots after versions 2 and 5
        AggregateRepository<Order, OrderEvent> orders = builder()
                .snapshots(snapshots, new OrderSnapshotCodec(), 3).build();
        history(orders, 7);
        List<RepositoryEvent.Loaded> loads = loads(orders);
        store.reset();
        // When
        Order order = orders.load("42");
        // Then
        assertThat(snapshots.load(StreamName.of("order-42")).orElseThrow().version()).as("latest snapshot").isEqualTo(5);
        assertThat(loads.get(0).snapshotVersion()).as("started from the snapshot").isEqualTo(5);
        assertThat(store.eventsRead.get()).as("only versions 6 and 7 were read").isEqualTo(2);
        assertThat(order.version()).as("version").isEqualTo(7);
        assertThat(order.lines()).as("state equals a full replay")
                .isEqualTo(builder().build().load("42").lines()).hasSize(7);
    }

    @Test
    @DisplayName("a soft-deleted aggregate loads empty at version -1 with snapshots on, as with snapshots off")
    void softDeletedStreamIgnoresItsSnapshot() {
        // Given: an order with 8 events (versions 0..7), a snapshot at version 5, then a soft delete
        AggregateRepository<Order, OrderEvent> withSnapshots = builder()
                .snapshots(snapshots, new OrderSnapshotCodec(), 3).build();
        AggregateRepository<Order, OrderEvent> withoutSnapshots = builder().build();
        history(withSnapshots, 7);
        assertThat(snapshots.load(StreamName.of("order-42")).orElseThrow().version()).isEqualTo(5);
        store.deleteStream(StreamName.of("order-42"), ExpectedVersion.ANY);
        // When
        Order viaSnapshot = withSnapshots.load("42");
        Order viaEvents = withoutSnapshots.load("42");
        // Then
        assertThat(viaEvents.version()).as("without snapshots: nothing visible").isEqualTo(-1);
        assertThat(viaSnapshot.version()).as("with snapshots: the same as without").isEqualTo(-1);
        assertThat(viaSnapshot.lines()).as("no line of the deleted order comes back").isEmpty();
        assertThat(viaSnapshot.exists()).as("the deleted order does not exist").isFalse();
    }

    @Test
    @DisplayName("a soft-deleted then recreated aggregate loads only its new events, not the old snapshot")
    void recreatedStreamIgnoresTheOldSnapshot() {
        // Given: 8 events, snapshot at 5, soft delete, then the order is created again (version 8)
        AggregateRepository<Order, OrderEvent> orders = builder()
                .snapshots(snapshots, new OrderSnapshotCodec(), 3).build();
        history(orders, 7);
        store.deleteStream(StreamName.of("order-42"), ExpectedVersion.ANY);
        Order again = orders.load("42");
        again.create("bea", "EUR", List.of());
        orders.save(again, EventMetadata.EMPTY);
        // When
        Order order = orders.load("42");
        // Then
        assertThat(order.version()).as("the numbering continues after the delete").isEqualTo(8);
        assertThat(order.lines()).as("only the new order's state").isEmpty();
    }

    @Test
    @DisplayName("the snapshot interval is honoured: every 4 events puts the latest snapshot at version 7")
    void snapshotIntervalHonoured() {
        AggregateRepository<Order, OrderEvent> orders = builder()
                .snapshots(snapshots, new OrderSnapshotCodec(), 4).build();
        history(orders, 7);
        assertThat(snapshots.load(StreamName.of("order-42")).orElseThrow().version()).isEqualTo(7);
    }

    @Test
    @DisplayName("snapshots are stamped by the configured time source and reported")
    void snapshotTimeSource() {
        time.setInstant(Instant.parse("2026-05-01T12:00:00Z"));
        AggregateRepository<Order, OrderEvent> orders = builder()
                .snapshots(snapshots, new OrderSnapshotCodec(), 2).build();
        List<RepositoryEvent> events = new CopyOnWriteArrayList<>();
        orders.eventPublisher().subscribe(events::add);
        history(orders, 1);
        assertThat(snapshots.load(StreamName.of("order-42")).orElseThrow().takenAt())
                .as("taken at the manual clock's instant").isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
        assertThat(events).as("the snapshot is reported")
                .contains(new RepositoryEvent.SnapshotTaken(StreamName.of("order-42"), 1));
    }

    @Test
    @DisplayName("without snapshots configured, none is taken")
    void noSnapshotsByDefault() {
        AggregateRepository<Order, OrderEvent> orders = builder().build();
        history(orders, 7);
        assertThat(snapshots.load(StreamName.of("order-42"))).isEmpty();
    }

    @Test
    @DisplayName("a snapshot of another revision is ignored and the aggregate is rebuilt from all its events")
    void unknownRevisionIgnored() {
        // Given
        AggregateRepository<Order, OrderEvent> orders = builder()
                .snapshots(snapshots, new OrderSnapshotCodec(), 1000).build();
        history(orders, 7);
        snapshots.save(new Snapshot(StreamName.of("order-42"), 7, 99, "{\"shape\":\"from the future\"}"
                .getBytes(StandardCharsets.UTF_8), time.instant()));
        List<RepositoryEvent.Loaded> loads = loads(orders);
        // When
        Order order = orders.load("42");
        // Then
        assertThat(loads.get(0).snapshotVersion()).as("no snapshot used").isEqualTo(-1);
        assertThat(loads.get(0).eventsReplayed()).as("all 8 events replayed").isEqualTo(8);
        assertThat(order.lines()).hasSize(7);
    }

    @Test
    @DisplayName("an unreadable snapshot of the current revision is ignored, reported, and never breaks a load")
    void unreadableSnapshotIgnored() {
        AggregateRepository<Order, OrderEvent> orders = builder()
                .snapshots(snapshots, new OrderSnapshotCodec(), 1000).build();
        history(orders, 2);
        snapshots.save(new Snapshot(StreamName.of("order-42"), 2, OrderSnapshotCodec.REVISION,
                "not json".getBytes(StandardCharsets.UTF_8), time.instant()));
        List<RepositoryEvent> events = new CopyOnWriteArrayList<>();
        orders.eventPublisher().subscribe(events::add);
        Order order = orders.load("42");
        assertThat(order.lines()).as("rebuilt from events").hasSize(2);
        assertThat(events).as("the ignored snapshot is reported")
                .anyMatch(e -> e instanceof RepositoryEvent.SnapshotIgnored);
    }

    @Test
    @DisplayName("load reads a long stream page by page, readBatchSize events at a time")
    void readBatchSizeHonoured() {
        AggregateRepository<Order, OrderEvent> orders = builder().readBatchSize(2).build();
        history(orders, 7);
        store.reset();
        Order order = orders.load("42");
        assertThat(store.streamReads.get()).as("8 events in pages of 2: 4 full pages and an empty one").isEqualTo(5);
        assertThat(order.lines()).hasSize(7);
    }

    @Test
    @DisplayName("update() loads, runs the action and saves with the command as cause: create then confirm")
    void updateRunsTheAction() {
        AggregateRepository<Order, OrderEvent> orders = builder().build();
        CommandMessage<CreateOrderCommand> create = CommandMessage.of(
                new CreateOrderCommand("42", "ana", "EUR", List.of(new OrderLine("book", 1, BOOK))));
        orders.update("42", create, o -> o.create("ana", "EUR", create.payload().items()));
        orders.update("42", CommandMessage.of("confirm"), Order::confirm);
        assertThat(orders.load("42").status()).contains(OrderStatus.CONFIRMED);
        List<RecordedEvent> stream = store.readStreamForward(StreamName.of("order-42"), 0, 10);
        assertThat(stream.get(0).metadata().causationId()).as("caused by the create command")
                .isEqualTo(create.commandId().toString());
    }

    @Test
    @DisplayName("bad builder values are refused with the field, the value and the range")
    void builderValidation() {
        assertThatThrownBy(() -> AggregateRepository.builder("or-der", OrderEvent.class, Order::new, store, serializer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without '-'");
        assertThatThrownBy(() -> builder().snapshots(snapshots, new OrderSnapshotCodec(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshot interval (every) must be in [1, 1000000], but was 0");
        assertThatThrownBy(() -> builder().readBatchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readBatchSize must be in [1, 100000], but was 0");
    }
}
