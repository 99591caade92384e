package dev.microlab.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.cqrs.AggregateRepository;
import dev.microlab.cqrs.CommandBus;
import dev.microlab.cqrs.CommandInterceptors;
import dev.microlab.cqrs.CommandResult;
import dev.microlab.cqrs.ConflictRetryInterceptor;
import dev.microlab.cqrs.DeadLetter;
import dev.microlab.cqrs.PoisonEventPolicy;
import dev.microlab.cqrs.Projection;
import dev.microlab.cqrs.ProjectionStatus;
import dev.microlab.cqrs.QueryBus;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.InMemorySnapshotStore;
import dev.microlab.eventstore.StreamName;
import dev.microlab.examples.order.OrderCommands.AddItemCommand;
import dev.microlab.examples.order.OrderCommands.ConfirmOrderCommand;
import dev.microlab.examples.order.OrderCommands.CreateOrderCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The code of docs/cqrs.md, run for real: the guide's java blocks are copied from these methods. */
@DisplayName("The examples of the CQRS guide")
class CqrsGuideExamplesTest {

    @Test
    @DisplayName("wiring: command side, query side, and a query that reads its own write")
    void wiring() {
        ManualTimeSource time = new ManualTimeSource();
        EventStore store = InMemoryEventStore.builder().timeSource(time).build();
        EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());

        // Command side: repository over the event store, bus with interceptors, one handler per command
        AggregateRepository<Order, OrderEvent> orders = AggregateRepository
                .builder("order", OrderEvent.class, Order::new, store, serializer)
                .snapshots(new InMemorySnapshotStore(), new OrderSnapshotCodec(), 100)
                .timeSource(time)
                .build();
        CommandBus commands = CommandBus.builder()
                .interceptor(CommandInterceptors.correlating())
                .interceptor(CommandInterceptors.validating(new OrderCommandValidator()))
                .interceptor(ConflictRetryInterceptor.maxAttempts(5))
                .build();
        OrderCommandHandlers.registerOn(commands, orders);

        // Query side: a projection keeps the read model, the query bus answers from it
        Projection<OrderSummaries> summaries = OrderSummaryProjection
                .builder("order-summaries", store, serializer)
                .timeSource(time)
                .build();
        QueryBus queries = new QueryBus();
        queries.register(GetOrderSummary.class, summaries.position(), q -> summaries.read().find(q.orderId()));
        summaries.start();

        // A command returns the position it wrote; a query can wait until the read model has it
        commands.dispatch(new CreateOrderCommand("42", "ana", "EUR", List.of()));
        CommandResult added = commands.dispatch(new AddItemCommand("42", "book", 2, Money.of("EUR", 1250)));
        Optional<OrderSummary> summary = queries.query(new GetOrderSummary("42"), added.position(),
                Duration.ofSeconds(2));

        assertThat(summary.orElseThrow().total()).as("read your write").isEqualTo(Money.of("EUR", 2500));
        summaries.close();
    }

    @Test
    @DisplayName("a business rule refuses a command with a domain exception; nothing is written")
    void businessRule() {
        EventStore store = InMemoryEventStore.create();
        EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());
        AggregateRepository<Order, OrderEvent> orders = AggregateRepository
                .builder("order", OrderEvent.class, Order::new, store, serializer).build();
        CommandBus commands = CommandBus.builder().build();
        OrderCommandHandlers.registerOn(commands, orders);
        commands.dispatch(new CreateOrderCommand("42", "ana", "EUR", List.of()));
        long before = store.lastPosition();

        assertThatThrownBy(() -> commands.dispatch(new ConfirmOrderCommand("42")))
                .isInstanceOf(OrderRuleException.class)
                .hasMessage("order 42 has no item and cannot be confirmed");

        assertThat(store.lastPosition()).as("nothing written").isEqualTo(before);
    }

    @Test
    @DisplayName("poison events: park them, look at them, rebuild once the handler is fixed")
    void poisonAndRebuild() {
        EventStore store = InMemoryEventStore.create();
        EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());
        store.append(StreamName.of("order-7"), ExpectedVersion.ANY,
                EventData.of("order-item-added", "{\"garbage\":true}".getBytes(StandardCharsets.UTF_8)));

        Projection<OrderSummaries> summaries = OrderSummaryProjection.builder("order-summaries", store, serializer)
                .poisonPolicy(PoisonEventPolicy.PARK)
                .build();
        summaries.drain();
        List<DeadLetter> parked = summaries.deadLetters();   // [DeadLetter[position=1, stream=order-7, ...]]
        long rebuiltAt = summaries.rebuild();                 // a fresh model from position 0, then swapped in

        assertThat(parked).singleElement().extracting(DeadLetter::position).isEqualTo(1L);
        assertThat(summaries.status()).isEqualTo(ProjectionStatus.LIVE);
        assertThat(rebuiltAt).isEqualTo(1);
        summaries.close();
    }

    @Test
    @DisplayName("an aggregate can be used without any bus: load, decide, save")
    void repositoryAlone() {
        EventStore store = InMemoryEventStore.create();
        AggregateRepository<Order, OrderEvent> orders = AggregateRepository.builder("order", OrderEvent.class,
                Order::new, store, new EventSerializer(OrderEventTypes.registry())).build();

        Order order = orders.load("42");                      // version -1: no event yet
        order.create("ana", "EUR", List.of(new OrderLine("book", 1, Money.of("EUR", 1250))));
        order.confirm();
        CommandResult saved = orders.save(order, EventMetadata.EMPTY);

        assertThat(saved.events()).hasSize(3);
        assertThat(orders.load("42").status()).contains(OrderStatus.CONFIRMED);
    }
}
