package dev.microlab.registry;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The circuit breaker of one instance, as a {@link ServiceClient} uses it with
 * {@link ServiceClient.Builder#circuitBreakerPerInstance}: before calling an instance the client asks
 * {@link #tryAcquirePermission()}; an instance that refuses (its breaker is open) is skipped and the
 * load balancer picks among the others. Because the client asks on every pick, an open breaker gets
 * its half-open trial as soon as its wait is over, without a scheduler. A refusal is not a failure of
 * the instance: nothing is recorded for it.
 *
 * <p>The methods are those of {@code dev.microlab.circuitbreaker.CircuitBreaker}, so one breaker per
 * instance is a method-reference adapter away (this module does not depend on the breaker module):
 *
 * <pre>{@code
 * ServiceClient client = ServiceClient.builder(registry, "payments")
 *         .circuitBreakerPerInstance(instance -> {
 *             CircuitBreaker cb = CircuitBreaker.of("payments/" + instance.instanceId(), config);
 *             return InstanceCircuitBreaker.of(cb::tryAcquirePermission, cb::releasePermission,
 *                     cb::onSuccess, cb::onError);
 *         })
 *         .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
public interface InstanceCircuitBreaker {

    /** Whether a call may go to the instance now; a true answer must be followed by one of the other methods. */
    boolean tryAcquirePermission();

    /** Gives back a permission that was not used for a call. */
    void releasePermission();

    /** The call succeeded (the {@link OutcomeClassifier} said so) after {@code durationNanos}. */
    void onSuccess(long durationNanos);

    /**
     * The call failed after {@code durationNanos}: {@code error} is what it threw, or an
     * {@link InstanceCallFailedException} when it returned a result classified as a failure.
     */
    void onError(long durationNanos, Throwable error);

    /** Records a failed call: the shape of {@code CircuitBreaker::onError}. */
    @FunctionalInterface
    interface ErrorRecorder {
        /** Records a call that failed with {@code error} after {@code durationNanos}. */
        void onError(long durationNanos, Throwable error);
    }

    /**
     * A breaker made of four functions, typically method references to a real circuit breaker.
     *
     * @throws NullPointerException naming the parameter that is null
     */
    static InstanceCircuitBreaker of(BooleanSupplier tryAcquirePermission, Runnable releasePermission,
                                     LongConsumer onSuccess, ErrorRecorder onError) {
        Objects.requireNonNull(tryAcquirePermission, "tryAcquirePermission must not be null");
        Objects.requireNonNull(releasePermission, "releasePermission must not be null");
        Objects.requireNonNull(onSuccess, "onSuccess must not be null");
        Objects.requireNonNull(onError, "onError must not be null");
        return new InstanceCircuitBreaker() {
            @Override
            public boolean tryAcquirePermission() {
                return tryAcquirePermission.getAsBoolean();
            }

            @Override
            public void releasePermission() {
                releasePermission.run();
            }

            @Override
            public void onSuccess(long durationNanos) {
                onSuccess.accept(durationNanos);
            }

            @Override
            public void onError(long durationNanos, Throwable error) {
                onError.onError(durationNanos, error);
            }
        };
    }
}
