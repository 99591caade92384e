package dev.microlab.exercises.retry;

import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.time.Sleeper;
import java.util.function.Predicate;

/**
 * Exercise 4, part 2: retries a call that fails with a retryable exception, waiting a
 * {@link Backoff} delay between attempts. Instructions: {@code exercises/instructions/04-retry/README.md}.
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
 */
public final class Retry {

    /**
     * @param maxAttempts attempts in all, the first call included; at least 1
     * @param backoff     the delay before each retry
     * @param retryOn     which exceptions are worth a retry
     * @param sleeper     how to wait ({@code Sleeper.system()}, or a recording one in tests)
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public Retry(int maxAttempts, Backoff backoff, Predicate<? super Exception> retryOn, Sleeper sleeper) {
        throw new UnsupportedOperationException("TODO: validate and keep the settings");
    }

    /**
     * Calls {@code operation} until it succeeds, fails with an exception not worth a retry, or
     * the attempts are used up.
     *
     * @return the result of the first successful attempt
     * @throws Exception the exception that ended the retries (see the class description)
     */
    public <T> T call(CheckedSupplier<T> operation) throws Exception {
        throw new UnsupportedOperationException("TODO: attempt, and on a retryable failure sleep and try again");
    }
}
