package dev.microlab.cqrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.cqrs.testdomain.Money;
import dev.microlab.cqrs.testdomain.OrderCommands.AddItemCommand;
import dev.microlab.cqrs.testdomain.OrderCommands.CreateOrderCommand;
import dev.microlab.cqrs.testdomain.OrderCommands.RemoveItemCommand;
import dev.microlab.cqrs.testdomain.OrderRuleException;
import dev.microlab.cqrs.testdomain.OrderSummaries;
import dev.microlab.cqrs.testdomain.OrderSummary;
import dev.microlab.cqrs.testdomain.OrderWorld;
import dev.microlab.cqrs.testdomain.PoisonFreeCheck;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CQRS under concurrency")
class CqrsConcurrencyTest {

    private static final int THREADS = 6;
    private static final int COMMANDS_PER_THREAD = 100;
    private static final List<String> ORDERS = List.of("a", "b", "c");
    private static final List<String> PRODUCTS = List.of("book", "pen", "ink", "pad", "cup");

    @Test
    @DisplayName("many threads sending commands to a few orders (snapshots on): no lost update, no torn read, and the live read model equals a replay")
    void manyThreadsFewAggregates() throws Exception {
        try (OrderWorld world = new OrderWorld(500, PoisonEventPolicy.STOP, 25)) {
            // Given
            for (String id : ORDERS) {
                world.commands.dispatch(new CreateOrderCommand(id, "customer-" + id, "EUR", List.of()));
            }
            world.summaries.start();
            AtomicInteger otherFailures = new AtomicInteger();
            world.commands.eventPublisher().subscribe(e -> {
                if (e instanceof CommandBusEvent.CommandFailed f && !(f.error() instanceof OrderRuleException)) {
                    otherFailures.incrementAndGet();
                }
            });
            AtomicInteger succeeded = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            AtomicInteger torn = new AtomicInteger();
            AtomicLong reads = new AtomicLong();
            // When
            try {
                for (int t = 0; t < THREADS; t++) {
                    Random random = new Random(1_000 + t);
                    workers.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < COMMANDS_PER_THREAD; i++) {
                            String order = ORDERS.get(random.nextInt(ORDERS.size()));
                            int p = random.nextInt(PRODUCTS.size());
                            Object command = random.nextInt(4) == 0
                                    ? new RemoveItemCommand(order, PRODUCTS.get(p))
                                    : new AddItemCommand(order, PRODUCTS.get(p), 1 + random.nextInt(3),
                                            Money.of("EUR", 100L * (p + 1)));
                            try {
                                world.commands.dispatch(command);
                                succeeded.incrementAndGet();
                            } catch (OrderRuleException e) {
                                refused.incrementAndGet(); // removing a product that is not there
                            }
                            // Read while the projection writes: a model must never come without its
                            // checkpoint. Every stored event is an order event, so eventsApplied == position.
                            ProjectionState<OrderSummaries> seen = world.summaries.state();
                            if (seen.model().eventsApplied() != seen.position()) {
                                torn.incrementAndGet();
                            }
                            reads.incrementAndGet();
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> w : workers) {
                    w.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            // Then: readers never saw a model without its checkpoint
            assertThat(torn.get()).as("torn reads (model and checkpoint disagreeing) out of %d", reads.get()).isZero();
            // and every successful command wrote exactly one event
            long last = world.store.lastPosition();
            assertThat(otherFailures.get()).as("no command failed for another reason than a rule").isZero();
            assertThat(succeeded.get() + refused.get()).as("every command answered").isEqualTo(THREADS * COMMANDS_PER_THREAD);
            assertThat(last).as("one event per successful command, plus the 3 creates")
                    .isEqualTo(succeeded.get() + ORDERS.size());
            assertThat(world.summaries.position().awaitAtLeast(last, Duration.ofSeconds(30)))
                    .as("the live projection caught up").isTrue();
            OrderSummaries live = world.summaries.read();
            assertThat(live.eventsApplied()).as("each event applied exactly once").isEqualTo(last);
            assertThat(live).as("live read model equals a replay of the event store").isEqualTo(world.replayFromScratch());
            for (String id : ORDERS) {
                OrderSummary summary = live.find(id).orElseThrow();
                assertThat(summary.lines()).as("read model of order %s equals its aggregate", id)
                        .isEqualTo(world.orders.load(id).lines());
                assertThat(summary.total()).as("total of order %s", id).isEqualTo(world.orders.load(id).total());
            }
            assertThat(PoisonFreeCheck.allReadable(world.store, world.serializer)).as("every stored event readable")
                    .isTrue();
            List<RecordedEvent> all = world.store.readAll(EventStore.START, 100_000);
            assertThat(all).as("positions without holes").hasSize((int) last);
        }
    }
}
