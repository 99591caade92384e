package dev.microlab.exercises.eventstore;

import dev.microlab.core.time.TimeSource;
import java.util.List;

/**
 * Exercise 7: the course's {@code EventStore}, done right — an in-memory event store with
 * optimistic concurrency through expected versions.
 * Instructions: {@code exercises/instructions/07-event-store/README.md}.
 *
 * <p>Each stream (one aggregate's history) is an append-only list of events numbered 1, 2, 3...
 * An append says which version it expects the stream to be at ({@link #NO_STREAM} for a new
 * stream, {@link #ANY} to skip the check); if the stream is elsewhere, it throws
 * {@link ConcurrencyException} and appends nothing. Every event also gets a position in the whole
 * store, for readers that follow every stream ({@link #readAll}).
 *
 * <p>Reading one stream must cost in proportion to that stream's events, not the store's.
 *
 * <pre>{@code
 * InMemoryEventStore store = new InMemoryEventStore(TimeSource.system());
 * long version = store.append("account-1", InMemoryEventStore.NO_STREAM, List.of(new EventData("Opened", "{}")));
 * List<RecordedEvent> history = store.read("account-1", 0);
 * }</pre>
 */
public final class InMemoryEventStore {

    /** Expected version of a stream that must not exist yet. */
    public static final long NO_STREAM = 0;
    /** Expected version that skips the concurrency check. */
    public static final long ANY = -1;

    public InMemoryEventStore(TimeSource timeSource) {
        throw new UnsupportedOperationException("TODO: keep the time source; one list per stream, and one for all");
    }

    /**
     * Appends {@code events} to {@code streamId}, all or nothing.
     *
     * @param expectedVersion the version the caller expects the stream to be at, {@link #NO_STREAM} or {@link #ANY}
     * @return the stream's version after the append
     * @throws ConcurrencyException     if the stream is not at {@code expectedVersion}; nothing is appended
     * @throws IllegalArgumentException if {@code streamId} is blank, {@code events} is empty, or
     *                                  {@code expectedVersion < -1}
     * @throws NullPointerException     if an argument or one of the events is null; nothing is appended
     */
    public long append(String streamId, long expectedVersion, List<EventData> events) {
        throw new UnsupportedOperationException("TODO: check the expected version, then number and keep the events");
    }

    /**
     * The events of {@code streamId} with a version above {@code fromVersion}, oldest first
     * ({@code fromVersion} 0 reads the whole stream). An unknown stream reads as empty.
     */
    public List<RecordedEvent> read(String streamId, long fromVersion) {
        throw new UnsupportedOperationException("TODO: the stream's events after fromVersion, without scanning other streams");
    }

    /** The version of {@code streamId}: how many events it holds, 0 if none. */
    public long currentVersion(String streamId) {
        throw new UnsupportedOperationException("TODO: the number of events in the stream");
    }

    /** Every event of every stream with a position above {@code fromPosition}, in append order. */
    public List<RecordedEvent> readAll(long fromPosition) {
        throw new UnsupportedOperationException("TODO: all events after fromPosition, in append order");
    }
}
