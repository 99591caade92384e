package dev.microlab.docs.shop.order.internal;

import dev.microlab.docs.shop.order.api.OrderEvent;
import dev.microlab.docs.shop.order.api.OrderStatus;
import dev.microlab.docs.shop.order.api.OrderView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The order read model: one {@link OrderView} per order, built by the {@code order-views}
 * projection from the order events. Immutable: each event makes a new model.
 *
 * <pre>{@code
 * OrderReadModel model = OrderReadModel.EMPTY.placed(placedEvent).update("o1", v -> v.paid("pay-1"));
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class OrderReadModel {

    /** No orders. */
    public static final OrderReadModel EMPTY = new OrderReadModel(Map.of(), List.of());

    private final Map<String, OrderView> views;
    private final List<String> placementOrder;

    private OrderReadModel(Map<String, OrderView> views, List<String> placementOrder) {
        this.views = views;
        this.placementOrder = placementOrder;
    }

    /** The model with the new order. */
    public OrderReadModel placed(OrderEvent.OrderPlaced e) {
        if (views.containsKey(e.orderId())) {
            return this;
        }
        Map<String, OrderView> next = new LinkedHashMap<>(views);
        next.put(e.orderId(), new OrderView(e.orderId(), e.customerId(), e.sku(), e.quantity(), e.totalCents(),
                OrderStatus.PLACED, "", ""));
        List<String> order = new ArrayList<>(placementOrder);
        order.add(e.orderId());
        return new OrderReadModel(Map.copyOf(next), List.copyOf(order));
    }

    /** The model with order {@code orderId} changed by {@code change} (unchanged if unknown). */
    public OrderReadModel update(String orderId, UnaryOperator<OrderView> change) {
        OrderView view = views.get(orderId);
        if (view == null) {
            return this;
        }
        Map<String, OrderView> next = new LinkedHashMap<>(views);
        next.put(orderId, change.apply(view));
        return new OrderReadModel(Map.copyOf(next), placementOrder);
    }

    /** The order, if known. */
    public Optional<OrderView> find(String orderId) {
        return Optional.ofNullable(views.get(orderId));
    }

    /** Every order, in placement order. */
    public List<OrderView> all() {
        return placementOrder.stream().map(views::get).toList();
    }
}
