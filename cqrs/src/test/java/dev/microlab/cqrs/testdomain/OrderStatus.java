package dev.microlab.cqrs.testdomain;

/** PENDING until confirmed. */
public enum OrderStatus {
    PENDING,
    CONFIRMED
}
