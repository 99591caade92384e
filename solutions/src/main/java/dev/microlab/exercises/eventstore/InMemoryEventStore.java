package dev.microlab.exercises.eventstore;

import dev.microlab.core.time.TimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exercise 7: the course's {@code EventStore}, done right — an in-memory event store with
 * optimistic concurrency through expected versions.
 *
 * <p>Each stream (one aggregate's history) is an append-only list of events numbered 1, 2, 3...
 * An append says which version it expects the stream to be at ({@link #NO_STREAM} for a new
 * stream, {@link #ANY} to skip the check); if the stream is elsewhere, it throws
 * {@link ConcurrencyException} and appends nothing. Every event also gets a position in the whole
 * store, for readers that follow every stream ({@link #readAll}).
 *
 * <p>Reading one stream costs in proportion to that stream's events, not the store's: each
 * stream has its own list, found by its id in a map.
 *
 * <pre>{@code
 * InMemoryEventStore store = new InMemoryEventStore(TimeSource.system());
 * long version = store.append("account-1", InMemoryEventStore.NO_STREAM, List.of(new EventData("Opened", "{}")));
 * List<RecordedEvent> history = store.read("account-1", 0);
 * }</pre>
 *
 * <p>This class is threadsafe: appends are atomic, and readers see whole appends only.
 */
public final class InMemoryEventStore {

    /** Expected version of a stream that must not exist yet. */
    public static final long NO_STREAM = 0;
    /** Expected version that skips the concurrency check. */
    public static final long ANY = -1;

    private final TimeSource timeSource;
    private final Map<String, List<RecordedEvent>> streams = new HashMap<>();
    private final List<RecordedEvent> all = new ArrayList<>();

    public InMemoryEventStore(TimeSource timeSource) {
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
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
    public synchronized long append(String streamId, long expectedVersion, List<EventData> events) {
        requireStreamId(streamId);
        Objects.requireNonNull(events, "events must not be null");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("events must not be empty");
        }
        for (EventData event : events) {
            // Checked before anything is stored: a null at the end must not leave the events before it.
            Objects.requireNonNull(event, "events must not contain null");
        }
        if (expectedVersion < ANY) {
            throw new IllegalArgumentException("expectedVersion must be >= -1 (ANY), but was " + expectedVersion);
        }
        List<RecordedEvent> stream = streams.getOrDefault(streamId, List.of());
        long current = stream.size();
        if (expectedVersion != ANY && expectedVersion != current) {
            throw new ConcurrencyException(streamId, expectedVersion, current);
        }
        List<RecordedEvent> target = streams.computeIfAbsent(streamId, id -> new ArrayList<>());
        Instant now = timeSource.instant();
        for (EventData event : events) {
            RecordedEvent recorded = new RecordedEvent(streamId, target.size() + 1L, all.size() + 1L,
                    event.type(), event.payload(), now);
            target.add(recorded);
            all.add(recorded);
        }
        return target.size();
    }

    /**
     * The events of {@code streamId} with a version above {@code fromVersion}, oldest first
     * ({@code fromVersion} 0 reads the whole stream). An unknown stream reads as empty.
     */
    public synchronized List<RecordedEvent> read(String streamId, long fromVersion) {
        requireStreamId(streamId);
        if (fromVersion < 0) {
            throw new IllegalArgumentException("fromVersion must be >= 0, but was " + fromVersion);
        }
        List<RecordedEvent> stream = streams.getOrDefault(streamId, List.of());
        int from = (int) Math.min(fromVersion, stream.size()); // version v is at index v - 1
        return List.copyOf(stream.subList(from, stream.size()));
    }

    /** The version of {@code streamId}: how many events it holds, 0 if none. */
    public synchronized long currentVersion(String streamId) {
        requireStreamId(streamId);
        return streams.getOrDefault(streamId, List.of()).size();
    }

    /** Every event of every stream with a position above {@code fromPosition}, in append order. */
    public synchronized List<RecordedEvent> readAll(long fromPosition) {
        if (fromPosition < 0) {
            throw new IllegalArgumentException("fromPosition must be >= 0, but was " + fromPosition);
        }
        int from = (int) Math.min(fromPosition, all.size());
        return List.copyOf(all.subList(from, all.size()));
    }

    private static void requireStreamId(String streamId) {
        Objects.requireNonNull(streamId, "streamId must not be null");
        if (streamId.isBlank()) {
            throw new IllegalArgumentException("streamId must not be blank");
        }
    }
}
