package dev.microlab.registry;

import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.policy.Policy;
import java.util.Objects;

/**
 * Wraps each attempt of a {@link ServiceClient} call (choose an instance, take a pool slot, call,
 * record the outcome) with resilience policies: a circuit breaker, a retry, a timeout. A retry
 * placed here re-runs the whole attempt, so it picks an instance again, and {@link ServiceClient}
 * avoids the instances the call already tried (Envoy's {@code previous_hosts} retry predicate). The
 * registry does not depend on any policy module: any {@link Policy#decorate} fits, and so does a
 * lambda. To wrap the call to the chosen instance, knowing which one, use an
 * {@link InstanceCallDecorator}.
 *
 * <pre>{@code
 * ServiceClient client = ServiceClient.builder(registry, "payments")
 *         .callDecorator(CallDecorator.of(retry).andThen(CallDecorator.of(breaker)))   // retry(breaker(attempt))
 *         .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CallDecorator {

    /**
     * Returns a call that runs {@code attempt} under this decorator's policies. The method is not
     * generic, so a decorator can be a lambda: {@code attempt -> retry.decorate(attempt)}.
     */
    CheckedSupplier<Object> decorate(CheckedSupplier<Object> attempt);

    /** No decoration. */
    static CallDecorator identity() {
        return Identity.INSTANCE;
    }

    /** Decorates with {@code policy}. */
    static CallDecorator of(Policy policy) {
        Objects.requireNonNull(policy, "policy must not be null");
        return policy::decorate;
    }

    /** This decorator outside, {@code inner} inside: {@code this(inner(attempt))}. */
    default CallDecorator andThen(CallDecorator inner) {
        Objects.requireNonNull(inner, "inner must not be null");
        return attempt -> decorate(inner.decorate(attempt));
    }

    /** The identity decorator. */
    enum Identity implements CallDecorator {
        /** The one instance. */
        INSTANCE;

        @Override
        public CheckedSupplier<Object> decorate(CheckedSupplier<Object> attempt) {
            return attempt;
        }
    }
}
