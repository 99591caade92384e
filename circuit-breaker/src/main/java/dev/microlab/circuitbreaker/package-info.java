/**
 * The circuit breaker and the policy stack around it.
 *
 * <p>Start with {@link dev.microlab.circuitbreaker.CircuitBreaker}; configure it with
 * {@link dev.microlab.circuitbreaker.CircuitBreakerConfig}; keep one per backend in a
 * {@link dev.microlab.circuitbreaker.CircuitBreakerRegistry}; combine it with retry, rate
 * limiter, timeout and bulkhead in a {@link dev.microlab.circuitbreaker.PolicyStack}. The guide
 * is {@code docs/circuit-breaker.md}.
 *
 * <p>Reading the implementation: the breaker's states are package-private classes here, one file
 * each ({@code ClosedState}, {@code OpenState}, {@code HalfOpenState}, {@code DisabledState},
 * {@code ForcedOpenState}, {@code MetricsOnlyState}, behind {@code BreakerState}); the class
 * Javadoc of {@code CircuitBreaker} maps its methods.
 */
package dev.microlab.circuitbreaker;
