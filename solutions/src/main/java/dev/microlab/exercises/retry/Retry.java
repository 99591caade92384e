package dev.microlab.exercises.retry;

import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.time.Sleeper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Exercise 4, part 2: retries a call that fails with a retryable exception, waiting a
 * {@link Backoff} delay between attempts.
 *
 * <p>At most {@code maxAttempts} attempts (the first call included). An exception that
 * {@code retryOn} rejects is thrown at once. When the attempts are used up, the last exception is
 * thrown with the earlier ones attached as suppressed. If the wait is interrupted, retrying stops:
 * the thread's interrupt flag is set again and the {@link InterruptedException} is thrown.
 *
 * <pre>{@code
 * Retry retry = new Retry(5, backoff, e -> e instanceof IOException, Sleeper.system());
 * String page = retry.call(() -> http.get(url));
 * }</pre>
 *
 * <p>This class is threadsafe if its backoff, predicate and sleeper are.
 */
public final class Retry {

    private final int maxAttempts;
    private final Backoff backoff;
    private final Predicate<? super Exception> retryOn;
    private final Sleeper sleeper;

    /**
     * @param maxAttempts attempts in all, the first call included; at least 1
     * @param backoff     the delay before each retry
     * @param retryOn     which exceptions are worth a retry
     * @param sleeper     how to wait ({@code Sleeper.system()}, or a recording one in tests)
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public Retry(int maxAttempts, Backoff backoff, Predicate<? super Exception> retryOn, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff must not be null");
        this.retryOn = Objects.requireNonNull(retryOn, "retryOn must not be null");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
    }

    /**
     * Calls {@code operation} until it succeeds, fails with an exception not worth a retry, or
     * the attempts are used up.
     *
     * @return the result of the first successful attempt
     * @throws Exception the exception that ended the retries (see the class description)
     */
    public <T> T call(CheckedSupplier<T> operation) throws Exception {
        Objects.requireNonNull(operation, "operation must not be null");
        List<Exception> earlier = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (Exception failure) {
                if (!retryOn.test(failure) || attempt >= maxAttempts) {
                    earlier.forEach(failure::addSuppressed);
                    throw failure;
                }
                earlier.add(failure);
                try {
                    sleeper.sleep(backoff.delayBeforeRetry(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw interrupted;
                }
            }
        }
    }
}
