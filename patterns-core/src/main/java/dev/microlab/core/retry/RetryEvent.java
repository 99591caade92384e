package dev.microlab.core.retry;

import java.time.Duration;

/**
 * What a {@link Retry} decided after an attempt, published through {@link Retry#eventPublisher()}.
 *
 * <pre>{@code
 * retry.eventPublisher().subscribe(event -> {
 *     if (event instanceof RetryEvent.RetryScheduled scheduled) {
 *         log.info("attempt {} failed, retrying in {}", scheduled.attempt(), scheduled.delay());
 *     }
 * });
 * }</pre>
 *
 * <p>This class is threadsafe (immutable records).
 */
public sealed interface RetryEvent {

    /** The retry that published the event. */
    String retryName();

    /**
     * Attempt {@code attempt} failed and another one starts after {@code delay}.
     *
     * @param cause the exception of the failed attempt, or null when a result matching
     *     {@code retryOnResult} caused the retry
     */
    record RetryScheduled(String retryName, int attempt, Duration delay, Throwable cause)
            implements RetryEvent {
    }

    /** The call succeeded after {@code attempts} attempts (1 = no retry was needed). */
    record Succeeded(String retryName, int attempts) implements RetryEvent {
    }

    /**
     * The retry gave up after {@code attempts} attempts: out of attempts or out of time.
     *
     * @param lastFailure the last attempt's exception, or null when its result matched
     *     {@code retryOnResult} (that result is returned to the caller)
     */
    record Exhausted(String retryName, int attempts, Throwable lastFailure) implements RetryEvent {
    }

    /** An exception matching {@code abortOn} stopped the retry at once. */
    record Aborted(String retryName, int attempts, Throwable cause) implements RetryEvent {
    }

    /** An exception not matching {@code retryOnException} was passed on without retrying. */
    record IgnoredError(String retryName, int attempts, Throwable error) implements RetryEvent {
    }
}
