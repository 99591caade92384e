package dev.microlab.docs.shop.order.api;

/**
 * The order service: places an order by running the order saga across inventory, payment and
 * shipping, and says how it ended.
 *
 * <pre>{@code
 * OrderPlaced placed = orders.place(new PlaceOrderCommand("o1", "book", 1, 2_500));
 * }</pre>
 *
 * <p>Implementations are threadsafe.
 */
public interface OrderApi {

    /** Runs the order saga to its end. */
    OrderPlaced place(PlaceOrderCommand command);
}
