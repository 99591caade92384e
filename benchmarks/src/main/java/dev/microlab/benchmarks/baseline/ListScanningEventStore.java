package dev.microlab.benchmarks.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * BASELINE ONLY: the course chapter's event store, ported from its Python sketch: one list of
 * every event of every stream, scanned from start to end for each read and for each
 * expected-version check.
 *
 * <p>Reading one stream costs time proportional to <em>all</em> stored events, which is
 * what the event-store benchmark's scale curve shows. Nothing is durable.
 *
 * <pre>{@code
 * ListScanningEventStore store = new ListScanningEventStore();
 * store.append("order-1", 0, List.of("OrderCreated", "ItemAdded"));
 * List<ListScanningEventStore.StoredEvent> events = store.read("order-1", 0);
 * }</pre>
 *
 * <p>This class is threadsafe (every method is {@code synchronized}).
 */
public final class ListScanningEventStore {

    /** One stored event: its stream, its version in that stream (from 1) and its data. */
    public record StoredEvent(String streamId, long version, String data) {
        public StoredEvent {
            Objects.requireNonNull(streamId, "streamId must not be null");
            Objects.requireNonNull(data, "data must not be null");
        }
    }

    private final List<StoredEvent> events = new ArrayList<>();

    /**
     * Appends {@code data} to the stream if its current version is {@code expectedVersion}.
     *
     * @throws IllegalStateException if the stream's current version is not {@code expectedVersion}
     */
    public synchronized void append(String streamId, long expectedVersion, List<String> data) {
        Objects.requireNonNull(streamId, "streamId must not be null");
        Objects.requireNonNull(data, "data must not be null");
        long current = currentVersion(streamId);
        if (current != expectedVersion) {
            throw new IllegalStateException("Expected version " + expectedVersion + " of stream '"
                    + streamId + "', but it is at version " + current);
        }
        for (int i = 0; i < data.size(); i++) {
            events.add(new StoredEvent(streamId, expectedVersion + i + 1, data.get(i)));
        }
    }

    /**
     * Adds already-versioned events as they are, without the expected-version check. Only for
     * filling a large store before a benchmark: through {@link #append} each stream's check
     * scans the whole list, so filling a million events would take hours. The course's store
     * has no such method.
     */
    public synchronized void load(List<StoredEvent> storedEvents) {
        Objects.requireNonNull(storedEvents, "storedEvents must not be null");
        events.addAll(storedEvents);
    }

    /** The events of {@code streamId} whose version is greater than {@code fromVersion}, in order. */
    public synchronized List<StoredEvent> read(String streamId, long fromVersion) {
        Objects.requireNonNull(streamId, "streamId must not be null");
        List<StoredEvent> result = new ArrayList<>();
        for (StoredEvent event : events) {
            if (event.streamId().equals(streamId) && event.version() > fromVersion) {
                result.add(event);
            }
        }
        return result;
    }

    /** The version of the last event of {@code streamId}, 0 if it has none. */
    public synchronized long currentVersion(String streamId) {
        Objects.requireNonNull(streamId, "streamId must not be null");
        long max = 0;
        for (StoredEvent event : read(streamId, 0)) {
            max = Math.max(max, event.version());
        }
        return max;
    }

    /** How many events are stored, over all streams. */
    public synchronized int size() {
        return events.size();
    }
}
