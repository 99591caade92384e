package dev.microlab.eventstore;

import java.nio.file.Path;

/**
 * What an event store reports to listeners of {@link EventStore#eventPublisher()}: appends, refused
 * appends, deletions, and (file backend) recovery work done on open. Listeners run on the
 * appending thread after the write, outside the store's lock.
 *
 * <pre>{@code
 * store.eventPublisher().subscribe(e -> {
 *     if (e instanceof EventStoreEvent.ConcurrencyConflict c) metrics.conflict(c.stream());
 * });
 * }</pre>
 *
 * <p>This class is threadsafe (immutable records).
 */
public sealed interface EventStoreEvent {

    /** Events were appended. */
    record Appended(StreamName stream, long firstVersion, long lastVersion, long firstPosition, long lastPosition)
            implements EventStoreEvent {
    }

    /** An append was an exact retry and was answered with the original result; nothing was written. */
    record Deduplicated(StreamName stream, AppendResult originalResult) implements EventStoreEvent {
    }

    /** An append or delete was refused by its expected-version check. */
    record ConcurrencyConflict(StreamName stream, ExpectedVersion expected, long actualVersion)
            implements EventStoreEvent {
    }

    /** A stream was soft-deleted ({@code tombstone == false}) or tombstoned. */
    record StreamDeleted(StreamName stream, boolean tombstone) implements EventStoreEvent {
    }

    /** The file store found a torn tail in its active segment on open and cut it off. */
    record TornTailTruncated(Path segment, long validLength, long truncatedBytes) implements EventStoreEvent {
    }

    /** The file store started a new segment file. */
    record SegmentCreated(Path segment) implements EventStoreEvent {
    }
}
