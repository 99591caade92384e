package dev.microlab.docs.shop.inventory.internal;

import dev.microlab.core.time.TimeSource;
import dev.microlab.docs.shop.inventory.api.GetStock;
import dev.microlab.docs.shop.inventory.api.InventoryEvent;
import dev.microlab.docs.shop.inventory.api.InventoryService;
import dev.microlab.docs.shop.inventory.api.OutOfStockException;
import dev.microlab.docs.shop.inventory.api.ReleaseStock;
import dev.microlab.docs.shop.inventory.api.ReserveStock;
import dev.microlab.docs.shop.inventory.api.StockLevel;
import dev.microlab.docs.shop.inventory.api.StockReservation;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventTypeRegistry;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory service: stock per SKU, event-sourced in the inventory's own event store (one
 * stream {@code stock-<sku>}), with its current levels and reservations kept beside it.
 *
 * <p>Idempotent per command key: a key seen before is answered with the first answer and writes
 * nothing. A release of an order with no reservation (a compensation whose action never
 * arrived) does nothing.
 *
 * <pre>{@code
 * InventoryLedger inventory = new InventoryLedger(time);
 * inventory.restock("book", 10);
 * inventory.reserve(new ReserveStock("k1", "o1", "book", 2));
 * }</pre>
 *
 * <p>This class is threadsafe: commands are serialized.
 */
public final class InventoryLedger implements InventoryService {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryLedger.class);

    private final EventStore store;
    private final EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
            .register("stock-added", InventoryEvent.StockAdded.class)
            .register("stock-reserved", InventoryEvent.StockReserved.class)
            .register("stock-released", InventoryEvent.StockReleased.class)
            .build());
    private final Map<String, Integer> available = new HashMap<>();
    private final Map<String, StockReservation> reservations = new HashMap<>();
    private final Map<String, Object> answered = new HashMap<>();

    /** An empty inventory whose event store stamps events with {@code time}. */
    public InventoryLedger(TimeSource time) {
        Objects.requireNonNull(time, "time must not be null");
        this.store = InMemoryEventStore.builder().timeSource(time).build();
    }

    /**
     * Adds {@code quantity} units of {@code sku} (a delivery).
     *
     * @throws IllegalArgumentException if quantity is below 1
     */
    public synchronized void restock(String sku, int quantity) {
        Objects.requireNonNull(sku, "sku must not be null");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, but was " + quantity);
        }
        append(new InventoryEvent.StockAdded(sku, quantity));
        available.merge(sku, quantity, Integer::sum);
    }

    @Override
    public synchronized StockReservation reserve(ReserveStock command) {
        Objects.requireNonNull(command, "command must not be null");
        Object earlier = answered.get(command.idempotencyKey());
        if (earlier instanceof StockReservation reservation) {
            return reservation;
        }
        int have = available.getOrDefault(command.sku(), 0);
        if (have < command.quantity()) {
            throw new OutOfStockException(command.sku(), command.quantity(), have);
        }
        append(new InventoryEvent.StockReserved(command.sku(), command.orderId(), command.quantity(),
                command.idempotencyKey()));
        available.put(command.sku(), have - command.quantity());
        StockReservation reservation = new StockReservation("r-" + command.orderId(), command.orderId(),
                command.sku(), command.quantity());
        reservations.put(command.orderId(), reservation);
        LOG.info("reserved {} x {} for order {}", command.quantity(), command.sku(), command.orderId());
        answered.put(command.idempotencyKey(), reservation);
        return reservation;
    }

    @Override
    public synchronized void release(ReleaseStock command) {
        Objects.requireNonNull(command, "command must not be null");
        if (answered.putIfAbsent(command.idempotencyKey(), Boolean.TRUE) != null) {
            return;
        }
        StockReservation reservation = reservations.remove(command.orderId());
        if (reservation == null) {
            return;
        }
        append(new InventoryEvent.StockReleased(reservation.sku(), reservation.orderId(), reservation.quantity()));
        available.merge(reservation.sku(), reservation.quantity(), Integer::sum);
    }

    @Override
    public synchronized StockLevel stock(GetStock query) {
        Objects.requireNonNull(query, "query must not be null");
        int reserved = reservations.values().stream().filter(r -> r.sku().equals(query.sku()))
                .mapToInt(StockReservation::quantity).sum();
        return new StockLevel(query.sku(), available.getOrDefault(query.sku(), 0), reserved);
    }

    /** The events of {@code sku}'s stream, oldest first: the inventory's own record of what happened. */
    public synchronized List<InventoryEvent> history(String sku) {
        return store.readStreamForward(stream(sku), 0, Integer.MAX_VALUE).stream()
                .map(e -> (InventoryEvent) serializer.deserialize(e)).toList();
    }

    /** The inventory's event store, for the composition root (health checks, instrumentation); not for other services. */
    public EventStore store() {
        return store;
    }

    private void append(InventoryEvent event) {
        store.append(stream(event.sku()), ExpectedVersion.ANY, serializer.serialize(event));
    }

    private static StreamName stream(String sku) {
        return StreamName.of("stock-" + sku);
    }
}
