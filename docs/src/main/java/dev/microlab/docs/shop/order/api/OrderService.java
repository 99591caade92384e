package dev.microlab.docs.shop.order.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The order service's contract: place an order (which runs the order saga across inventory,
 * payment and shipping) and read orders from its read model (CQRS: commands change the order
 * streams, queries read a projection of them).
 *
 * <pre>{@code
 * OrderReceipt receipt = orders.placeOrder(new PlaceOrder("o1", "alice", "book", 2, 1_250))
 *         .toCompletableFuture().get();
 * Optional<OrderView> view = orders.order(new GetOrder("o1"));
 * }</pre>
 *
 * <p>Implementations are threadsafe.
 */
public interface OrderService {

    /**
     * Places the order and runs its saga; the stage completes when the saga has ended:
     * shipped, or cancelled with every earlier step compensated. Placing an order id that
     * exists already answers with that order as it stands and starts nothing.
     */
    CompletionStage<OrderReceipt> placeOrder(PlaceOrder command);

    /** The order as the read model has it, if it exists. */
    Optional<OrderView> order(GetOrder query);

    /** Every order in the read model, in the order they were placed. */
    List<OrderView> orders();
}
