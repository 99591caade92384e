package dev.microlab.eventstore.postgres.internal;

import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamDeletedException;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an append does, decided from the stream's locked row and the stored events of that stream
 * that carry the batch's ids. Pure: the store reads the inputs inside its transaction and acts on
 * the plan.
 *
 * <p>Idempotency follows KurrentDB, as the contract suite states it: a retry is recognised when
 * the batch's ids are stored, in order, at the position the expected version names
 * ({@code exact(n)}: from n + 1; {@code NO_STREAM}: from the stream's first visible version;
 * {@code ANY} and {@code STREAM_EXISTS}: where the batch's first id is stored). Anything else
 * that does not satisfy the expected version is a {@link WrongExpectedVersionException}. Event
 * ids are unique per stream (the same id in another stream is another event): an append whose
 * expectation holds and whose first id is stored is answered as a retry of what is stored there
 * (or refused as a wrong expected version if the rest does not match); one that repeats a stored
 * id further in the batch is a {@link WrongExpectedVersionException} too (the table's unique index
 * on stream and event id cannot hold it; the file and memory stores write it).
 */
public final class AppendRules {

    private AppendRules() {
    }

    /** The stream's row, or its absence. */
    public record StreamRow(boolean exists, long nextVersion, long firstVersion, boolean tombstoned,
            long lastPosition) {

        /** No row: the stream was never written. */
        public static final StreamRow ABSENT = new StreamRow(false, 0, 0, false, EventStore.START);

        /** The version of the last visible event, or {@link EventStore#NO_VERSION}. */
        public long visibleVersion() {
            return exists && !tombstoned && nextVersion > firstVersion ? nextVersion - 1 : EventStore.NO_VERSION;
        }
    }

    /** Where an id of the batch is stored in the stream. */
    public record StoredId(long version, long position) {
    }

    /** What an append must do. */
    public sealed interface Plan {
    }

    /** Write the batch with versions from {@code firstVersion}. */
    public record Write(long firstVersion) implements Plan {
    }

    /** Write nothing; answer {@code result} ({@code duplicate}: it is a recognised retry). */
    public record NoWrite(AppendResult result, boolean duplicate) implements Plan {
    }

    /**
     * Decides. {@code stored} maps the batch's ids that are already stored in this stream to where.
     *
     * @throws StreamDeletedException if the stream is tombstoned
     * @throws WrongExpectedVersionException if the expectation does not hold and it is no retry
     *         or if the expectation holds but an id further in the batch is already in the stream
     */
    public static Plan plan(StreamName stream, ExpectedVersion expected, List<EventData> events, StreamRow row,
            Map<UUID, StoredId> stored) {
        if (row.tombstoned()) {
            throw new StreamDeletedException(stream);
        }
        long actual = row.visibleVersion();
        if (events.isEmpty()) {
            if (!expected.isSatisfiedBy(actual)) {
                throw new WrongExpectedVersionException(stream, expected, actual);
            }
            return new NoWrite(new AppendResult(stream, actual, row.lastPosition()), false);
        }
        if (expected instanceof ExpectedVersion.Exact || expected instanceof ExpectedVersion.NoStream) {
            if (expected.isSatisfiedBy(actual)) {
                return write(stream, expected, events, row, stored);
            }
            // not where the writer believed: a retry only if the ids stored where it named match
            long at = expected instanceof ExpectedVersion.Exact exact ? exact.version() + 1 : row.firstVersion();
            AppendResult retry = storedAt(stream, at, events, stored);
            if (retry != null) {
                return new NoWrite(retry, true);
            }
            throw new WrongExpectedVersionException(stream, expected, actual);
        }
        // ANY, STREAM_EXISTS: the batch's first id, if stored in this stream, names the position
        StoredId first = stored.get(events.get(0).eventId());
        if (first != null) {
            AppendResult retry = storedAt(stream, first.version(), events, stored);
            if (retry != null) {
                return new NoWrite(retry, true);
            }
            throw new WrongExpectedVersionException(stream, expected, actual);
        }
        if (!expected.isSatisfiedBy(actual)) {
            throw new WrongExpectedVersionException(stream, expected, actual);
        }
        return write(stream, expected, events, row, stored);
    }

    /**
     * The expectation holds. The same ids sent again at the stream's new end (a command executed
     * again on the new state) are still a retry of what is stored: the original result if the ids
     * stand there in order from the batch's first, a wrong expected version if they do not.
     */
    private static Plan write(StreamName stream, ExpectedVersion expected, List<EventData> events, StreamRow row,
            Map<UUID, StoredId> stored) {
        StoredId first = stored.get(events.get(0).eventId());
        if (first != null) {
            AppendResult retry = storedAt(stream, first.version(), events, stored);
            if (retry != null) {
                return new NoWrite(retry, true);
            }
            throw new WrongExpectedVersionException(stream, expected, row.visibleVersion());
        }
        for (int i = 1; i < events.size(); i++) {
            if (stored.containsKey(events.get(i).eventId())) {
                // A later id of the batch is already in this stream while the first is not: the batch
                // matches no stored position, so as KurrentDB's rules say for ids that do not match
                // the events where they stand, it is a conflict. (The file and memory stores, which have
                // no unique index on (stream, event id), write such a batch; this table cannot.)
                throw new WrongExpectedVersionException(stream, expected, row.visibleVersion());
            }
        }
        return new Write(row.nextVersion());
    }

    /** The original result if the stream holds exactly these ids at versions {@code from}, {@code from + 1}, ... */
    private static AppendResult storedAt(StreamName stream, long from, List<EventData> events,
            Map<UUID, StoredId> stored) {
        StoredId last = null;
        for (int i = 0; i < events.size(); i++) {
            StoredId at = stored.get(events.get(i).eventId());
            if (at == null || at.version() != from + i) {
                return null;
            }
            last = at;
        }
        return new AppendResult(stream, last.version(), last.position());
    }
}
