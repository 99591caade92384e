package dev.microlab.cqrs.testdomain;

import java.util.List;

/** The commands an order accepts. */
public sealed interface OrderCommands {

    String orderId();

    record CreateOrderCommand(String orderId, String customerId, String currency, List<OrderLine> items)
            implements OrderCommands {
    }

    record AddItemCommand(String orderId, String productId, int quantity, Money unitPrice) implements OrderCommands {
    }

    record RemoveItemCommand(String orderId, String productId) implements OrderCommands {
    }

    record ConfirmOrderCommand(String orderId) implements OrderCommands {
    }
}
