package dev.microlab.cqrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.cqrs.testdomain.Money;
import dev.microlab.cqrs.testdomain.OrderCommands.AddItemCommand;
import dev.microlab.cqrs.testdomain.OrderCommands.ConfirmOrderCommand;
import dev.microlab.cqrs.testdomain.OrderCommands.CreateOrderCommand;
import dev.microlab.cqrs.testdomain.OrderCommands.RemoveItemCommand;
import dev.microlab.cqrs.testdomain.OrderEvent.ItemAdded;
import dev.microlab.cqrs.testdomain.OrderEvent.OrderCreated;
import dev.microlab.cqrs.testdomain.OrderLine;
import dev.microlab.cqrs.testdomain.OrderStatus;
import dev.microlab.cqrs.testdomain.OrderSummaries;
import dev.microlab.cqrs.testdomain.OrderSummary;
import dev.microlab.cqrs.testdomain.OrderSummaryProjection;
import dev.microlab.cqrs.testdomain.OrderWorld;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Projection")
class ProjectionTest {

    private static final Money BOOK = Money.of("EUR", 1250);

    private final OrderWorld world = new OrderWorld();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        world.close();
    }

    private void create(String id) {
        world.commands.dispatch(new CreateOrderCommand(id, "ana", "EUR", List.of(new OrderLine("book", 1, BOOK))));
    }

    private void add(String id, String product) {
        world.commands.dispatch(new AddItemCommand(id, product, 1, BOOK));
    }

    /** Appends an "order-item-added" event whose data no handler can read: a poison event. */
    private long poison() {
        return world.store.append(StreamName.of("order-x"), ExpectedVersion.ANY,
                EventData.of("order-item-added", "{\"not\":\"an item\"}".getBytes(StandardCharsets.UTF_8)))
                .lastPosition();
    }

    /** A tally model: how many events, and the sum of a per-event value. */
    record Tally(long events, long sum) {
        static final Tally ZERO = new Tally(0, 0);

        Tally plus(long value) {
            return new Tally(events + 1, sum + value);
        }
    }

    private Projection.Builder<Tally> tally(String name, ProjectionHandler<Tally, ItemAdded> onItem) {
        return Projection.builder(name, world.store, world.serializer, InMemoryProjectionStore.factory(Tally.ZERO))
                .on(OrderCreated.class, (m, e, r) -> m.plus(0))
                .on(ItemAdded.class, onItem);
    }

    @Test
    @DisplayName("drain applies every event by type and commits the model with the position of its last event")
    void drainAppliesAndCommitsPosition() {
        // Given
        create("1");
        add("1", "pen");
        // When
        world.summaries.drain();
        // Then
        ProjectionState<OrderSummaries> state = world.summaries.state();
        assertThat(state.model().find("1").orElseThrow().itemCount()).as("book + pen").isEqualTo(2);
        assertThat(state.position()).as("checkpoint committed with the model").isEqualTo(world.store.lastPosition());
        assertThat(world.summaries.position().current()).as("position tracker").isEqualTo(world.store.lastPosition());
        assertThat(world.summaries.status()).isEqualTo(ProjectionStatus.LIVE);
    }

    @Test
    @DisplayName("events of types without a handler only move the checkpoint")
    void unhandledTypesMoveTheCheckpoint() {
        create("1");
        long last = world.store.append(StreamName.of("inventory-7"), ExpectedVersion.ANY,
                EventData.of("stock-reserved", "{}".getBytes(StandardCharsets.UTF_8))).lastPosition();
        world.summaries.drain();
        assertThat(world.summaries.state().position()).as("moved past the foreign event").isEqualTo(last);
        assertThat(world.summaries.read().eventsApplied()).as("only the 2 order events changed the model").isEqualTo(2);
    }

    @Test
    @DisplayName("a projection created again over the same store resumes after its checkpoint: no skip, no double apply")
    void restartNeitherSkipsNorDoubleApplies() {
        // Given: 4 events applied, then the projection goes away
        create("1");
        add("1", "pen");
        add("1", "ink");
        world.summaries.drain();
        ProjectionStore<OrderSummaries> durable = world.summaries.store();
        world.summaries.close();
        // ... and more events arrive while it is down
        create("2");
        add("2", "pen");
        // When: a new projection over the same store
        try (Projection<OrderSummaries> again = OrderSummaryProjection
                .builder("order-summaries", world.store, world.serializer).resumeFrom(durable).build()) {
            again.drain();
            // Then
            assertThat(again.read().eventsApplied()).as("each of the 7 events applied exactly once")
                    .isEqualTo(world.store.lastPosition()).isEqualTo(7);
            assertThat(again.read()).as("equal to a replay from scratch").isEqualTo(world.replayFromScratch());
        }
    }

    @Test
    @DisplayName("a crash at commit loses neither the model nor the checkpoint: they are one atomic value")
    void crashAtCommitIsSafe() {
        // Given: a store whose third commit "crashes" before writing anything
        create("1");
        add("1", "pen");
        add("1", "ink");
        InMemoryProjectionStore<OrderSummaries> durable = new InMemoryProjectionStore<>(OrderSummaries.EMPTY);
        AtomicInteger commits = new AtomicInteger();
        ProjectionStore<OrderSummaries> crashing = new ProjectionStore<>() {
            @Override
            public ProjectionState<OrderSummaries> current() {
                return durable.current();
            }

            @Override
            public boolean commit(ProjectionState<OrderSummaries> expected, ProjectionState<OrderSummaries> next) {
                if (commits.incrementAndGet() == 3) {
                    throw new IllegalStateException("power cut");
                }
                return durable.commit(expected, next);
            }
        };
        try (Projection<OrderSummaries> first = OrderSummaryProjection
                .builder("order-summaries-crash", world.store, world.serializer).resumeFrom(crashing).build()) {
            first.drain();
            assertThat(first.status()).as("stopped by the crash").isEqualTo(ProjectionStatus.FAILED);
            assertThat(first.failure()).as("the crash is the visible cause").get()
                    .satisfies(f -> assertThat(f.error()).hasMessage("power cut"));
        }
        assertThat(durable.current().position()).as("model and checkpoint stopped together").isEqualTo(2);
        // When: restarted after the crash
        try (Projection<OrderSummaries> second = OrderSummaryProjection
                .builder("order-summaries-crash", world.store, world.serializer).resumeFrom(durable).build()) {
            second.drain();
            // Then
            assertThat(second.read()).as("equal to a replay: nothing skipped, nothing twice")
                    .isEqualTo(world.replayFromScratch());
        }
    }

    @Test
    @DisplayName("policy STOP: a failing handler stops the projection at its checkpoint, visibly, and skips nothing")
    void poisonStops() {
        // Given
        List<ProjectionEvent> events = new CopyOnWriteArrayList<>();
        world.summaries.eventPublisher().subscribe(events::add);
        create("1");
        long bad = poison();
        create("2");
        // When
        world.summaries.drain();
        // Then
        assertThat(world.summaries.status()).as("status").isEqualTo(ProjectionStatus.FAILED);
        ProjectionFailure failure = world.summaries.failure().orElseThrow();
        assertThat(failure.failedPosition()).as("the poison event").isEqualTo(bad);
        assertThat(failure.checkpoint()).as("stopped before it").isEqualTo(bad - 1);
        assertThat(failure.eventType()).isEqualTo("order-item-added");
        assertThat(world.summaries.state().position()).as("model checkpoint").isEqualTo(bad - 1);
        assertThat(world.summaries.read().find("2")).as("nothing after the poison event was applied").isEmpty();
        assertThat(events).as("the stop is reported").anyMatch(e -> e instanceof ProjectionEvent.Stopped);
        assertThatThrownBy(world.summaries::poll).as("a failed projection does not go on by itself")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("restart()");
    }

    @Test
    @DisplayName("restart after the cause is fixed applies the failed event and the rest, nothing skipped")
    void restartAfterFix() {
        // Given: a handler that fails while its dependency is broken
        AtomicBoolean broken = new AtomicBoolean(true);
        create("1");
        add("1", "pen");
        try (Projection<Tally> p = tally("tally-restart", (m, e, r) -> {
            if (broken.get()) {
                throw new IllegalStateException("price service down");
            }
            return m.plus(e.quantity());
        }).build()) {
            p.drain();
            assertThat(p.status()).isEqualTo(ProjectionStatus.FAILED);
            // When
            broken.set(false);
            p.restart();
            p.drain();
            // Then
            assertThat(p.status()).isEqualTo(ProjectionStatus.LIVE);
            assertThat(p.failure()).as("no failure once restarted").isEmpty();
            assertThat(p.read()).as("created(0) + book(1) + pen(1), each once").isEqualTo(new Tally(3, 2));
        }
    }

    @Test
    @DisplayName("policy PARK: the poison event goes to the dead-letter list with the checkpoint, and the projection goes on")
    void poisonParked() {
        // Given
        OrderWorld parking = new OrderWorld(5, PoisonEventPolicy.PARK);
        try (parking) {
            parking.time.setInstant(Instant.parse("2026-03-01T10:00:00Z"));
            List<ProjectionEvent> events = new CopyOnWriteArrayList<>();
            parking.summaries.eventPublisher().subscribe(events::add);
            parking.commands.dispatch(new CreateOrderCommand("1", "ana", "EUR", List.of()));
            long bad = parking.store.append(StreamName.of("order-x"), ExpectedVersion.ANY,
                    EventData.of("order-item-added", "{}".getBytes(StandardCharsets.UTF_8))).lastPosition();
            parking.commands.dispatch(new CreateOrderCommand("2", "bob", "EUR", List.of()));
            // When
            parking.summaries.drain();
            // Then
            assertThat(parking.summaries.status()).as("still running").isEqualTo(ProjectionStatus.LIVE);
            assertThat(parking.summaries.deadLetters()).as("one parked event").singleElement().satisfies(d -> {
                assertThat(d.position()).isEqualTo(bad);
                assertThat(d.type()).isEqualTo("order-item-added");
                assertThat(d.stream()).isEqualTo("order-x");
                assertThat(d.parkedAt()).as("time from the time source").isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
            });
            assertThat(parking.summaries.read().find("2")).as("the order after the poison event").isPresent();
            assertThat(events).as("parking is reported").anyMatch(e -> e instanceof ProjectionEvent.EventParked);
            // and the dead letters survive a restart, without parking the event twice
            try (Projection<OrderSummaries> again = OrderSummaryProjection
                    .builder("order-summaries", parking.store, parking.serializer)
                    .poisonPolicy(PoisonEventPolicy.PARK).resumeFrom(parking.summaries.store()).build()) {
                again.drain();
                assertThat(again.deadLetters()).as("still exactly one").hasSize(1);
            }
        }
    }

    @Test
    @DisplayName("policy PARK stops instead of parking once maxDeadLetters events are parked")
    void parkingIsBounded() {
        create("1");
        long first = poison();
        long second = poison();
        try (Projection<OrderSummaries> p = OrderSummaryProjection
                .builder("order-summaries-bounded", world.store, world.serializer)
                .poisonPolicy(PoisonEventPolicy.PARK).maxDeadLetters(1).build()) {
            p.drain();
            assertThat(p.deadLetters()).as("the first poison event is parked").singleElement()
                    .extracting(DeadLetter::position).isEqualTo(first);
            assertThat(p.status()).as("the second one stops the projection").isEqualTo(ProjectionStatus.FAILED);
            assertThat(p.failure().orElseThrow().failedPosition()).isEqualTo(second);
            assertThat(p.failure().orElseThrow().error()).hasMessageContaining("maxDeadLetters");
        }
        assertThatThrownBy(() -> OrderSummaryProjection.builder("x", world.store, world.serializer).maxDeadLetters(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxDeadLetters must be in [1, 1000000], but was 0");
    }

    @Test
    @DisplayName("rebuild builds a fresh model from position 0 while the old one keeps serving, then swaps")
    void rebuildAndSwap() throws Exception {
        // Given: a model built by handler version 1
        AtomicInteger handlerVersion = new AtomicInteger(1);
        AtomicBoolean gateArmed = new AtomicBoolean(false);
        CountDownLatch rebuildInside = new CountDownLatch(1);
        CountDownLatch letRebuildGo = new CountDownLatch(1);
        create("1");
        add("1", "pen");
        try (Projection<Tally> p = tally("tally-rebuild", (m, e, r) -> {
            if (gateArmed.getAndSet(false)) {
                rebuildInside.countDown();
                assertThat(letRebuildGo.await(5, TimeUnit.SECONDS)).isTrue();
            }
            return m.plus((long) e.quantity() * handlerVersion.get());
        }).build()) {
            p.drain();
            Tally old = p.read();
            assertThat(old).isEqualTo(new Tally(3, 2));
            List<ProjectionEvent> events = new CopyOnWriteArrayList<>();
            p.eventPublisher().subscribe(events::add);
            // When: version 2 of the handler is "deployed" and the projection rebuilt
            handlerVersion.set(10);
            gateArmed.set(true);
            Future<Long> rebuild = pool.submit(p::rebuild);
            assertThat(rebuildInside.await(5, TimeUnit.SECONDS)).as("rebuild is running").isTrue();
            // Then: meanwhile the old model serves
            assertThat(p.read()).as("old model still served during the rebuild").isSameAs(old);
            assertThat(p.generation()).isZero();
            add("1", "ink"); // an event that arrives during the rebuild
            letRebuildGo.countDown();
            long swappedAt = rebuild.get(5, TimeUnit.SECONDS);
            // and after the swap the new one does, including the event that arrived meanwhile
            assertThat(p.generation()).as("swapped").isEqualTo(1);
            assertThat(swappedAt).isEqualTo(world.store.lastPosition());
            assertThat(p.read()).as("rebuilt with version 2: 0 + 10 + 10 + 10").isEqualTo(new Tally(4, 30));
            assertThat(p.position().current()).isEqualTo(world.store.lastPosition());
            assertThat(events).as("start and swap reported").hasAtLeastOneElementOfType(ProjectionEvent.RebuildStarted.class)
                    .hasAtLeastOneElementOfType(ProjectionEvent.Swapped.class);
        }
    }

    /** Appends an event of a type no handler reads: load that keeps arriving. */
    private void writeNoise() {
        world.store.append(StreamName.of("noise-1"), ExpectedVersion.ANY,
                EventData.of("noise", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("rebuild ends while writes keep coming: up to the position taken at start, then a switch-over of about one batch")
    void rebuildUnderLoad() {
        // Given: 600 events, and a writer that appends a new event for every event the rebuild
        // applies (writes arrive exactly as fast as the rebuild goes), up to 20,000
        create("1");
        for (int i = 0; i < 300; i++) {
            add("1", "p" + i);
            writeNoise();
        }
        Thread rebuilder = Thread.currentThread();
        AtomicBoolean writing = new AtomicBoolean(false);
        AtomicInteger written = new AtomicInteger();
        try (Projection<Tally> p = tally("tally-load", (m, e, r) -> {
            if (writing.get() && Thread.currentThread() == rebuilder && written.incrementAndGet() <= 20_000) {
                writeNoise();
            }
            return m.plus(e.quantity());
        }).batchSize(50).build()) {
            p.drain();
            long target = world.store.lastPosition();
            List<ProjectionEvent> events = new CopyOnWriteArrayList<>();
            p.eventPublisher().subscribe(events::add);
            // When
            writing.set(true);
            long swappedAt = p.rebuild();
            writing.set(false);
            // Then
            assertThat(swappedAt).as("the rebuild stopped near its target instead of chasing the head")
                    .isBetween(target, target + 2 * 50);
            List<ProjectionEvent.RebuildProgress> progress = events.stream()
                    .filter(ProjectionEvent.RebuildProgress.class::isInstance)
                    .map(ProjectionEvent.RebuildProgress.class::cast).toList();
            assertThat(progress).as("progress after each batch, against the target taken at start").isNotEmpty()
                    .allMatch(pr -> pr.target() == target);
            assertThat(progress).extracting(ProjectionEvent.RebuildProgress::done).isSorted();
            ProjectionEvent.Swapped swapped = events.stream().filter(ProjectionEvent.Swapped.class::isInstance)
                    .map(ProjectionEvent.Swapped.class::cast).findFirst().orElseThrow();
            assertThat(swapped.eventsWhileSwitching()).as("queries were held for at most one batch")
                    .isLessThanOrEqualTo(50);
            assertThat(events).extracting(ProjectionEvent::sequence).as("numbered 1, 2, 3 ... in order")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());
            p.drain();
            assertThat(p.read().sum()).as("the live subscription took the rest: every item counted once")
                    .isEqualTo(1 + 300);   // the created order's book, then the 300 items
        }
    }

    @Test
    @DisplayName("a rebuild can be cancelled between batches: it throws CancellationException and the old model serves on")
    void rebuildCancelled() {
        create("1");
        for (int i = 0; i < 20; i++) {
            add("1", "p" + i);
        }
        try (Projection<Tally> p = tally("tally-cancel", (m, e, r) -> m.plus(e.quantity())).batchSize(5).build()) {
            p.drain();
            Tally old = p.read();
            List<ProjectionEvent> events = new CopyOnWriteArrayList<>();
            p.eventPublisher().subscribe(e -> {
                events.add(e);
                if (e instanceof ProjectionEvent.RebuildProgress progress && progress.done() >= 10) {
                    assertThat(p.rebuildProgress()).contains(progress);
                    p.cancelRebuild();
                }
            });
            assertThatThrownBy(p::rebuild).isInstanceOf(CancellationException.class)
                    .hasMessageContaining("cancelled at position 10");
            assertThat(p.read()).as("old model kept").isSameAs(old);
            assertThat(p.generation()).isZero();
            assertThat(events).hasAtLeastOneElementOfType(ProjectionEvent.RebuildCancelled.class);
            assertThat(p.cancelRebuild()).as("nothing to cancel any more").isFalse();
            assertThat(p.rebuildProgress()).isEmpty();
        }
    }

    @Test
    @DisplayName("a running projection keeps running on the rebuilt model after the swap")
    void rebuildWhileRunning() throws Exception {
        create("1");
        try (Projection<Tally> p = tally("tally-running", (m, e, r) -> m.plus(e.quantity())).build()) {
            p.start();
            assertThat(p.position().awaitAtLeast(world.store.lastPosition(), Duration.ofSeconds(5))).isTrue();
            p.rebuild();
            add("1", "pen");
            assertThat(p.position().awaitAtLeast(world.store.lastPosition(), Duration.ofSeconds(5)))
                    .as("the new generation follows new events").isTrue();
            assertThat(p.read()).isEqualTo(new Tally(3, 2));
        }
    }

    @Test
    @DisplayName("a failing rebuild leaves the old model in place and says so")
    void failedRebuildKeepsOldModel() {
        AtomicBoolean broken = new AtomicBoolean(false);
        create("1");
        try (Projection<Tally> p = tally("tally-failed-rebuild", (m, e, r) -> {
            if (broken.get()) {
                throw new IllegalStateException("bug in version 2");
            }
            return m.plus(e.quantity());
        }).build()) {
            p.drain();
            Tally old = p.read();
            List<ProjectionEvent> events = new CopyOnWriteArrayList<>();
            p.eventPublisher().subscribe(events::add);
            broken.set(true);
            assertThatThrownBy(p::rebuild).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("bug in version 2");
            assertThat(p.read()).as("old model kept").isSameAs(old);
            assertThat(p.generation()).isZero();
            assertThat(p.status()).as("the old projection is not affected").isEqualTo(ProjectionStatus.LIVE);
            assertThat(events).hasAtLeastOneElementOfType(ProjectionEvent.RebuildFailed.class);
        }
    }

    @Test
    @DisplayName("a rebuild with a fixed handler replaces a FAILED projection with a live one")
    void rebuildRecoversFailedProjection() {
        AtomicBoolean broken = new AtomicBoolean(true);
        create("1");
        try (Projection<Tally> p = tally("tally-recover", (m, e, r) -> {
            if (broken.get()) {
                throw new IllegalStateException("bug in version 1");
            }
            return m.plus(e.quantity());
        }).build()) {
            p.drain();
            assertThat(p.status()).isEqualTo(ProjectionStatus.FAILED);
            broken.set(false);
            p.rebuild();
            assertThat(p.status()).as("the new generation is live").isEqualTo(ProjectionStatus.LIVE);
            assertThat(p.failure()).isEmpty();
            assertThat(p.read()).isEqualTo(new Tally(2, 1));
        }
    }

    @Test
    @DisplayName("batchSize bounds how many events one poll applies")
    void batchSizeHonoured() {
        create("1");
        add("1", "pen");
        add("1", "ink");
        try (Projection<Tally> p = tally("tally-batch", (m, e, r) -> m.plus(e.quantity())).batchSize(2).build()) {
            assertThat(p.poll()).as("first step").isEqualTo(2);
            assertThat(p.poll()).as("second step").isEqualTo(2);
        }
    }

    @Test
    @DisplayName("each step that applies events reports them as one BatchApplied: positions, the events, how long it took")
    void batchesReported() {
        // Given: four events, batches of two, a handler that takes 5 ms of virtual time per event
        create("1");
        add("1", "pen");
        add("1", "ink");
        long last = world.store.lastPosition();
        ManualTimeSource time = new ManualTimeSource();
        try (Projection<Tally> p = tally("tally-batches", (m, e, r) -> {
            time.advance(Duration.ofMillis(5));
            return m.plus(e.quantity());
        }).batchSize(2).timeSource(time).build()) {
            List<ProjectionEvent> events = new CopyOnWriteArrayList<>();
            p.eventPublisher().subscribe(events::add);
            // When
            p.drain();
            // Then
            List<ProjectionEvent.BatchApplied> batches = events.stream()
                    .filter(ProjectionEvent.BatchApplied.class::isInstance)
                    .map(ProjectionEvent.BatchApplied.class::cast).toList();
            assertThat(batches).as("two steps moved the checkpoint; the last, empty one reports nothing")
                    .hasSize(2);
            assertThat(batches.get(0).fromPosition()).isEqualTo(last - 3);
            assertThat(batches.get(0).toPosition()).isEqualTo(last - 2);
            assertThat(batches.get(1).fromPosition()).isEqualTo(last - 1);
            assertThat(batches.get(1).toPosition()).isEqualTo(last);
            assertThat(batches.get(1).batch()).extracting(RecordedEvent::position).containsExactly(last - 1, last);
            assertThat(batches).allSatisfy(b -> {
                assertThat(b.size()).isEqualTo(2);
                assertThat(b.projection()).isEqualTo("tally-batches");
                assertThat(b.generation()).isZero();
            });
            assertThat(batches.get(1).took()).as("two ItemAdded events at 5 ms each").isEqualTo(Duration.ofMillis(10));
            assertThat(batches.get(1).sequence()).isEqualTo(batches.get(0).sequence() + 1);
        }
    }

    @Test
    @DisplayName("no listener, no batch kept: a listener that arrives later sees only the batches after it")
    void batchesOnlyWhileListened() {
        create("1");
        try (Projection<Tally> p = tally("tally-quiet", (m, e, r) -> m.plus(e.quantity())).build()) {
            p.drain();
            List<ProjectionEvent> events = new CopyOnWriteArrayList<>();
            p.eventPublisher().subscribe(events::add);
            add("1", "pen");
            p.drain();
            assertThat(events).singleElement().isInstanceOfSatisfying(ProjectionEvent.BatchApplied.class,
                    b -> assertThat(b.batch()).extracting(RecordedEvent::type).containsExactly("order-item-added"));
        }
    }

    @Test
    @DisplayName("start runs the handlers on a thread from the configured thread factory")
    void threadFactoryHonoured() throws Exception {
        create("1");
        AtomicReference<String> thread = new AtomicReference<>();
        try (Projection<Tally> p = tally("tally-thread", (m, e, r) -> {
            thread.set(Thread.currentThread().getName());
            return m.plus(1);
        }).threadFactory(r -> {
            Thread t = new Thread(r, "my-projection-thread");
            t.setDaemon(true);
            return t;
        }).build()) {
            p.start();
            assertThat(p.position().awaitAtLeast(world.store.lastPosition(), Duration.ofSeconds(5))).isTrue();
            assertThat(thread.get()).isEqualTo("my-projection-thread");
        }
    }

    @Test
    @DisplayName("bad builder values are refused with a message naming them")
    void builderValidation() {
        assertThatThrownBy(() -> tally("x".repeat(81), (m, e, r) -> m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 80 characters");
        assertThatThrownBy(() -> tally("dup", (m, e, r) -> m).on(ItemAdded.class, (m, e, r) -> m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        assertThatThrownBy(() -> tally("unregistered", (m, e, r) -> m).on(String.class, (m, e, r) -> m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
        assertThatThrownBy(() -> tally("batch", (m, e, r) -> m).batchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize must be in [1, 100000], but was 0");
    }

    @Test
    @DisplayName("the checkpoint only moves forward in a projection store")
    void storeCheckpointOnlyForward() {
        InMemoryProjectionStore<String> store = new InMemoryProjectionStore<>("m");
        ProjectionState<String> s0 = store.current();
        assertThatThrownBy(() -> store.commit(s0, s0.applied("m2", 0))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.commit(s0, s0.applied("m2", 3))).isTrue();
        assertThat(store.commit(s0, s0.applied("m3", 4))).as("a stale writer is refused").isFalse();
        assertThat(store.current().model()).isEqualTo("m2");
    }

    @Test
    @DisplayName("the order summary shows lines, totals and status")
    void orderSummaryContents() {
        create("1");
        add("1", "pen");
        world.commands.dispatch(new RemoveItemCommand("1", "book"));
        world.commands.dispatch(new ConfirmOrderCommand("1"));
        world.summaries.drain();
        OrderSummary summary = world.summaries.read().find("1").orElseThrow();
        assertThat(summary.lines()).containsExactly(new OrderLine("pen", 1, BOOK));
        assertThat(summary.total()).isEqualTo(BOOK);
        assertThat(summary.status()).isEqualTo(OrderStatus.CONFIRMED);
    }
}
