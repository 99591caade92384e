package dev.microlab.cqrs;

import dev.microlab.eventstore.StreamName;

/**
 * What an {@link AggregateRepository} reports to listeners of its {@link AggregateRepository#eventPublisher()}:
 * loads (with how much was replayed), snapshots taken and snapshots ignored.
 *
 * <pre>{@code
 * orders.eventPublisher().subscribe(e -> {
 *     if (e instanceof RepositoryEvent.Loaded l && l.eventsReplayed() > 1000) {
 *         log.warn("{} replayed {} events; consider snapshots", l.stream(), l.eventsReplayed());
 *     }
 * });
 * }</pre>
 *
 * <p>Every implementation is an immutable record, so this type is threadsafe.
 */
public sealed interface RepositoryEvent {

    /** The aggregate's stream. */
    StreamName stream();

    /** An aggregate was loaded: from a snapshot at {@code snapshotVersion} (-1: none) plus {@code eventsReplayed} events. */
    record Loaded(StreamName stream, long version, long snapshotVersion, int eventsReplayed) implements RepositoryEvent {
    }

    /** A snapshot of the stream at {@code version} was saved. */
    record SnapshotTaken(StreamName stream, long version) implements RepositoryEvent {
    }

    /** A stored snapshot was not used (unreadable); the aggregate was rebuilt from its events. */
    record SnapshotIgnored(StreamName stream, long version, String reason) implements RepositoryEvent {
    }
}
