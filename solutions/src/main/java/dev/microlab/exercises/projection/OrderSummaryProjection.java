package dev.microlab.exercises.projection;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Exercise 9: a CQRS projection — the "my orders" read model, built from the order events.
 *
 * <p>It is <em>idempotent by position</em>: an event at or below the checkpoint was already
 * applied and is skipped, so a feed that delivers an event twice does no harm. It is
 * <em>restartable</em>: the checkpoint is stored with the read model, so a new projection on
 * the same store {@link #catchUp catches up} from where the last one stopped. An event it cannot
 * apply (an item for an order it never saw placed) stops it at its checkpoint with an
 * {@link IllegalStateException}, rather than skipping the event and serving wrong rows.
 *
 * <pre>{@code
 * OrderSummaryProjection projection = new OrderSummaryProjection(store);
 * projection.catchUp(eventStore::readAfter);
 * List<OrderSummary> mine = projection.ordersOf("customer-7");
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class OrderSummaryProjection {

    private final ProjectionStore store;

    public OrderSummaryProjection(ProjectionStore store) {
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    /**
     * Applies {@code positioned} unless it was applied already.
     *
     * @throws IllegalStateException if the event refers to an order that was never placed;
     *                               the checkpoint does not move
     */
    public synchronized void handle(PositionedEvent positioned) {
        Objects.requireNonNull(positioned, "positioned must not be null");
        if (positioned.position() <= store.checkpoint()) {
            return;
        }
        ShopEvent event = positioned.event();
        store.save(apply(event), positioned.position());
    }

    /** Handles every event of {@code feed} after the checkpoint, in order; returns how many were applied. */
    public synchronized int catchUp(EventFeed feed) {
        Objects.requireNonNull(feed, "feed must not be null");
        int applied = 0;
        for (PositionedEvent event : feed.readAfter(store.checkpoint())) {
            long before = store.checkpoint();
            handle(event);
            if (store.checkpoint() != before) {
                applied++;
            }
        }
        return applied;
    }

    /** The summary of {@code orderId}, if the projection has seen it placed. */
    public Optional<OrderSummary> find(String orderId) {
        Objects.requireNonNull(orderId, "orderId must not be null");
        return store.find(orderId);
    }

    /** The summaries of {@code customerId}'s orders, by order id. */
    public List<OrderSummary> ordersOf(String customerId) {
        Objects.requireNonNull(customerId, "customerId must not be null");
        return store.all().stream().filter(s -> s.customerId().equals(customerId))
                .sorted(Comparator.comparing(OrderSummary::orderId)).toList();
    }

    /** The position of the last event applied. */
    public long position() {
        return store.checkpoint();
    }

    private OrderSummary apply(ShopEvent event) {
        if (event instanceof OrderPlaced placed) {
            return new OrderSummary(placed.orderId(), placed.customerId(), 0, BigDecimal.ZERO, "PLACED");
        }
        OrderSummary current = store.find(event.orderId()).orElseThrow(() -> new IllegalStateException(
                "cannot apply " + event + ": order " + event.orderId() + " was never placed"));
        if (event instanceof ItemAdded added) {
            BigDecimal line = added.unitPrice().multiply(BigDecimal.valueOf(added.quantity()));
            return new OrderSummary(current.orderId(), current.customerId(), current.itemCount() + added.quantity(),
                    current.total().add(line), current.status());
        }
        return new OrderSummary(current.orderId(), current.customerId(), current.itemCount(), current.total(), "SHIPPED");
    }
}
