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
 * <p>Implementations must be thread-safe: one decorated call may run on many threads at once.
 */
public interface Policy {

    /** The policy instance's name, used in exceptions, events and logs. */
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
