package dev.microlab.examples.order;

import dev.microlab.cqrs.CommandValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the shape of order commands before they reach the aggregate: ids present and
 * usable in a stream name, quantities positive, prices present, a cancellation reason given.
 *
 * <p>This class is threadsafe (stateless).
 */
public final class OrderCommandValidator implements CommandValidator {

    @Override
    public List<String> violations(Object command) {
        List<String> problems = new ArrayList<>();
        if (!(command instanceof OrderCommands c)) {
            return problems;
        }
        id("orderId", c.orderId(), problems);
        if (c instanceof OrderCommands.CreateOrderCommand create) {
            text("customerId", create.customerId(), problems);
            text("currency", create.currency(), problems);
            for (OrderLine line : create.items()) {
                item(line.productId(), line.quantity(), line.unitPrice(), problems);
            }
        } else if (c instanceof OrderCommands.AddItemCommand add) {
            item(add.productId(), add.quantity(), add.unitPrice(), problems);
        } else if (c instanceof OrderCommands.RemoveItemCommand remove) {
            text("productId", remove.productId(), problems);
        } else if (c instanceof OrderCommands.CancelOrderCommand cancel) {
            text("reason", cancel.reason(), problems);
        }
        return problems;
    }

    private static void id(String field, String value, List<String> problems) {
        if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,99}")) {
            problems.add(field + " must be 1 to 100 ASCII letters, digits and . _ : @ + = -, but was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static void text(String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " must not be blank, but was " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static void item(String productId, int quantity, Money unitPrice, List<String> problems) {
        text("productId", productId, problems);
        if (quantity < 1 || quantity > Order.MAX_LINE_QUANTITY) {
            problems.add("quantity must be in [1, " + Order.MAX_LINE_QUANTITY + "], but was " + quantity);
        }
        if (unitPrice == null) {
            problems.add("unitPrice must not be null");
        } else if (unitPrice.minorUnits() < 0) {
            problems.add("unitPrice must not be negative, but was " + unitPrice);
        }
    }
}
