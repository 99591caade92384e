/**
 * The circuit breaker and the policy stack around it.
 *
 * <p>Start with {@link dev.microlab.circuitbreaker.CircuitBreaker}; configure it with
 * {@link dev.microlab.circuitbreaker.CircuitBreakerConfig}; keep one per backend in a
 * {@link dev.microlab.circuitbreaker.CircuitBreakerRegistry}; combine it with retry, rate
 * limiter, timeout and bulkhead in a {@link dev.microlab.circuitbreaker.PolicyStack}. The guide
 * is {@code docs/circuit-breaker.md}.
 */
package dev.microlab.circuitbreaker;
