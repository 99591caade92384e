package dev.microlab.docs.examples;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.retry.Backoff;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.examples.saga.Inventory;
import dev.microlab.examples.saga.Order;
import dev.microlab.examples.saga.Orders;
import dev.microlab.examples.saga.Payments;
import dev.microlab.messaging.Broker;
import dev.microlab.messaging.Delivery;
import dev.microlab.messaging.ExchangeSpec;
import dev.microlab.messaging.ExchangeType;
import dev.microlab.messaging.InProcessBroker;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.OutboxRelay;
import dev.microlab.messaging.QueueSpec;
import dev.microlab.saga.ActionRefusedException;
import dev.microlab.saga.IdempotencyKey;
import dev.microlab.saga.IdempotentParticipant;
import dev.microlab.saga.Phase;
import dev.microlab.saga.SagaDefinition;
import dev.microlab.saga.SagaOrchestrator;
import dev.microlab.saga.SagaOutcome;
import dev.microlab.saga.SagaState;
import dev.microlab.saga.SagaStatus;
import dev.microlab.saga.SagaTrace;
import dev.microlab.saga.StepContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code of {@code docs/saga.md}, run against the real saga orchestrator and event store;
 * {@code GuidesTest} checks the guide still quotes it. The services are the saga module's own
 * example participants; shipping is a stand-in that answers at once.
 */
@DisplayName("The examples of the saga guide")
class SagaGuideExamplesTest {

    /** Stands in for an asynchronous shipping client. */
    static final class ShippingClient {
        final List<String> shipped = new ArrayList<>();

        synchronized CompletionStage<String> shipAsync(String key, Order order) {
            shipped.add(key);
            return CompletableFuture.completedFuture("track-" + order.orderId());
        }
    }

    /** A stock that answers reservations with an id. */
    static final class Stock {
        int reserved;

        String reserve(String sku, int qty) {
            reserved += qty;
            return "reservation-" + sku;
        }

        void release(String sku, int qty) {
            reserved -= qty;
        }
    }

    record Counter(int value) {
    }

    @Test
    @DisplayName("quick start: the order saga completes on a file-backed log and draws its trace")
    void quickStart(@TempDir Path dir) throws Exception {
        Orders orders = new Orders();
        Inventory inventory = new Inventory(Map.of("book", 5));
        Payments payments = new Payments(10_000);
        ShippingClient shippingClient = new ShippingClient();
        List<String> diagrams = new ArrayList<>();

        SagaDefinition<Order> orderSaga = SagaDefinition.builder("order", Order.class)
                .step("validate-order").participant("Orders")
                    .action(ctx -> { orders.validate(ctx.idempotencyKey(), ctx.data()); return null; })
                    .compensation(ctx -> { orders.cancel(ctx.idempotencyKey(), ctx.data().orderId()); return null; })
                    .add()
                .step("reserve-inventory").participant("Inventory").timeout(Duration.ofSeconds(2))
                    .retry(3, Backoff.exponential(Duration.ofMillis(200), 2.0, Duration.ofSeconds(2)))
                    .action(ctx -> { inventory.reserve(ctx.idempotencyKey(), ctx.data().sku(), ctx.data().quantity()); return null; })
                    .compensation(ctx -> { inventory.release(ctx.idempotencyKey(), ctx.data().sku(), ctx.data().quantity()); return null; })
                    .add()
                .step("process-payment").participant("Payments").pivot()
                    .action(ctx -> ctx.data().withPaymentId(payments.charge(ctx.idempotencyKey(), ctx.data().amountCents())))
                    .add()
                .step("ship").participant("Shipping").retriable()
                    .asyncAction(ctx -> shippingClient.shipAsync(ctx.idempotencyKey().toString(), ctx.data())
                            .thenApply(tracking -> ctx.data().withTrackingId(tracking)))
                    .add()
                .build();

        try (EventStore store = FileEventStore.builder(dir).open();
             SagaOrchestrator orchestrator = SagaOrchestrator.builder(store).register(orderSaga).build()) {
            orchestrator.recover();                              // at start-up: resume what a crash interrupted
            SagaOutcome<Order> outcome = orchestrator.start(orderSaga, "order-42", Order.of("order-42", "book", 1, 2_500))
                    .toCompletableFuture().get(30, SECONDS);
            outcome.state();                                     // COMPLETED, COMPENSATED or FAILED
            orchestrator.trace("order-42").map(SagaTrace::toMermaid);
        }
        try (EventStore store = FileEventStore.builder(dir).open();
             SagaOrchestrator orchestrator = SagaOrchestrator.builder(store).register(orderSaga).build()) {
            orchestrator.trace("order-42").map(SagaTrace::toMermaid).ifPresent(diagrams::add);
        }
        assertThat(inventory.available("book")).as("one book reserved and shipped").isEqualTo(4);
        assertThat(shippingClient.shipped).containsExactly("order-42:ship:action");
        assertThat(diagrams).singleElement().asString().startsWith("sequenceDiagram");
    }

    @Test
    @DisplayName("the participant fence applies once, undoes, and refuses a late action")
    void fence() throws Exception {
        StepContext<Order> ctx = new StepContext<>("order-42", "order", "reserve-inventory", Phase.ACTION, 1,
                Order.of("order-42", "book", 1, 2_500));
        Stock stock = new Stock();
        String sku = "book";
        int qty = 1;

        IdempotentParticipant fence = new IdempotentParticipant();
        String reservation = fence.execute(ctx.idempotencyKey(), () -> stock.reserve(sku, qty));   // once per key
        fence.compensate(ctx.idempotencyKey().withPhase(Phase.COMPENSATION), () -> stock.release(sku, qty));   // no-op if the action never ran
        // a later execute(...) of that step throws ActionRefusedException

        assertThat(reservation).isEqualTo("reservation-book");
        assertThat(stock.reserved).as("reserved once, then released").isZero();
        assertThatThrownBy(() -> fence.execute(ctx.idempotencyKey(), () -> stock.reserve(sku, qty)))
                .isInstanceOf(ActionRefusedException.class);
    }

    @Test
    @DisplayName("the benchmark's no-op saga completes")
    void benchmark() {
        EventStore store = InMemoryEventStore.create();
        int i = 1;

        SagaDefinition<Counter> saga = SagaDefinition.builder("bench", Counter.class)
                .step("s1").action(ctx -> null).add()      // add N no-op steps
                .build();
        SagaOrchestrator o = SagaOrchestrator.builder(store).register(saga).executor(Runnable::run).build();
        o.start(saga, "b-" + i, new Counter(0)).toCompletableFuture().join();   // per op: 2 + 2N + 1 appends

        assertThat(o.status("b-1").orElseThrow().state()).isEqualTo(SagaState.COMPLETED);
        o.close();
    }

    @Test
    @DisplayName("a client reads the saga's status by id; a saga-wide deadline compensates a saga stuck before its pivot")
    void clientViewAndDeadline() {
        ManualTimeSource time = new ManualTimeSource();
        ManualScheduler scheduler = new ManualScheduler(time);
        CompletableFuture<String> seatHeld = new CompletableFuture<>();   // the airline has not answered yet

        SagaDefinition<String> booking = SagaDefinition.builder("booking", String.class)
                .deadline(Duration.ofMinutes(30))      // not at the pivot 30 min after start: cancel, compensate
                .step("hold-seat").asyncAction(ctx -> seatHeld).compensation(ctx -> ctx.data()).add()
                .step("take-payment").pivot().action(ctx -> ctx.data()).add()
                .build();
        try (SagaOrchestrator orchestrator = SagaOrchestrator.builder(InMemoryEventStore.create())
                .register(booking).scheduler(scheduler).executor(Runnable::run).build()) {
            orchestrator.start(booking, "booking-7", "booking-7");     // answer 202 Accepted, Location: /bookings/booking-7

            SagaStatus status = orchestrator.status("booking-7").orElseThrow();   // what GET /bookings/booking-7 reads
            assertThat(status.state()).isEqualTo(SagaState.RUNNING);

            scheduler.advance(Duration.ofMinutes(31));   // the deadline passes while hold-seat is in flight
            seatHeld.complete("booking-7");              // the late answer: the saga cancels instead of paying
            assertThat(orchestrator.status("booking-7").orElseThrow().state()).isEqualTo(SagaState.COMPENSATED);
            assertThat(orchestrator.status("booking-7").orElseThrow().failure())
                    .contains("cancelled: its deadline of PT30M passed before the pivot");
        }
    }

    @Test
    @DisplayName("over messaging: a command per step keyed by its idempotency key, a fenced participant, outcomes through an outbox relay")
    void overMessaging() throws Exception {
        ManualScheduler scheduler = new ManualScheduler(new ManualTimeSource());
        EventStore store = InMemoryEventStore.create();
        Stock stock = new Stock();
        IdempotentParticipant fence = new IdempotentParticipant();
        try (Broker broker = InProcessBroker.create()) {
            broker.declareQueue(QueueSpec.durable("inventory.commands"));
            broker.declareQueue(QueueSpec.durable("saga.replies"));
            broker.declareExchange(ExchangeSpec.durable("sagas", ExchangeType.TOPIC));
            broker.declareQueue(QueueSpec.durable("order-status"));
            broker.bind("order-status", "sagas", "saga-ended");

            // the orchestrator's side: a command out per step, the reply completes the step
            Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
            SagaDefinition<String> order = SagaDefinition.builder("order", String.class)
                    .step("reserve").participant("Inventory").timeout(Duration.ofSeconds(5))
                        .asyncAction(ctx -> {
                            String key = ctx.idempotencyKey().toString();     // message id = idempotency key
                            CompletableFuture<String> reply = waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
                            broker.publish("", "inventory.commands", Message.ofText(ctx.data()).withMessageId(key));
                            return reply;                                      // a crash before the publish: recover() sends it again
                        })
                        .add()
                    .build();
            SagaOrchestrator orchestrator = SagaOrchestrator.builder(store).register(order)
                    .executor(Runnable::run).scheduler(scheduler).build();
            orchestrator.start(order, "order-42", "book");

            // the participant: the effect once per key, the same answer to a duplicate
            Delivery command = broker.get("inventory.commands").orElseThrow();
            IdempotencyKey key = IdempotencyKey.parse(command.message().messageId().orElseThrow());
            String reservation = fence.execute(key, String.class, () -> stock.reserve(command.message().bodyAsText(), 1));
            broker.publish("", "saga.replies", Message.ofText(reservation).withCorrelationId(key.toString()));
            command.ack();

            // back at the orchestrator: the reply completes the waiting step
            Delivery reply = broker.get("saga.replies").orElseThrow();
            waiting.remove(reply.message().correlationId().orElseThrow()).complete(reply.message().bodyAsText());
            reply.ack();

            // the result out: the saga log is an event stream, so an outbox relay publishes every end
            OutboxRelay outcomes = OutboxRelay.builder("saga-outcomes", store, broker, "sagas")
                    .filter(e -> e.type().equals("saga-ended"))
                    .build();
            outcomes.drain();

            Delivery ended = broker.get("order-status").orElseThrow();
            assertThat(ended.message().type()).contains("saga-ended");
            assertThat(ended.message().bodyAsText()).contains("COMPLETED");
            assertThat(orchestrator.status("order-42").orElseThrow().state()).isEqualTo(SagaState.COMPLETED);
            assertThat(fence.execute(key, String.class, () -> stock.reserve("book", 1)))
                    .as("a redelivered command gets the first answer").isEqualTo("reservation-book");
            assertThat(stock.reserved).as("reserved once").isEqualTo(1);
            orchestrator.close();
        }
    }
}
