package dev.microlab.cqrs.testdomain;

import dev.microlab.cqrs.AggregateRoot;
import dev.microlab.cqrs.testdomain.OrderEvent.ItemAdded;
import dev.microlab.cqrs.testdomain.OrderEvent.ItemRemoved;
import dev.microlab.cqrs.testdomain.OrderEvent.OrderConfirmed;
import dev.microlab.cqrs.testdomain.OrderEvent.OrderCreated;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An event-sourced order: created once; items added (to the product's line) and removed while
 * pending; confirmed once it has an item. A refusal is an {@link OrderRuleException}.
 */
public final class Order extends AggregateRoot<OrderEvent> {

    private boolean exists;
    private String customerId;
    private String currency;
    private OrderStatus status;
    private final Map<String, OrderLine> lines = new LinkedHashMap<>();

    public Order(String id) {
        super(id);
    }

    public void create(String customerId, String currency, List<OrderLine> items) {
        if (exists) {
            throw new OrderRuleException("order " + id() + " already exists");
        }
        raise(new OrderCreated(id(), customerId, currency));
        for (OrderLine item : items) {
            addItem(item.productId(), item.quantity(), item.unitPrice());
        }
    }

    public void addItem(String productId, int quantity, Money unitPrice) {
        requirePending();
        if (quantity < 1) {
            throw new OrderRuleException("quantity of " + productId + " must be >= 1, but was " + quantity);
        }
        raise(new ItemAdded(id(), productId, quantity, unitPrice));
    }

    public void removeItem(String productId) {
        requirePending();
        if (!lines.containsKey(productId)) {
            throw new OrderRuleException(productId + " is not in order " + id());
        }
        raise(new ItemRemoved(id(), productId));
    }

    public void confirm() {
        requirePending();
        if (lines.isEmpty()) {
            throw new OrderRuleException("order " + id() + " has no item and cannot be confirmed");
        }
        raise(new OrderConfirmed(id(), total()));
    }

    private void requirePending() {
        if (!exists || status != OrderStatus.PENDING) {
            throw new OrderRuleException("order " + id() + " is " + (exists ? status : "not created"));
        }
    }

    @Override
    protected void apply(OrderEvent event) {
        if (event instanceof OrderCreated e) {
            exists = true;
            customerId = e.customerId();
            currency = e.currency();
            status = OrderStatus.PENDING;
        } else if (event instanceof ItemAdded e) {
            OrderLine line = lines.get(e.productId());
            int quantity = line == null ? e.quantity() : line.quantity() + e.quantity();
            lines.put(e.productId(), new OrderLine(e.productId(), quantity, e.unitPrice()));
        } else if (event instanceof ItemRemoved e) {
            lines.remove(e.productId());
        } else if (event instanceof OrderConfirmed) {
            status = OrderStatus.CONFIRMED;
        }
    }

    public boolean exists() {
        return exists;
    }

    public Optional<OrderStatus> status() {
        return Optional.ofNullable(status);
    }

    public List<OrderLine> lines() {
        return List.copyOf(lines.values());
    }

    public Money total() {
        Money sum = Money.zero(currency == null ? "EUR" : currency);
        for (OrderLine line : lines.values()) {
            sum = sum.plus(line.lineTotal());
        }
        return sum;
    }

    OrderSnapshotCodec.State state() {
        return new OrderSnapshotCodec.State(exists, customerId, currency, status, lines());
    }

    static Order restore(String id, OrderSnapshotCodec.State state) {
        Order order = new Order(id);
        order.exists = state.exists();
        order.customerId = state.customerId();
        order.currency = state.currency();
        order.status = state.status();
        state.lines().forEach(line -> order.lines.put(line.productId(), line));
        return order;
    }
}
