package dev.microlab.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.cqrs.CommandMessage;
import dev.microlab.cqrs.CommandResult;
import dev.microlab.cqrs.CommandValidationException;
import dev.microlab.examples.order.OrderCommands.AddItemCommand;
import dev.microlab.examples.order.OrderCommands.CancelOrderCommand;
import dev.microlab.examples.order.OrderCommands.ConfirmOrderCommand;
import dev.microlab.examples.order.OrderCommands.CreateOrderCommand;
import dev.microlab.examples.order.OrderCommands.RemoveItemCommand;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.RecordedEvent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Order commands through the bus")
class OrderCommandsTest {

    private static final Money BOOK = Money.of("EUR", 1250);

    private final OrderWorld world = new OrderWorld();

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    @DisplayName("the whole life of an order: create, add, remove, confirm, cancel, each one event")
    void wholeLife() {
        world.commands.dispatch(new CreateOrderCommand("42", "ana", "EUR", List.of()));
        world.commands.dispatch(new AddItemCommand("42", "book", 2, BOOK));
        world.commands.dispatch(new AddItemCommand("42", "pen", 1, Money.of("EUR", 199)));
        world.commands.dispatch(new RemoveItemCommand("42", "pen"));
        CommandResult confirmed = world.commands.dispatch(new ConfirmOrderCommand("42"));
        world.commands.dispatch(new CancelOrderCommand("42", "found it cheaper"));

        assertThat(confirmed.events()).as("the confirmation records the total")
                .containsExactly(new OrderEvent.OrderConfirmed("42", Money.of("EUR", 2500)));
        assertThat(world.store.readAll(EventStore.START, 100)).extracting(RecordedEvent::type)
                .containsExactly("order-created", "order-item-added", "order-item-added", "order-item-removed",
                        "order-confirmed", "order-cancelled");
        world.summaries.drain();
        assertThat(world.summaries.read().find("42").orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    @DisplayName("a malformed command is refused by the validator before the order is even loaded")
    void malformedRefused() {
        world.commands.dispatch(new CreateOrderCommand("42", "ana", "EUR", List.of()));
        long before = world.store.lastPosition();
        assertThatThrownBy(() -> world.commands.dispatch(new AddItemCommand("42", " ", 0, null)))
                .isInstanceOf(CommandValidationException.class)
                .satisfies(e -> assertThat(((CommandValidationException) e).violations()).containsExactly(
                        "productId must not be blank, but was ' '",
                        "quantity must be in [1, 1000], but was 0",
                        "unitPrice must not be null"));
        assertThatThrownBy(() -> world.commands.dispatch(new ConfirmOrderCommand("bad id")))
                .isInstanceOf(CommandValidationException.class).hasMessageContaining("orderId must be");
        assertThatThrownBy(() -> world.commands.dispatch(new CancelOrderCommand("42", "")))
                .isInstanceOf(CommandValidationException.class).hasMessageContaining("reason must not be blank");
        assertThat(world.store.lastPosition()).as("nothing written").isEqualTo(before);
    }

    @Test
    @DisplayName("a business rule refuses through the bus with the order's own exception")
    void ruleThroughBus() {
        world.commands.dispatch(new CreateOrderCommand("42", "ana", "EUR", List.of()));
        assertThatThrownBy(() -> world.commands.dispatch(new ConfirmOrderCommand("42")))
                .isInstanceOf(OrderRuleException.class)
                .satisfies(e -> assertThat(((OrderRuleException) e).rule()).isEqualTo(OrderRuleException.Rule.EMPTY_ORDER));
        assertThatThrownBy(() -> world.commands.dispatch(new CreateOrderCommand("42", "bob", "EUR", List.of())))
                .isInstanceOf(OrderRuleException.class).hasMessageContaining("already exists");
    }

    @Test
    @DisplayName("the events of a command carry its correlation id and have it as cause")
    void eventsCarryCorrelation() {
        CommandMessage<CreateOrderCommand> create = CommandMessage.of(new CreateOrderCommand("42", "ana", "EUR",
                List.of(new OrderLine("book", 1, BOOK)))).withCorrelationId("checkout-9");
        world.commands.dispatch(create);
        assertThat(world.store.readAll(EventStore.START, 100)).as("both events").hasSize(2).allSatisfy(e -> {
            assertThat(e.metadata().correlationId()).isEqualTo("checkout-9");
            assertThat(e.metadata().causationId()).isEqualTo(create.commandId().toString());
        });
    }
}
