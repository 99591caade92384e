package dev.microlab.eventstore;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.internal.StreamTable;
import dev.microlab.eventstore.internal.WriteProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The default {@link EventStore}: everything in memory, nothing survives the JVM. Use it in
 * tests, in examples and for state that can be rebuilt; use {@link FileEventStore} when the
 * events must outlive the process.
 *
 * <pre>{@code
 * EventStore store = InMemoryEventStore.builder()
 *         .timeSource(new ManualTimeSource())   // recorded times under test control
 *         .maxEventSize(64 * 1024)
 *         .build();
 * }</pre>
 *
 * <p>Appends take a write lock (the expected-version check and the write are one critical
 * section); reads take a read lock and cost O(events read): each stream keeps the positions
 * of its events, version by version.
 *
 * <p>This class is threadsafe.
 */
public final class InMemoryEventStore implements EventStore {

    private final TimeSource timeSource;
    private final int maxEventSize;
    private final EventPublisher<EventStoreEvent> events;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final StreamTable table = new StreamTable();
    private final ArrayList<RecordedEvent> log = new ArrayList<>();
    private final AppendSignal signal = new AppendSignal();
    private volatile long lastPosition = START;
    private volatile boolean closed;
    private final WriteProtocol writes;

    private InMemoryEventStore(Builder builder) {
        this.timeSource = builder.timeSource;
        this.maxEventSize = builder.maxEventSize;
        this.events = new EventPublisher<>("in-memory event store");
        this.writes = new WriteProtocol(lock.writeLock(), table, events, this::ensureOpen);
    }

    /** A store with the system clock and default limits. */
    public static InMemoryEventStore create() {
        return builder().build();
    }

    /** A builder with the defaults: system clock, events up to 1 MiB. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> batch) {
        List<EventData> toWrite = EventStoreArguments.checkAppend(stream, expected, batch, maxEventSize);
        return writes.append(stream, expected, toWrite, (firstVersion, events, toPublish) -> {
            Instant now = timeSource.instant();
            long position = lastPosition;
            for (int i = 0; i < events.size(); i++) {
                EventData e = events.get(i);
                position++;
                long version = firstVersion + i;
                log.add(new RecordedEvent(stream, version, position, e.eventId(), e.type(), e.revision(), e.data(),
                        e.metadata(), now));
                table.recordEvent(stream, version, position, e.eventId());
            }
            lastPosition = position;
            signal.advanced(position);
            return new AppendResult(stream, firstVersion + events.size() - 1, position);
        });
    }

    @Override
    public List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion, int maxCount) {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(direction, "direction must not be null");
        EventStoreArguments.checkRead(fromVersion, "fromVersion", maxCount);
        lock.readLock().lock();
        try {
            ensureOpen();
            long[] positions = table.positions(stream, direction, fromVersion, maxCount);
            List<RecordedEvent> out = new ArrayList<>(positions.length);
            for (long p : positions) {
                out.add(log.get((int) (p - 1)));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<RecordedEvent> readAll(long afterPosition, int maxCount) {
        EventStoreArguments.checkRead(afterPosition, "afterPosition", maxCount);
        lock.readLock().lock();
        try {
            ensureOpen();
            int from = (int) Math.min(afterPosition, log.size());
            int to = (int) Math.min((long) from + maxCount, log.size());
            return List.copyOf(log.subList(from, to));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public StreamInfo streamInfo(StreamName stream) {
        Objects.requireNonNull(stream, "stream must not be null");
        lock.readLock().lock();
        try {
            ensureOpen();
            return table.info(stream);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long lastPosition() {
        return lastPosition;
    }

    @Override
    public void deleteStream(StreamName stream, ExpectedVersion expected) {
        delete(stream, expected, false);
    }

    @Override
    public void tombstoneStream(StreamName stream, ExpectedVersion expected) {
        delete(stream, expected, true);
    }

    private void delete(StreamName stream, ExpectedVersion expected, boolean tombstone) {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(expected, "expected must not be null");
        writes.delete(stream, expected, tombstone, (nextVersion, toPublish) -> {
            if (tombstone) {
                table.tombstone(stream);
            } else {
                table.softDelete(stream);
            }
        });
    }

    @Override
    public boolean awaitAppend(long afterPosition, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        return signal.await(afterPosition, timeout);
    }

    @Override
    public EventPublisher<EventStoreEvent> eventPublisher() {
        return events;
    }

    @Override
    public void close() {
        closed = true;
        signal.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new EventStoreException("the in-memory event store is closed");
        }
    }

    @Override
    public String toString() {
        return "InMemoryEventStore[lastPosition=" + lastPosition + "]";
    }

    /** Configures an {@link InMemoryEventStore}. Not threadsafe; build once. */
    public static final class Builder {
        private TimeSource timeSource = TimeSource.system();
        private int maxEventSize = EventStoreArguments.DEFAULT_MAX_EVENT_SIZE;

        private Builder() {
        }

        /** Where recorded times come from (default: the system clock). */
        public Builder timeSource(TimeSource timeSource) {
            this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
            return this;
        }

        /**
         * The largest event accepted, data plus type plus metadata, in bytes (default 1 MiB).
         *
         * @throws IllegalArgumentException if not in [1, 64 MiB]
         */
        public Builder maxEventSize(int maxEventSize) {
            this.maxEventSize = EventStoreArguments.checkMaxEventSize(maxEventSize);
            return this;
        }

        /** The store. */
        public InMemoryEventStore build() {
            return new InMemoryEventStore(this);
        }
    }
}
