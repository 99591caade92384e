package dev.microlab.docs.shop.shipping.api;

/**
 * What happened in shipping.
 *
 * <pre>{@code
 * if (event instanceof ShippingEvent.ShipmentScheduled s) { notifyCustomer(s.trackingId()); }
 * }</pre>
 *
 * <p>Implementations are immutable records; this type is threadsafe.
 */
public sealed interface ShippingEvent {

    /**
     * A shipment was scheduled.
     *
     * @param orderId    the order
     * @param trackingId the parcel's tracking number
     */
    record ShipmentScheduled(String orderId, String trackingId) implements ShippingEvent {
    }
}
