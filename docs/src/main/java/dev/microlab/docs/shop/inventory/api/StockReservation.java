package dev.microlab.docs.shop.inventory.api;

import java.util.Objects;

/**
 * DTO: the answer to {@link ReserveStock}.
 *
 * <pre>{@code
 * String id = inventory.reserve(command).reservationId();
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param reservationId identifies the reservation
 * @param orderId       the order it is for
 * @param sku           the stock keeping unit
 * @param quantity      how many units
 */
public record StockReservation(String reservationId, String orderId, String sku, int quantity) {

    /** Validates: no nulls. */
    public StockReservation {
        Objects.requireNonNull(reservationId, "reservationId must not be null");
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(sku, "sku must not be null");
    }
}
