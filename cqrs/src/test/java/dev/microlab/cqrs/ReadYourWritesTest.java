package dev.microlab.cqrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.TimeSource;
import dev.microlab.cqrs.testdomain.GetOrderSummary;
import dev.microlab.cqrs.testdomain.Money;
import dev.microlab.cqrs.testdomain.OrderCommands.AddItemCommand;
import dev.microlab.cqrs.testdomain.OrderCommands.CreateOrderCommand;
import dev.microlab.cqrs.testdomain.OrderLine;
import dev.microlab.cqrs.testdomain.OrderSummary;
import dev.microlab.cqrs.testdomain.OrderWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Read your writes: ProjectionPosition and QueryBus")
class ReadYourWritesTest {

    private static final Money BOOK = Money.of("EUR", 1250);

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    /** A clock that jumps {@code step} forward at every reading: deadlines pass without any real wait. */
    private static TimeSource jumping(Duration step) {
        AtomicLong nanos = new AtomicLong();
        return new TimeSource() {
            @Override
            public long nanoTime() {
                return nanos.addAndGet(step.toNanos());
            }

            @Override
            public Instant instant() {
                return Instant.EPOCH.plusNanos(nanos.get());
            }
        };
    }

    private static void awaitWaiter(ProjectionPosition position) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (position.waiting() == 0) {
            assertThat(System.nanoTime()).as("the waiter started waiting").isLessThan(giveUp);
            Thread.onSpinWait();
        }
    }

    @Test
    @DisplayName("hasReached answers without blocking, and the position never moves back")
    void hasReached() {
        ProjectionPosition position = new ProjectionPosition(new ManualTimeSource());
        position.advanceTo(5);
        position.advanceTo(3);
        assertThat(position.current()).as("never moves back").isEqualTo(5);
        assertThat(position.hasReached(5)).isTrue();
        assertThat(position.hasReached(6)).isFalse();
    }

    @Test
    @DisplayName("awaitAtLeast returns at once when the position is already reached")
    void alreadyReached() throws Exception {
        ProjectionPosition position = new ProjectionPosition(new ManualTimeSource());
        position.advanceTo(5);
        assertThat(position.awaitAtLeast(4, Duration.ZERO)).isTrue();
    }

    @Test
    @DisplayName("awaitAtLeast gives up when the time source says the deadline has passed")
    void deadlineFromTimeSource() throws Exception {
        ProjectionPosition position = new ProjectionPosition(jumping(Duration.ofSeconds(10)));
        Future<Boolean> waited = pool.submit(() -> position.awaitAtLeast(1, Duration.ofSeconds(2)));
        assertThat(waited.get(5, TimeUnit.SECONDS)).as("timed out by the time source's clock").isFalse();
        assertThat(position.waiting()).as("no waiter left behind").isZero();
    }

    @Test
    @DisplayName("a waiter wakes up as soon as the projection reaches its position")
    void waiterWokenByAdvance() throws Exception {
        ProjectionPosition position = new ProjectionPosition(new ManualTimeSource());
        Future<Boolean> waited = pool.submit(() -> position.awaitAtLeast(3, Duration.ofMinutes(10)));
        awaitWaiter(position);
        position.advanceTo(2);
        assertThat(waited.isDone()).as("2 is not enough").isFalse();
        position.advanceTo(3);
        assertThat(waited.get(5, TimeUnit.SECONDS)).as("reached").isTrue();
    }

    @Test
    @DisplayName("a negative timeout is refused")
    void negativeTimeout() {
        ProjectionPosition position = new ProjectionPosition(new ManualTimeSource());
        assertThatThrownBy(() -> position.awaitAtLeast(1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be >= 0");
    }

    @Test
    @DisplayName("a query waits until the projection includes the command's position, then sees the write")
    void queryWaitsForTheWrite() throws Exception {
        try (OrderWorld world = new OrderWorld()) {
            // Given: a command has written; the projection has not run yet
            CommandResult created = world.commands.dispatch(new CreateOrderCommand("42", "ana", "EUR",
                    List.of(new OrderLine("book", 1, BOOK))));
            assertThat(world.queries.query(new GetOrderSummary("42"))).as("not yet in the read model").isEmpty();
            // When: the query waits for the command's position while the projection catches up elsewhere
            Future<Optional<OrderSummary>> answer = pool.submit(() ->
                    world.queries.query(new GetOrderSummary("42"), created.position(), Duration.ofSeconds(30)));
            awaitWaiter(world.summaries.position());
            world.summaries.drain();
            // Then
            assertThat(answer.get(5, TimeUnit.SECONDS)).as("the query sees its own write").isPresent();
        }
    }

    @Test
    @DisplayName("end to end: with the projection running, each command is visible to the next query that waits for it")
    void endToEnd() {
        try (OrderWorld world = new OrderWorld()) {
            world.summaries.start();
            world.commands.dispatch(new CreateOrderCommand("42", "ana", "EUR", List.of()));
            CommandResult added = world.commands.dispatch(new AddItemCommand("42", "book", 2, BOOK));
            Optional<OrderSummary> summary = world.queries.query(new GetOrderSummary("42"), added.position(),
                    Duration.ofSeconds(5));
            assertThat(summary.orElseThrow().itemCount()).as("the added books are visible").isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a query whose read model does not get there in time fails with StaleReadModelException")
    void staleReadModel() {
        ProjectionPosition position = new ProjectionPosition(jumping(Duration.ofSeconds(10)));
        position.advanceTo(4);
        QueryBus queries = new QueryBus();
        List<QueryBusEvent> events = new CopyOnWriteArrayList<>();
        queries.eventPublisher().subscribe(events::add);
        queries.register(GetOrderSummary.class, position, q -> Optional.empty());
        assertThatThrownBy(() -> queries.query(new GetOrderSummary("42"), 7, Duration.ofSeconds(2)))
                .isInstanceOf(StaleReadModelException.class)
                .hasMessageContaining("is at position 4, but the query needs position 7")
                .satisfies(e -> assertThat(((StaleReadModelException) e).reachedPosition()).isEqualTo(4));
        assertThat(events).as("the stale read is reported")
                .containsExactly(new QueryBusEvent.StaleRead(GetOrderSummary.class, 7, 4));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)   // a safety net: the old code blocked for an hour of real time
    @DisplayName("a waiting query on a manual clock wakes as soon as the clock passes its deadline, not in real time")
    void waitFollowsTheManualClock() throws Exception {
        // Given: a read model behind, and a query that waits an hour by the manual clock
        ManualTimeSource time = new ManualTimeSource();
        ProjectionPosition position = new ProjectionPosition(time);
        QueryBus queries = new QueryBus();
        queries.register(GetOrderSummary.class, position, q -> Optional.empty());
        Future<Optional<OrderSummary>> answer = pool.submit(() ->
                queries.query(new GetOrderSummary("42"), 7, Duration.ofHours(1)));
        awaitWaiter(position);
        // When: the clock moves, but not yet past the deadline
        time.advance(Duration.ofMinutes(59));
        assertThat(answer.isDone()).as("59 minutes are not an hour").isFalse();
        // ... then past it
        time.advance(Duration.ofMinutes(2));
        // Then
        assertThatThrownBy(answer::get).as("the query gave up when the manual clock passed the deadline")
                .hasCauseInstanceOf(StaleReadModelException.class);
    }

    @Test
    @DisplayName("StaleReadModelException says the projection is FAILED, and carries its failure, without waiting out the timeout")
    void staleBecauseFailed() {
        try (OrderWorld world = new OrderWorld()) {
            // Given: a poison event stops the projection (policy STOP)
            world.commands.dispatch(new CreateOrderCommand("1", "ana", "EUR", List.of()));
            long poison = world.store.append(dev.microlab.eventstore.StreamName.of("order-x"),
                    dev.microlab.eventstore.ExpectedVersion.ANY, dev.microlab.eventstore.EventData.of(
                            "order-item-added", "{\"not\":\"an item\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .lastPosition();
            world.summaries.drain();
            assertThat(world.summaries.status()).isEqualTo(ProjectionStatus.FAILED);
            // When: a query waits (by the manual clock, which nobody moves) for the poison event's position
            // Then: it fails at once, saying why
            assertThatThrownBy(() -> world.queries.query(new GetOrderSummary("1"), poison, Duration.ofHours(1)))
                    .isInstanceOf(StaleReadModelException.class)
                    .hasMessageContaining("FAILED")
                    .satisfies(e -> {
                        StaleReadModelException stale = (StaleReadModelException) e;
                        assertThat(stale.reason()).isEqualTo(StaleReadModelException.Reason.FAILED);
                        assertThat(stale.failure()).as("the projection's failure is attached").get()
                                .extracting(ProjectionFailure::failedPosition).isEqualTo(poison);
                    });
        }
    }

    @Test
    @DisplayName("StaleReadModelException of a projection that is only slow says it is BEHIND, with no failure")
    void staleBecauseBehind() {
        ProjectionPosition position = new ProjectionPosition(jumping(Duration.ofSeconds(10)));
        QueryBus queries = new QueryBus();
        queries.register(GetOrderSummary.class, position, q -> Optional.empty());
        assertThatThrownBy(() -> queries.query(new GetOrderSummary("42"), 7, Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(StaleReadModelException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StaleReadModelException.Reason.BEHIND);
                    assertThat(e.failure()).isEmpty();
                });
    }

    @Test
    @DisplayName("a query handler registered without a position cannot be asked to wait")
    void waitWithoutPosition() {
        QueryBus queries = new QueryBus();
        queries.register(GetOrderSummary.class, q -> Optional.empty());
        assertThat(queries.query(new GetOrderSummary("42"))).as("an immediate query works").isEmpty();
        assertThatThrownBy(() -> queries.query(new GetOrderSummary("42"), 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a ProjectionPosition");
    }

    @Test
    @DisplayName("one handler per query type; a query without a handler fails naming its type")
    void oneHandlerPerQuery() {
        QueryBus queries = new QueryBus();
        queries.register(GetOrderSummary.class, q -> Optional.empty());
        assertThatThrownBy(() -> queries.register(GetOrderSummary.class, q -> Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
        QueryBus empty = new QueryBus();
        assertThatThrownBy(() -> empty.query(new GetOrderSummary("42"))).isInstanceOf(NoHandlerException.class)
                .hasMessageContaining(GetOrderSummary.class.getName());
    }
}
