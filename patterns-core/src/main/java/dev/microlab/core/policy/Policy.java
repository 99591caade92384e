package dev.microlab.core.policy;

import dev.microlab.core.function.CheckedSupplier;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A resilience policy that wraps a call: retry, bulkhead, rate limiter, timeout, circuit
 * breaker. Every policy implements this one interface, so a policy stack can be composed in
 * one place without knowing which policies it holds.
 *
 * <p>{@code decorate} returns a call that applies the policy each time it is invoked; the
 * policy itself holds the shared state (permits, counters), the decorated call holds none.
 *
 * <h2>What a call throws: one rule for every policy</h2>
 *
 * <p>Anything a call throws — an unchecked exception, a checked one (declared, or thrown
 * sneakily), an {@link Error} — is an outcome of the call, handled the same way by Retry,
 * Bulkhead, RateLimiter and TimeLimiter:
 * <ul>
 *   <li>asynchronous ({@code executeCompletionStage}, {@link #decorateAsync}): a supplier that
 *       throws fails the returned stage with what it threw, exactly as if the stage it should
 *       have returned had failed; the call never throws it at the caller;</li>
 *   <li>blocking ({@code execute*}, {@link #decorate}): what the call threw reaches the caller
 *       unchanged (never wrapped), after the policy has cleaned up (a bulkhead permit is given
 *       back);</li>
 *   <li>a policy that decides on failures (a retry's {@code retryOnException}) sees Errors like
 *       any other failure, in blocking and asynchronous calls alike; its defaults retry only
 *       {@link Exception}s.</li>
 * </ul>
 * The one exception is a {@link VirtualMachineError} (out of memory, stack overflow): it is
 * rethrown at once, untouched, because the JVM may not be able to go on.
 *
 * <p>Implementations must be thread-safe: one decorated call may run on many threads at once.
 */
public interface Policy {

    /**
     * The policy instance's name, used in exceptions, events and logs. The one naming rule of
     * every policy (Retry, Bulkhead, RateLimiter, TimeLimiter, CircuitBreaker, PolicyStack): a name
     * is neither null nor blank; a factory given one throws {@link NullPointerException} or
     * {@link IllegalArgumentException} naming {@code name}.
     */
    String name();

    /**
     * Wraps a blocking call. The returned call throws what the policy decides: the call's own
     * exception, or the policy's rejection (e.g. a bulkhead-full exception).
     */
    <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call);

    /**
     * Wraps an asynchronous call. The supplier is invoked each time the policy lets the call
     * start (a retry invokes it again); the outcome is the stage it returns, completed
     * exceptionally with the policy's rejection when the policy refuses.
     */
    <T> Supplier<CompletionStage<T>> decorateAsync(Supplier<CompletionStage<T>> call);
}
