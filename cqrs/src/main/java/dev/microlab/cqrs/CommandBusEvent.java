package dev.microlab.cqrs;

import java.time.Duration;
import java.util.UUID;

/**
 * What a {@link CommandBus} and its {@link ConflictRetryInterceptor} report to listeners: one
 * event per command outcome, one per conflict retry. Use them for metrics and audit logs.
 *
 * <pre>{@code
 * bus.eventPublisher().subscribe(e -> {
 *     if (e instanceof CommandBusEvent.CommandFailed f) {
 *         log.info("{} failed: {}", f.commandType().getSimpleName(), f.error().toString());
 *     }
 * });
 * }</pre>
 *
 * <p>Every implementation is an immutable record, so this type is threadsafe.
 */
public sealed interface CommandBusEvent {

    /** The command's class. */
    Class<?> commandType();

    /** The command's id. */
    UUID commandId();

    /** A command was handled; {@code position} is the global position of its last event. */
    record CommandSucceeded(Class<?> commandType, UUID commandId, long position, int eventCount)
            implements CommandBusEvent {
    }

    /** A command failed (a business rule, a conflict after the last retry, a fault). */
    record CommandFailed(Class<?> commandType, UUID commandId, Throwable error) implements CommandBusEvent {
    }

    /**
     * A concurrency conflict made the retry interceptor run the whole command again, attempt
     * {@code nextAttempt}, after waiting {@code delay}.
     */
    record ConflictRetried(Class<?> commandType, UUID commandId, int nextAttempt, String stream, Duration delay)
            implements CommandBusEvent {
    }
}
