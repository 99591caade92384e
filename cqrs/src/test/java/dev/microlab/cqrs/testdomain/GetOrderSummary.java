package dev.microlab.cqrs.testdomain;

import dev.microlab.cqrs.Query;
import java.util.Optional;

/** Asks for the summary of one order. */
public record GetOrderSummary(String orderId) implements Query<Optional<OrderSummary>> {
}
