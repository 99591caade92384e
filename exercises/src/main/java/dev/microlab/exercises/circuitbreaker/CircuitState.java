package dev.microlab.exercises.circuitbreaker;

/** The three states of a circuit breaker. */
public enum CircuitState {
    /** Calls go through; consecutive failures are counted. */
    CLOSED,
    /** Calls are rejected at once, without touching the failing service, until the open timeout passes. */
    OPEN,
    /** Trial calls go through: enough successes close the circuit, one failure opens it again. */
    HALF_OPEN
}
