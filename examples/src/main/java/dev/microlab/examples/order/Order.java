package dev.microlab.examples.order;

import dev.microlab.cqrs.AggregateRoot;
import dev.microlab.examples.order.OrderEvent.ItemAdded;
import dev.microlab.examples.order.OrderEvent.ItemRemoved;
import dev.microlab.examples.order.OrderEvent.OrderCancelled;
import dev.microlab.examples.order.OrderEvent.OrderConfirmed;
import dev.microlab.examples.order.OrderEvent.OrderCreated;
import dev.microlab.examples.order.OrderRuleException.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The course's order as an event-sourced aggregate: it decides on commands against its rules
 * and records the outcome as {@link OrderEvent}s.
 *
 * <p>Its rules (each refusal is an {@link OrderRuleException} naming the {@link Rule}):
 * <ul>
 *   <li>it is created once, for a customer and a currency; every other command needs it to exist;</li>
 *   <li>items can be added and removed only while it is {@link OrderStatus#PENDING}: once
 *       confirmed or cancelled it refuses to change;</li>
 *   <li>a quantity is at least 1, a line holds at most {@value #MAX_LINE_QUANTITY}; adding a
 *       product it already has adds to its line, at the same unit price and currency;</li>
 *   <li>it cannot be confirmed when it has no item, nor twice;</li>
 *   <li>it can be cancelled while pending or confirmed (nothing is shipped in this example),
 *       but not twice.</li>
 * </ul>
 *
 * <pre>{@code
 * Order order = new Order("42");
 * order.create("ana", "EUR", List.of());
 * order.addItem("book", 2, Money.of("EUR", 1250));
 * order.confirm();
 * order.pendingEvents();   // OrderCreated, ItemAdded, OrderConfirmed(total 25.00 EUR)
 * }</pre>
 *
 * <p>This class is not threadsafe: one instance serves one command (see {@link AggregateRoot}).
 */
public final class Order extends AggregateRoot<OrderEvent> {

    /** The largest quantity one line may hold. */
    public static final int MAX_LINE_QUANTITY = 1_000;

    private boolean exists;
    private String customerId;
    private String currency;
    private OrderStatus status;
    private final Map<String, OrderLine> lines = new LinkedHashMap<>();

    /** An order with no history. */
    public Order(String id) {
        super(id);
    }

    /**
     * Opens the order, with its first items (may be empty).
     *
     * @throws OrderRuleException ALREADY_EXISTS, CURRENCY_MISMATCH, PRICE_MISMATCH, INVALID_QUANTITY
     */
    public void create(String customerId, String currency, List<OrderLine> items) {
        Objects.requireNonNull(customerId, "customerId must not be null");
        Objects.requireNonNull(currency, "currency must not be null");
        Objects.requireNonNull(items, "items must not be null");
        if (exists) {
            throw new OrderRuleException(Rule.ALREADY_EXISTS, "order " + id() + " already exists (for customer "
                    + this.customerId + ")");
        }
        Money.zero(currency); // rejects an unknown currency before anything is raised
        raise(new OrderCreated(id(), customerId, currency));
        for (OrderLine item : items) {
            addItem(item.productId(), item.quantity(), item.unitPrice());
        }
    }

    /**
     * Adds {@code quantity} of a product at {@code unitPrice}.
     *
     * @throws OrderRuleException NOT_FOUND, NOT_MODIFIABLE, INVALID_QUANTITY, CURRENCY_MISMATCH, PRICE_MISMATCH
     */
    public void addItem(String productId, int quantity, Money unitPrice) {
        Objects.requireNonNull(productId, "productId must not be null");
        Objects.requireNonNull(unitPrice, "unitPrice must not be null");
        requireModifiable("add an item to");
        if (quantity < 1) {
            throw new OrderRuleException(Rule.INVALID_QUANTITY, "quantity of " + productId + " must be >= 1, but was "
                    + quantity);
        }
        if (!unitPrice.currency().equals(currency)) {
            throw new OrderRuleException(Rule.CURRENCY_MISMATCH, "order " + id() + " is priced in " + currency
                    + ", but " + productId + " was priced " + unitPrice);
        }
        if (unitPrice.minorUnits() < 0) {
            throw new OrderRuleException(Rule.PRICE_MISMATCH, "unit price of " + productId
                    + " must not be negative, but was " + unitPrice);
        }
        OrderLine existing = lines.get(productId);
        int newQuantity = quantity;
        if (existing != null) {
            if (!existing.unitPrice().equals(unitPrice)) {
                throw new OrderRuleException(Rule.PRICE_MISMATCH, productId + " is already in order " + id() + " at "
                        + existing.unitPrice() + ", it cannot be added at " + unitPrice);
            }
            newQuantity = existing.quantity() + quantity;
        }
        if (newQuantity > MAX_LINE_QUANTITY) {
            throw new OrderRuleException(Rule.INVALID_QUANTITY, "a line holds at most " + MAX_LINE_QUANTITY + " units,"
                    + " but " + productId + " would have " + newQuantity);
        }
        raise(new ItemAdded(id(), productId, quantity, unitPrice));
    }

    /**
     * Removes a product's line.
     *
     * @throws OrderRuleException NOT_FOUND, NOT_MODIFIABLE, ITEM_NOT_IN_ORDER
     */
    public void removeItem(String productId) {
        Objects.requireNonNull(productId, "productId must not be null");
        requireModifiable("remove an item from");
        if (!lines.containsKey(productId)) {
            throw new OrderRuleException(Rule.ITEM_NOT_IN_ORDER, productId + " is not in order " + id()
                    + "; it holds " + lines.keySet());
        }
        raise(new ItemRemoved(id(), productId));
    }

    /**
     * Confirms the order at its current total.
     *
     * @throws OrderRuleException NOT_FOUND, NOT_MODIFIABLE (already confirmed or cancelled), EMPTY_ORDER
     */
    public void confirm() {
        requireModifiable("confirm");
        if (lines.isEmpty()) {
            throw new OrderRuleException(Rule.EMPTY_ORDER, "order " + id() + " has no item and cannot be confirmed");
        }
        raise(new OrderConfirmed(id(), total()));
    }

    /**
     * Cancels the order, pending or confirmed.
     *
     * @throws OrderRuleException NOT_FOUND, ALREADY_CANCELLED
     */
    public void cancel(String reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        requireExists();
        if (status == OrderStatus.CANCELLED) {
            throw new OrderRuleException(Rule.ALREADY_CANCELLED, "order " + id() + " is already cancelled");
        }
        raise(new OrderCancelled(id(), reason));
    }

    private void requireExists() {
        if (!exists) {
            throw new OrderRuleException(Rule.NOT_FOUND, "order " + id() + " does not exist");
        }
    }

    private void requireModifiable(String action) {
        requireExists();
        if (status != OrderStatus.PENDING) {
            throw new OrderRuleException(Rule.NOT_MODIFIABLE, "cannot " + action + " order " + id() + ": it is "
                    + status + " and can no longer change");
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
            OrderLine existing = lines.get(e.productId());
            int quantity = existing == null ? e.quantity() : existing.quantity() + e.quantity();
            lines.put(e.productId(), new OrderLine(e.productId(), quantity, e.unitPrice()));
        } else if (event instanceof ItemRemoved e) {
            lines.remove(e.productId());
        } else if (event instanceof OrderConfirmed) {
            status = OrderStatus.CONFIRMED;
        } else if (event instanceof OrderCancelled) {
            status = OrderStatus.CANCELLED;
        }
    }

    /** Whether the order was created. */
    public boolean exists() {
        return exists;
    }

    /** The status, empty before the order is created. */
    public Optional<OrderStatus> status() {
        return Optional.ofNullable(status);
    }

    /** The customer, null before the order is created. */
    public String customerId() {
        return customerId;
    }

    /** The currency, null before the order is created. */
    public String currency() {
        return currency;
    }

    /** The lines, in the order their products were first added. */
    public List<OrderLine> lines() {
        return List.copyOf(new ArrayList<>(lines.values()));
    }

    /** The sum of the line totals. */
    public Money total() {
        Money sum = Money.zero(currency == null ? "EUR" : currency);
        for (OrderLine line : lines.values()) {
            sum = sum.plus(line.lineTotal());
        }
        return sum;
    }

    /** The state for a snapshot. */
    OrderSnapshotCodec.State state() {
        return new OrderSnapshotCodec.State(exists, customerId, currency, status, lines());
    }

    /** An order in a snapshot's state (the repository sets the version). */
    static Order restore(String id, OrderSnapshotCodec.State state) {
        Order order = new Order(id);
        order.exists = state.exists();
        order.customerId = state.customerId();
        order.currency = state.currency();
        order.status = state.status();
        for (OrderLine line : state.lines()) {
            order.lines.put(line.productId(), line);
        }
        return order;
    }
}
