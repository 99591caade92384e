package dev.microlab.examples.order;

import java.util.List;
import java.util.Objects;

/**
 * The commands an order accepts: requests, which the {@link Order} may refuse. Their shape is
 * checked by {@link OrderCommandValidator}; their business rules by the aggregate.
 *
 * <p>Every command is an immutable record, so this type is threadsafe.
 */
public sealed interface OrderCommands {

    /** The order the command is for. */
    String orderId();

    /** Opens order {@code orderId} (chosen by the client, so a re-send is recognised) with its first items. */
    record CreateOrderCommand(String orderId, String customerId, String currency, List<OrderLine> items)
            implements OrderCommands {
        /** Copies the items. */
        public CreateOrderCommand {
            items = List.copyOf(Objects.requireNonNull(items, "items must not be null"));
        }
    }

    /** Adds {@code quantity} of a product. */
    record AddItemCommand(String orderId, String productId, int quantity, Money unitPrice) implements OrderCommands {
    }

    /** Removes a product's line. */
    record RemoveItemCommand(String orderId, String productId) implements OrderCommands {
    }

    /** Confirms the order. */
    record ConfirmOrderCommand(String orderId) implements OrderCommands {
    }

    /** Cancels the order. */
    record CancelOrderCommand(String orderId, String reason) implements OrderCommands {
    }
}
