package dev.microlab.cqrs.testdomain;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.cqrs.AggregateRepository;
import dev.microlab.cqrs.CommandBus;
import dev.microlab.cqrs.CommandInterceptors;
import dev.microlab.cqrs.ConflictRetryInterceptor;
import dev.microlab.cqrs.PoisonEventPolicy;
import dev.microlab.cqrs.Projection;
import dev.microlab.cqrs.QueryBus;
import dev.microlab.cqrs.testdomain.OrderCommands.AddItemCommand;
import dev.microlab.cqrs.testdomain.OrderCommands.ConfirmOrderCommand;
import dev.microlab.cqrs.testdomain.OrderCommands.CreateOrderCommand;
import dev.microlab.cqrs.testdomain.OrderCommands.RemoveItemCommand;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.InMemorySnapshotStore;
import java.util.List;

/**
 * The order service wired for tests: event store on a manual clock, repository, command bus with
 * the three interceptors, the summary projection (driven by drain() unless a test starts it) and
 * a query bus.
 */
public final class OrderWorld implements AutoCloseable {

    public final ManualTimeSource time = new ManualTimeSource();
    public final InMemoryEventStore store = InMemoryEventStore.builder().timeSource(time).build();
    public final EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());
    public final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
    public final AggregateRepository<Order, OrderEvent> orders;
    public final CommandBus commands;
    public final Projection<OrderSummaries> summaries;
    public final QueryBus queries = new QueryBus();

    public OrderWorld() {
        this(5, PoisonEventPolicy.STOP);
    }

    public OrderWorld(int maxAttempts, PoisonEventPolicy policy) {
        this(maxAttempts, policy, 0);
    }

    /** With snapshots every {@code snapshotEvery} events (0: none). */
    public OrderWorld(int maxAttempts, PoisonEventPolicy policy, int snapshotEvery) {
        AggregateRepository.Builder<Order, OrderEvent> repository = AggregateRepository
                .builder("order", OrderEvent.class, Order::new, store, serializer)
                .timeSource(time);
        if (snapshotEvery > 0) {
            repository.snapshots(snapshots, new OrderSnapshotCodec(), snapshotEvery);
        }
        AggregateRepository<Order, OrderEvent> orders = repository.build();
        this.orders = orders;
        commands = CommandBus.builder()
                .interceptor(CommandInterceptors.correlating())
                .interceptor(CommandInterceptors.validating(command -> command instanceof OrderCommands c
                        && c.orderId().isBlank() ? List.of("orderId must not be blank") : List.of()))
                .interceptor(ConflictRetryInterceptor.maxAttempts(maxAttempts))
                .build();
        commands.register(CreateOrderCommand.class, m -> orders.update(m.payload().orderId(), m,
                o -> o.create(m.payload().customerId(), m.payload().currency(), m.payload().items())));
        commands.register(AddItemCommand.class, m -> orders.update(m.payload().orderId(), m,
                o -> o.addItem(m.payload().productId(), m.payload().quantity(), m.payload().unitPrice())));
        commands.register(RemoveItemCommand.class, m -> orders.update(m.payload().orderId(), m,
                o -> o.removeItem(m.payload().productId())));
        commands.register(ConfirmOrderCommand.class, m -> orders.update(m.payload().orderId(), m, Order::confirm));
        summaries = OrderSummaryProjection.builder("order-summaries", store, serializer)
                .poisonPolicy(policy)
                .timeSource(time)
                .build();
        queries.register(GetOrderSummary.class, summaries.position(), q -> summaries.read().find(q.orderId()));
    }

    /** A fresh projection over the same store, replayed from position 0: the reference for comparisons. */
    public OrderSummaries replayFromScratch() {
        try (Projection<OrderSummaries> replay = OrderSummaryProjection
                .builder("order-summaries-replay", store, serializer).build()) {
            replay.drain();
            return replay.read();
        }
    }

    @Override
    public void close() {
        summaries.close();
        store.close();
    }
}
