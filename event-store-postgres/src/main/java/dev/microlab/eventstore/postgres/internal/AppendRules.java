package dev.microlab.eventstore.postgres.internal;

import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.DuplicateEventIdException;
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
 * What an append does, decided from the stream's locked row and the stored events that carry the
 * batch's ids. Pure: the store reads the inputs inside its transaction and acts on the plan.
 *
 * <p>Idempotency follows KurrentDB: a retry is recognised when the batch's ids are stored, in
 * order, at the versions the request's expected version points at ({@code exact(n)}: from n + 1;
 * {@code NO_STREAM}: from the stream's start; {@code ANY}: wherever they are). The same ids at
 * another place are a {@link WrongExpectedVersionException}. Ids stored only partly, or in another
 * stream, are a {@link DuplicateEventIdException}, as in the embedded backends.
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

    /** Where an id of the batch is stored. */
    public record StoredId(StreamName stream, long version, long position) {
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
     * Decides. {@code stored} maps the batch's ids that are already stored (anywhere) to where.
     *
     * @throws StreamDeletedException if the stream is tombstoned
     * @throws WrongExpectedVersionException if the expectation does not hold and it is no retry
     * @throws DuplicateEventIdException if ids are stored, but not as this batch in this stream
     */
    public static Plan plan(StreamName stream, ExpectedVersion expected, List<EventData> events, StreamRow row,
            Map<UUID, StoredId> stored) {
        if (row.tombstoned()) {
            throw new StreamDeletedException(stream);
        }
        long actual = row.visibleVersion();
        if (!events.isEmpty() && !stored.isEmpty()) {
            return retry(stream, expected, events, row, stored, actual);
        }
        if (!expected.isSatisfiedBy(actual)) {
            throw new WrongExpectedVersionException(stream, expected, actual);
        }
        if (events.isEmpty()) {
            return new NoWrite(new AppendResult(stream, actual, row.lastPosition()), false);
        }
        return new Write(row.nextVersion());
    }

    private static Plan retry(StreamName stream, ExpectedVersion expected, List<EventData> events, StreamRow row,
            Map<UUID, StoredId> stored, long actual) {
        StoredId first = stored.get(events.get(0).eventId());
        StoredId last = null;
        for (int i = 0; i < events.size(); i++) {
            UUID id = events.get(i).eventId();
            StoredId at = stored.get(id);
            if (at == null) {
                throw new DuplicateEventIdException(stream, first == null ? stored.keySet().iterator().next() : id,
                        first == null ? "part of the batch is already stored but event 0 is not"
                                : "event 0 of the batch is stored but event " + i + " is not");
            }
            if (!at.stream().equals(stream) || first == null || !first.stream().equals(stream)
                    || at.version() != first.version() + i) {
                throw new DuplicateEventIdException(stream, id, "it is stored as version " + at.version()
                        + " of stream '" + at.stream() + "', not as event " + i + " of a retry of the same batch");
            }
            last = at;
        }
        boolean samePlace;
        if (expected instanceof ExpectedVersion.Exact exact) {
            samePlace = first.version() == exact.version() + 1;
        } else if (expected instanceof ExpectedVersion.NoStream) {
            samePlace = first.version() == 0 || first.version() == row.firstVersion();
        } else if (expected instanceof ExpectedVersion.StreamExists) {
            samePlace = first.version() > 0;
        } else {
            samePlace = true; // ANY
        }
        if (!samePlace) {
            throw new WrongExpectedVersionException(stream, expected, actual);
        }
        return new NoWrite(new AppendResult(stream, last.version(), last.position()), true);
    }
}
