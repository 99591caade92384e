package dev.microlab.eventstore;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The argument rules of {@link EventStore}'s appends and reads, in one place: every backend of
 * this project (in memory, files, PostgreSQL) applies them, with the same messages, and a backend
 * of your own can too, so that it refuses exactly what the contract suite
 * ({@code EventStoreContractTest} in event-store's test-jar) expects it to refuse.
 *
 * <pre>{@code
 * public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events) {
 *     List<EventData> batch = EventStoreArguments.checkAppend(stream, expected, events, maxEventSize);
 *     ...
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (stateless).
 */
public final class EventStoreArguments {

    /** Default largest event: 1 MiB of data plus metadata ({@link EventData#sizeInBytes()}). */
    public static final int DEFAULT_MAX_EVENT_SIZE = 1 << 20;
    /** Largest allowed setting of the maximum event size: 64 MiB. */
    public static final int MAX_MAX_EVENT_SIZE = 64 << 20;

    private EventStoreArguments() {
    }

    /**
     * Checks the arguments of an append: no null argument or event, no event larger than
     * {@code maxEventSize} ({@link EventData#sizeInBytes()}), no event id twice in the batch.
     *
     * @param stream       the stream appended to
     * @param expected     the expected version (only checked for null)
     * @param events       the batch
     * @param maxEventSize the largest event allowed, in bytes
     * @return an immutable copy of {@code events}, to write
     * @throws NullPointerException     naming the null argument, or {@code events[i]}
     * @throws IllegalArgumentException naming the event that is too large (its index, type, id and
     *                                  size) or the id that repeats
     */
    public static List<EventData> checkAppend(StreamName stream, Object expected, List<EventData> events,
            int maxEventSize) {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(expected, "expected must not be null");
        Objects.requireNonNull(events, "events must not be null");
        for (int i = 0; i < events.size(); i++) {
            EventData e = events.get(i);
            if (e == null) {
                throw new NullPointerException("events[" + i + "] must not be null");
            }
            long size = e.sizeInBytes();
            if (size > maxEventSize) {
                throw new IllegalArgumentException("event " + i + " (" + e.type() + ", id " + e.eventId()
                        + ") of the append to stream '" + stream + "' is " + size + " bytes of data and metadata,"
                        + " but maxEventSize is " + maxEventSize + " bytes");
            }
        }
        List<EventData> copy = List.copyOf(events);
        checkNoRepeatedIds(stream, copy);
        return copy;
    }

    private static void checkNoRepeatedIds(StreamName stream, List<EventData> events) {
        if (events.size() < 2) {
            return;
        }
        Set<UUID> seen = new HashSet<>();
        for (EventData e : events) {
            if (!seen.add(e.eventId())) {
                throw new IllegalArgumentException("the append to stream '" + stream + "' contains event id "
                        + e.eventId() + " twice; every event needs its own id");
            }
        }
    }

    /**
     * Checks a maximum event size setting.
     *
     * @param maxEventSize the setting, in bytes
     * @return {@code maxEventSize}
     * @throws IllegalArgumentException unless it is in [1, {@link #MAX_MAX_EVENT_SIZE}]
     */
    public static int checkMaxEventSize(int maxEventSize) {
        if (maxEventSize < 1 || maxEventSize > MAX_MAX_EVENT_SIZE) {
            throw new IllegalArgumentException("maxEventSize must be in [1, " + MAX_MAX_EVENT_SIZE + "] bytes, but was "
                    + maxEventSize);
        }
        return maxEventSize;
    }

    /**
     * Checks the arguments of a read.
     *
     * @param from     where the read starts (a version or a position)
     * @param fromName the parameter's name, for the message ({@code "fromVersion"}, {@code "afterPosition"})
     * @param maxCount the most events to return
     * @throws IllegalArgumentException if {@code from} is negative or {@code maxCount} is not positive
     */
    public static void checkRead(long from, String fromName, int maxCount) {
        if (from < 0) {
            throw new IllegalArgumentException(fromName + " must be >= 0, but was " + from);
        }
        if (maxCount <= 0) {
            throw new IllegalArgumentException("maxCount must be > 0, but was " + maxCount);
        }
    }
}
