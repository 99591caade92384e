package dev.microlab.eventstore;

import dev.microlab.core.event.EventPublisher;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An append-only store of events grouped into streams, with optimistic concurrency: the
 * storage behind event sourcing, sagas and projections.
 *
 * <p>Every event lives in one stream (one aggregate) and has two numbers: its zero-based
 * <b>version</b> inside the stream, and its <b>position</b> in the whole store (1, 2, 3 ...,
 * unique and strictly increasing in commit order, without holes). {@link #append} checks an
 * {@link ExpectedVersion} against the stream atomically with the write, so two writers that
 * decided on the same state cannot both win.
 *
 * <pre>{@code
 * EventStore store = InMemoryEventStore.create();          // or FileEventStore.builder(dir).open()
 * StreamName order = StreamName.of("order-42");
 * AppendResult r = store.append(order, ExpectedVersion.NO_STREAM, EventData.of("order-placed", json));
 * List<RecordedEvent> history = store.readStreamForward(order, 0, 1000);
 * List<RecordedEvent> page = store.readAll(EventStore.START, 500);   // everything, in position order
 * }</pre>
 *
 * <p><b>Deletion.</b> A <i>soft</i> delete ({@link #deleteStream}) hides the stream's events
 * from stream reads; the stream may be recreated (with {@code NO_STREAM} or {@code ANY}) and
 * its numbering continues where it stopped. A <i>tombstone</i> ({@link #tombstoneStream})
 * makes the name unusable forever. Neither removes the events from {@link #readAll}: the log
 * is immutable and subscriptions replay history as it happened.
 *
 * <p>Implementations: {@link InMemoryEventStore} (the default) and {@link FileEventStore}
 * (durable, embedded). Both pass the same contract tests.
 *
 * <p>Implementations are threadsafe.
 */
public interface EventStore extends AutoCloseable {

    /** The position before the first event: read or subscribe "after START" to get everything. */
    long START = 0L;

    /** The version of a stream that has no visible event. */
    long NO_VERSION = -1L;

    /** As a {@code fromVersion} of a backward read: start at the stream's last event. */
    long END = Long.MAX_VALUE;

    /**
     * Appends {@code events}, in order, to the end of {@code stream}, if {@code expected} holds.
     *
     * <p>Atomic: either every event is written (with consecutive versions and positions) or
     * none is. Idempotent as KurrentDB defines it: a retry is recognised by the ids of the
     * events stored at the position {@code expected} names (for {@code ANY} and
     * {@code STREAM_EXISTS}, and when {@code expected} holds: where the batch's first id is
     * stored in this stream). If they are exactly these ids, in order, nothing is written and
     * the original result of those events is returned; if they differ or only partly match, the
     * append fails with {@link WrongExpectedVersionException}. Ids are per stream. An empty
     * list writes nothing and creates nothing; it still checks {@code expected} (so it can
     * assert a stream's state) and returns the stream's current state.
     *
     * @return the stream's version after the append and the position of the last event
     * @throws WrongExpectedVersionException if the stream does not match {@code expected} and
     *         the batch is not a retry of the events stored there
     * @throws StreamDeletedException if the stream is tombstoned
     * @throws IllegalArgumentException if an event is larger than the store allows, or the
     *         batch repeats an id
     * @throws NullPointerException if an argument or an element of {@code events} is null
     * @throws EventStoreException if the store is closed or cannot write
     */
    AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events);

    /** Same as {@link #append(StreamName, ExpectedVersion, List)}. */
    default AppendResult append(StreamName stream, ExpectedVersion expected, EventData... events) {
        Objects.requireNonNull(events, "events must not be null");
        return append(stream, expected, Arrays.asList(events));
    }

    /**
     * Reads up to {@code maxCount} visible events of one stream, starting at
     * {@code fromVersion} (inclusive) and walking in {@code direction}. Costs O(events read),
     * whatever the size of the store.
     *
     * <p>A stream that does not exist or is soft-deleted reads as empty. A backward read from
     * {@link #END} (or any version past the end) starts at the last event.
     *
     * @throws StreamDeletedException if the stream is tombstoned
     * @throws IllegalArgumentException if {@code fromVersion} is negative or {@code maxCount} is not positive
     */
    List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion, int maxCount);

    /** Forward read; see {@link #readStream}. */
    default List<RecordedEvent> readStreamForward(StreamName stream, long fromVersion, int maxCount) {
        return readStream(stream, ReadDirection.FORWARD, fromVersion, maxCount);
    }

    /** Backward read; see {@link #readStream}. Use {@link #END} to start at the last event. */
    default List<RecordedEvent> readStreamBackward(StreamName stream, long fromVersion, int maxCount) {
        return readStream(stream, ReadDirection.BACKWARD, fromVersion, maxCount);
    }

    /**
     * Reads up to {@code maxCount} events of the whole store whose position is strictly greater
     * than {@code afterPosition}, in position order. Pass {@link #START} for everything, or
     * the position of the last event you processed to resume without seeing it again
     * (the resume position is exclusive: KurrentDB #4970).
     *
     * @throws IllegalArgumentException if {@code afterPosition} is negative or {@code maxCount} is not positive
     */
    List<RecordedEvent> readAll(long afterPosition, int maxCount);

    /** The state of {@code stream}. */
    StreamInfo streamInfo(StreamName stream);

    /** The position of the last committed event, or {@link #START} if the store is empty. */
    long lastPosition();

    /**
     * Soft-deletes {@code stream} if {@code expected} holds: its events disappear from stream
     * reads (not from {@link #readAll}); it reads as absent ({@code NO_STREAM} succeeds,
     * {@code STREAM_EXISTS} and {@code exact(n)} fail), and a later append recreates it with
     * the numbering continuing. Deleting a stream without visible events changes nothing.
     *
     * @throws WrongExpectedVersionException if the stream does not match {@code expected}
     * @throws StreamDeletedException if the stream is tombstoned
     */
    void deleteStream(StreamName stream, ExpectedVersion expected);

    /**
     * Hard-deletes {@code stream} if {@code expected} holds: from now on every append to it
     * (even with {@code ANY}) and every read of it throws {@link StreamDeletedException}.
     * Its events stay in {@link #readAll}. Tombstoning an already tombstoned stream is a no-op.
     *
     * @throws WrongExpectedVersionException if the stream does not match {@code expected}
     */
    void tombstoneStream(StreamName stream, ExpectedVersion expected);

    /**
     * Blocks until an event with a position greater than {@code afterPosition} is committed,
     * the timeout passes, or the store is closed. Live subscriptions wait with this.
     *
     * @return true if such an event exists
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    boolean awaitAppend(long afterPosition, Duration timeout) throws InterruptedException;

    /** Where this store reports what it does; see {@link EventStoreEvent}. */
    EventPublisher<EventStoreEvent> eventPublisher();

    /**
     * Releases the store's resources (files, locks). Later calls fail with an
     * {@link EventStoreException}. Closing twice is harmless.
     */
    @Override
    void close();
}
