package dev.microlab.docs.shop.shipping.api;

import java.util.Optional;

/**
 * The shipping service's contract: schedule the shipment of a paid order and look it up.
 * Shipping is the order saga's point of no return: once a parcel leaves, nothing undoes it.
 *
 * <pre>{@code
 * Shipment s = shipping.schedule(new ScheduleShipment(key, "o1", "book", 2));
 * }</pre>
 *
 * <p>The same idempotency key twice schedules one shipment and returns it again.
 * Implementations are threadsafe.
 */
public interface ShippingService {

    /** Schedules the shipment (or returns the one this key scheduled). */
    Shipment schedule(ScheduleShipment command);

    /** The shipment of {@code orderId}, if one was scheduled. */
    Optional<Shipment> shipmentOf(String orderId);

    /** When the goods of {@code query} would arrive if shipped now. */
    ShippingEstimate estimate(EstimateDelivery query);
}
