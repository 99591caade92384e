package dev.microlab.docs.shop.shipping.internal;

import dev.microlab.core.event.EventListener;
import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.TimeSource;
import dev.microlab.docs.shop.shipping.api.EstimateDelivery;
import dev.microlab.docs.shop.shipping.api.ScheduleShipment;
import dev.microlab.docs.shop.shipping.api.Shipment;
import dev.microlab.docs.shop.shipping.api.ShippingEvent;
import dev.microlab.docs.shop.shipping.api.ShippingEstimate;
import dev.microlab.docs.shop.shipping.api.ShippingService;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipping service: a repository of shipments (shipping keeps plain state, not an event
 * store: database per service lets each service pick its own), and a publisher of
 * {@link ShippingEvent}s.
 *
 * <pre>{@code
 * ShipmentBook shipping = new ShipmentBook(time);
 * Shipment s = shipping.schedule(new ScheduleShipment("k1", "o1", "book", 2));
 * }</pre>
 *
 * <p>This class is threadsafe: commands are serialized; listeners run outside the lock.
 */
public final class ShipmentBook implements ShippingService {

    private static final Logger LOG = LoggerFactory.getLogger(ShipmentBook.class);

    private final TimeSource time;
    private final Map<String, Shipment> byOrder = new LinkedHashMap<>();
    private final Map<String, Shipment> answered = new HashMap<>();
    private final EventPublisher<ShippingEvent> events = new EventPublisher<>("shipping");
    private long nextTracking = 1;

    /** An empty shipping service stamping shipments with {@code time}. */
    public ShipmentBook(TimeSource time) {
        this.time = Objects.requireNonNull(time, "time must not be null");
    }

    @Override
    public Shipment schedule(ScheduleShipment command) {
        Objects.requireNonNull(command, "command must not be null");
        Shipment shipment;
        synchronized (this) {
            Shipment earlier = answered.get(command.idempotencyKey());
            if (earlier != null) {
                return earlier;
            }
            shipment = new Shipment(String.format("TRK-%04d", nextTracking++), command.orderId(), command.sku(),
                    command.quantity(), time.instant());
            byOrder.put(command.orderId(), shipment);
            answered.put(command.idempotencyKey(), shipment);
        }
        LOG.info("scheduled shipment {} for order {}", shipment.trackingId(), shipment.orderId());
        events.publish(() -> new ShippingEvent.ShipmentScheduled(shipment.orderId(), shipment.trackingId()));
        return shipment;
    }

    @Override
    public synchronized Optional<Shipment> shipmentOf(String orderId) {
        return Optional.ofNullable(byOrder.get(Objects.requireNonNull(orderId, "orderId must not be null")));
    }

    /** Two days in transit; a parcel of more than ten units goes by freight, four days. */
    @Override
    public ShippingEstimate estimate(EstimateDelivery query) {
        Objects.requireNonNull(query, "query must not be null");
        Duration transit = Duration.ofDays(query.quantity() > 10 ? 4 : 2);
        return new ShippingEstimate(query.sku(), query.quantity(), time.instant().plus(transit));
    }

    /** Subscribes to the shipping events. */
    public EventPublisher.ListenerRegistration subscribe(EventListener<? super ShippingEvent> listener) {
        return events.subscribe(listener);
    }
}
