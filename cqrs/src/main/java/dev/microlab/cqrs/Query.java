package dev.microlab.cqrs;

/**
 * A question to a read model, typed by its answer: {@code record GetOrderSummary(String orderId)
 * implements Query<Optional<OrderSummary>>} lets {@link QueryBus#query} return an
 * {@code Optional<OrderSummary>} without a cast.
 *
 * <pre>{@code
 * record GetOrderSummary(String orderId) implements Query<Optional<OrderSummary>> { }
 * Optional<OrderSummary> s = queries.query(new GetOrderSummary("42"));
 * }</pre>
 *
 * <p>Implementations should be immutable records, and so threadsafe.
 *
 * @param <R> the answer's type
 */
public interface Query<R> {
}
