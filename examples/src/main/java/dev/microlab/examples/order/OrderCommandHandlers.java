package dev.microlab.examples.order;

import dev.microlab.cqrs.AggregateRepository;
import dev.microlab.cqrs.CommandBus;
import dev.microlab.examples.order.OrderCommands.AddItemCommand;
import dev.microlab.examples.order.OrderCommands.CancelOrderCommand;
import dev.microlab.examples.order.OrderCommands.ConfirmOrderCommand;
import dev.microlab.examples.order.OrderCommands.CreateOrderCommand;
import dev.microlab.examples.order.OrderCommands.RemoveItemCommand;
import java.util.Objects;

/**
 * The order's command handlers: each one loads the order, calls one business method and
 * saves, through {@link AggregateRepository#update}.
 *
 * <pre>{@code
 * OrderCommandHandlers.registerOn(bus, orders);
 * bus.dispatch(new ConfirmOrderCommand("42"));
 * }</pre>
 *
 * <p>This class is threadsafe (stateless).
 */
public final class OrderCommandHandlers {

    private OrderCommandHandlers() {
    }

    /**
     * Registers a handler for each order command on {@code bus}.
     *
     * @throws IllegalStateException if one of them already has a handler
     */
    public static void registerOn(CommandBus bus, AggregateRepository<Order, OrderEvent> orders) {
        Objects.requireNonNull(bus, "bus must not be null");
        Objects.requireNonNull(orders, "orders must not be null");
        bus.register(CreateOrderCommand.class, m -> orders.update(m.payload().orderId(), m,
                order -> order.create(m.payload().customerId(), m.payload().currency(), m.payload().items())));
        bus.register(AddItemCommand.class, m -> orders.update(m.payload().orderId(), m,
                order -> order.addItem(m.payload().productId(), m.payload().quantity(), m.payload().unitPrice())));
        bus.register(RemoveItemCommand.class, m -> orders.update(m.payload().orderId(), m,
                order -> order.removeItem(m.payload().productId())));
        bus.register(ConfirmOrderCommand.class, m -> orders.update(m.payload().orderId(), m, Order::confirm));
        bus.register(CancelOrderCommand.class, m -> orders.update(m.payload().orderId(), m,
                order -> order.cancel(m.payload().reason())));
    }
}
