package dev.microlab.docs.scenario;

import dev.microlab.cqrs.AggregateRepository;
import dev.microlab.cqrs.CommandBus;
import dev.microlab.cqrs.CommandInterceptors;
import dev.microlab.cqrs.CommandResult;
import dev.microlab.cqrs.ConflictRetryInterceptor;
import dev.microlab.cqrs.Projection;
import dev.microlab.cqrs.QueryBus;
import dev.microlab.docs.diagram.Timeline;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.examples.order.GetOrderSummary;
import dev.microlab.examples.order.Money;
import dev.microlab.examples.order.Order;
import dev.microlab.examples.order.OrderCommandHandlers;
import dev.microlab.examples.order.OrderCommandValidator;
import dev.microlab.examples.order.OrderCommands.AddItemCommand;
import dev.microlab.examples.order.OrderCommands.ConfirmOrderCommand;
import dev.microlab.examples.order.OrderCommands.CreateOrderCommand;
import dev.microlab.examples.order.OrderEvent;
import dev.microlab.examples.order.OrderEventTypes;
import dev.microlab.examples.order.OrderRuleException;
import dev.microlab.examples.order.OrderSummaries;
import dev.microlab.examples.order.OrderSummary;
import dev.microlab.examples.order.OrderSummaryProjection;
import java.time.Duration;
import java.util.List;

/**
 * CQRS on the cqrs module's order example: commands write events at global positions; the
 * read model trails behind until its projection catches up; a query that names the position
 * of its command can tell; a business rule refuses a command and writes nothing; a rebuild
 * replays the store into a fresh model.
 *
 * <p>The projection is stepped with {@code drain()} on the scenario's thread, so the lag
 * between the write and the read side is visible and deterministic.
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class CqrsScenario implements Scenario {

    @Override
    public String name() {
        return "cqrs";
    }

    @Override
    public String title() {
        return "commands write at positions, the read model catches up, a rule refuses, a rebuild replays";
    }

    @Override
    public List<String> patterns() {
        return List.of("cqrs");
    }

    @Override
    public void run(Narrator narrator) throws Exception {
        Timeline positions = new Timeline("write side and read side positions");
        try (EventStore store = InMemoryEventStore.builder().timeSource(narrator.time()).build()) {
            EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());
            AggregateRepository<Order, OrderEvent> orders = AggregateRepository
                    .builder("order", OrderEvent.class, Order::new, store, serializer)
                    .timeSource(narrator.time())
                    .build();
            CommandBus commands = CommandBus.builder()
                    .interceptor(CommandInterceptors.validating(new OrderCommandValidator()))
                    .interceptor(ConflictRetryInterceptor.maxAttempts(5))
                    .build();
            OrderCommandHandlers.registerOn(commands, orders);
            Projection<OrderSummaries> summaries = OrderSummaryProjection
                    .builder("order-summaries", store, serializer)
                    .timeSource(narrator.time())
                    .build();
            QueryBus queries = new QueryBus();
            queries.register(GetOrderSummary.class, summaries.position(), q -> summaries.read().find(q.orderId()));

            commands.dispatch(new CreateOrderCommand("42", "ana", "EUR", List.of()));
            CommandResult added = commands.dispatch(new AddItemCommand("42", "book", 2, Money.of("EUR", 1250)));
            positions.at("+" + Narrator.stamp(narrator.elapsed()), "write side at position " + added.position(),
                    "read model at " + summaries.position().current());
            narrator.milestone("read-model-behind", "two commands wrote order-42 up to position " + added.position()
                    + "; the read model is at " + summaries.position().current() + " — has it reached "
                    + added.position() + "? " + summaries.position().hasReached(added.position()));

            narrator.time().advance(Duration.ofMillis(200));
            long delivered = summaries.drain();
            OrderSummary summary = queries.query(new GetOrderSummary("42")).orElseThrow();
            positions.at("+" + Narrator.stamp(narrator.elapsed()), "projection applies " + delivered + " events",
                    "read model at " + summaries.position().current());
            narrator.milestone("read-model-caught-up", "200 ms later the projection applied " + delivered
                    + " events and is at position " + summaries.position().current() + ": order 42 has "
                    + summary.lines().size() + " line, total " + summary.total());

            try {
                commands.dispatch(new ConfirmOrderCommand("7"));
                throw new IllegalStateException("confirming an order that does not exist was accepted");
            } catch (RuntimeException refused) {
                narrator.say("confirming unknown order 7 is refused: " + refused.getMessage());
            }
            commands.dispatch(new CreateOrderCommand("8", "bob", "EUR", List.of()));
            long before = store.lastPosition();
            try {
                commands.dispatch(new ConfirmOrderCommand("8"));
                throw new IllegalStateException("an empty order was confirmed");
            } catch (OrderRuleException refused) {
                narrator.milestone("rule-refused", "confirming empty order 8 is refused by the aggregate (\""
                        + refused.getMessage() + "\"); the store is still at position " + store.lastPosition()
                        + (store.lastPosition() == before ? ": nothing was written" : ": something was written!"));
            }

            narrator.time().advance(Duration.ofSeconds(1));
            long rebuiltAt = summaries.rebuild();
            positions.at("+" + Narrator.stamp(narrator.elapsed()), "rebuild replays to position " + rebuiltAt,
                    "generation " + summaries.generation());
            narrator.milestone("rebuilt", "a rebuild replays the store from position 0 into a fresh model and swaps"
                    + " it in at position " + rebuiltAt + " (generation " + summaries.generation() + "): "
                    + summaries.read().size() + " orders, the same answers");
            summaries.close();
        }
        narrator.draw(positions);
    }
}
