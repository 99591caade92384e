/**
 * Implementation details of the circuit breaker: the lock-free sliding windows and the half-open
 * trial permits. Nothing outside
 * the circuit-breaker module may use this package.
 */
package dev.microlab.circuitbreaker.internal;
