package dev.microlab.eventstore.internal;

import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.ReadDirection;
import dev.microlab.eventstore.StreamDeletedException;
import dev.microlab.eventstore.StreamInfo;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.StreamStatus;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The per-stream index and the append rules every backend shares: expected-version checks,
 * idempotent retries, deletion state, and stream version to global position lookup.
 *
 * <p><b>Idempotency</b> follows KurrentDB: an append whose expected version is not satisfied
 * is a retry when the events stored at the versions it names carry the same ids, in the same
 * order (the original result is returned and nothing is written); otherwise it is a
 * {@link WrongExpectedVersionException}. With {@code ANY} or {@code STREAM_EXISTS} the
 * position is the one where the batch's first id is stored in this stream. Ids are per
 * stream: the same id in another stream is a new event there.
 *
 * <p>Not threadsafe: a backend holds its write lock around {@link #plan} and the following
 * {@link #recordEvent} calls so that the check is atomic with the write, and its read lock
 * around lookups.
 */
public final class StreamTable {

    private static final class Entry {
        final StreamName name;                       // one name object per stream, whatever decoded it
        final LongList positions = new LongList(4); // index = stream version
        long visibleFrom;                            // versions below are soft-deleted
        boolean tombstoned;

        Entry(StreamName name) {
            this.name = name;
        }

        long lastVersion() {
            return positions.size() - 1L;
        }

        long visibleVersion() {
            return !tombstoned && positions.size() > visibleFrom ? lastVersion() : EventStore.NO_VERSION;
        }
    }

    /** What an append must do. */
    public sealed interface Plan {
    }

    /** Write the events with versions starting at {@code firstVersion}. */
    public record Write(long firstVersion) implements Plan {
    }

    /** Nothing to write: answer with {@code result}. */
    public record NoWrite(AppendResult result, boolean duplicate) implements Plan {
    }

    private final Map<StreamName, Entry> streams = new HashMap<>();
    private final EventIdIndex ids = new EventIdIndex();
    private final ArrayList<Entry> streamOfPosition = new ArrayList<>(); // index: position - 1

    /**
     * Decides what an append does, without changing anything. Throws the append's exceptions.
     *
     * @throws StreamDeletedException if the stream is tombstoned
     * @throws WrongExpectedVersionException if {@code expected} does not hold and the batch is
     *         not a retry of the events stored where it names
     */
    public Plan plan(StreamName stream, ExpectedVersion expected, List<EventData> events) {
        Entry entry = streams.get(stream);
        if (entry != null && entry.tombstoned) {
            throw new StreamDeletedException(stream);
        }
        long actual = entry == null ? EventStore.NO_VERSION : entry.visibleVersion();
        if (events.isEmpty()) {
            if (!expected.isSatisfiedBy(actual)) {
                throw new WrongExpectedVersionException(stream, expected, actual);
            }
            long lastPosition = entry == null || entry.positions.size() == 0
                    ? EventStore.START : entry.positions.last();
            return new NoWrite(new AppendResult(stream, actual, lastPosition), false);
        }
        if (expected instanceof ExpectedVersion.Exact || expected instanceof ExpectedVersion.NoStream) {
            if (expected.isSatisfiedBy(actual)) {
                return writeUnlessStored(stream, expected, actual, entry, events);
            }
            // not where the writer believed: a retry only if the ids stored where it named match
            long at = expected instanceof ExpectedVersion.Exact exact ? exact.version() + 1
                    : entry == null ? 0 : entry.visibleFrom;
            if (entry != null && storedAt(entry, at, events)) {
                return new NoWrite(resultAt(entry, at, events.size()), true);
            }
            throw new WrongExpectedVersionException(stream, expected, actual);
        }
        if (!expected.isSatisfiedBy(actual) && (entry == null || find(entry, events.get(0).eventId()) < 0)) {
            throw new WrongExpectedVersionException(stream, expected, actual);
        }
        return writeUnlessStored(stream, expected, actual, entry, events);
    }

    /**
     * ANY and STREAM_EXISTS (KurrentDB's best-effort check, exact here since every id is
     * indexed), and — our one addition — a satisfied exact or NO_STREAM: a batch whose first id
     * is already stored in this stream names that position; it is a retry if the ids there
     * match, a conflict if not. So a command re-executed on the new state with the same derived
     * ids is not written twice; KurrentDB would write the duplicate.
     */
    private Plan writeUnlessStored(StreamName stream, ExpectedVersion expected, long actual, Entry entry,
            List<EventData> events) {
        long first = entry == null ? -1 : find(entry, events.get(0).eventId());
        if (first >= 0) {
            if (storedAt(entry, first, events)) {
                return new NoWrite(resultAt(entry, first, events.size()), true);
            }
            throw new WrongExpectedVersionException(stream, expected, actual);
        }
        return new Write(entry == null ? 0 : entry.positions.size());
    }

    /** The version of the newest use of {@code id} in {@code entry}'s stream, or -1. */
    private long find(Entry entry, UUID id) {
        long[] newest = {-1};
        ids.forEach(id, position -> {
            if (streamOfPosition.get((int) (position - 1)) == entry && position > newest[0]) {
                newest[0] = position;
            }
            return true;
        });
        return newest[0] < 0 ? -1 : entry.positions.binarySearch(newest[0]);
    }

    /** Whether the stream holds exactly these ids at versions {@code from}, {@code from + 1}, … */
    private boolean storedAt(Entry entry, long from, List<EventData> events) {
        if (from < 0 || from + events.size() > entry.positions.size()) {
            return false;
        }
        for (int i = 0; i < events.size(); i++) {
            if (!ids.contains(events.get(i).eventId(), entry.positions.get((int) (from + i)))) {
                return false;
            }
        }
        return true;
    }

    private static AppendResult resultAt(Entry entry, long from, int count) {
        long lastVersion = from + count - 1;
        return new AppendResult(entry.name, lastVersion, entry.positions.get((int) lastVersion));
    }

    /** Registers one written event. Versions must be recorded in order. */
    public void recordEvent(StreamName stream, long version, long position, UUID eventId) {
        Entry entry = streams.computeIfAbsent(stream, Entry::new);
        if (version != entry.positions.size()) {
            throw new IllegalStateException("stream '" + stream + "' expected version " + entry.positions.size()
                    + " next, got " + version);
        }
        if (position != streamOfPosition.size() + 1L) {
            throw new IllegalStateException("position " + position + " recorded after position "
                    + streamOfPosition.size());
        }
        entry.positions.add(position);
        streamOfPosition.add(entry);
        ids.add(eventId, position);
    }

    /**
     * Checks a delete against {@code expected}; returns true if it changes anything.
     *
     * @throws WrongExpectedVersionException if the stream does not match
     * @throws StreamDeletedException if the stream is tombstoned and {@code tombstone} is false
     */
    public boolean checkDelete(StreamName stream, ExpectedVersion expected, boolean tombstone) {
        Entry entry = streams.get(stream);
        if (entry != null && entry.tombstoned) {
            if (tombstone) {
                return false;
            }
            throw new StreamDeletedException(stream);
        }
        long actual = entry == null ? EventStore.NO_VERSION : entry.visibleVersion();
        if (!expected.isSatisfiedBy(actual)) {
            throw new WrongExpectedVersionException(stream, expected, actual);
        }
        return tombstone || actual != EventStore.NO_VERSION;
    }

    /** Hides every current event of {@code stream} from stream reads. */
    public void softDelete(StreamName stream) {
        Entry entry = streams.computeIfAbsent(stream, Entry::new);
        entry.visibleFrom = entry.positions.size();
    }

    /** Makes {@code stream} unusable. */
    public void tombstone(StreamName stream) {
        Entry entry = streams.computeIfAbsent(stream, Entry::new);
        entry.tombstoned = true;
        entry.visibleFrom = entry.positions.size();
    }

    /** The state of {@code stream}. */
    public StreamInfo info(StreamName stream) {
        Entry entry = streams.get(stream);
        if (entry == null) {
            return new StreamInfo(stream, StreamStatus.NONE, EventStore.NO_VERSION, 0, 0);
        }
        long next = entry.positions.size();
        StreamStatus status = entry.tombstoned ? StreamStatus.TOMBSTONED
                : entry.visibleVersion() == EventStore.NO_VERSION ? StreamStatus.SOFT_DELETED : StreamStatus.ACTIVE;
        return new StreamInfo(stream, status, entry.visibleVersion(), entry.visibleFrom, next);
    }

    /** The state of every stream the table knows, sorted by name (for a backup's manifest). */
    public List<StreamInfo> allStreams() {
        List<StreamInfo> out = new ArrayList<>(streams.size());
        for (StreamName name : new java.util.TreeSet<>(streams.keySet())) {
            out.add(info(name));
        }
        return out;
    }

    /**
     * The global positions of the events a stream read returns, in read order.
     *
     * @throws StreamDeletedException if the stream is tombstoned
     */
    public long[] positions(StreamName stream, ReadDirection direction, long fromVersion, int maxCount) {
        Objects.requireNonNull(direction, "direction must not be null");
        Entry entry = streams.get(stream);
        if (entry == null) {
            return new long[0];
        }
        if (entry.tombstoned) {
            throw new StreamDeletedException(stream);
        }
        long size = entry.positions.size();
        long first = entry.visibleFrom;
        if (direction == ReadDirection.FORWARD) {
            long start = Math.max(fromVersion, first);
            if (start >= size) {
                return new long[0];
            }
            int n = (int) Math.min(maxCount, size - start);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = entry.positions.get((int) (start + i));
            }
            return out;
        }
        long start = Math.min(fromVersion, size - 1);
        if (start < first) {
            return new long[0];
        }
        int n = (int) Math.min(maxCount, start - first + 1);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = entry.positions.get((int) (start - i));
        }
        return out;
    }
}
