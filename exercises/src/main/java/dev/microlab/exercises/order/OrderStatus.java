package dev.microlab.exercises.order;

/** Where an order is in its life. */
public enum OrderStatus {
    /** Being put together: items may be added. */
    PENDING,
    /** Confirmed by the customer: it can no longer change. */
    CONFIRMED
}
