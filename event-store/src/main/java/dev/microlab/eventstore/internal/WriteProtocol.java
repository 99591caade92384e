package dev.microlab.eventstore.internal;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStoreEvent;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * The one write protocol of every embedded backend: under the write lock, check the store is
 * writable, let the {@link StreamTable} decide (conflict, retry, write), write; then, after
 * the lock is released, publish what happened, refusals included. Backends differ only in
 * how they write (a list in memory, a frame on disk).
 *
 * <p>Threadsafe as far as the lock given to it makes it so.
 */
public final class WriteProtocol {

    /** Writes a planned append, with the lock held; records it in the table; returns its result. */
    @FunctionalInterface
    public interface EventsWriter {
        AppendResult write(long firstVersion, List<EventData> events, List<EventStoreEvent> toPublish);
    }

    /** Writes a planned deletion, with the lock held; records it in the table. */
    @FunctionalInterface
    public interface DeletionWriter {
        void write(long nextVersion, List<EventStoreEvent> toPublish);
    }

    private final Lock lock;
    private final StreamTable table;
    private final EventPublisher<EventStoreEvent> events;
    private final Runnable ensureWritable;

    /**
     * @param lock           the backend's write lock
     * @param table          the backend's index, changed only by the writers under {@code lock}
     * @param events         where to publish
     * @param ensureWritable throws if the store cannot take writes (closed, failed)
     */
    public WriteProtocol(Lock lock, StreamTable table, EventPublisher<EventStoreEvent> events,
            Runnable ensureWritable) {
        this.lock = lock;
        this.table = table;
        this.events = events;
        this.ensureWritable = ensureWritable;
    }

    /** Appends {@code batch} (already checked by {@link dev.microlab.eventstore.EventStoreArguments#checkAppend}). */
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> batch,
            EventsWriter writer) {
        List<EventStoreEvent> toPublish = events.hasListeners() ? new ArrayList<>(2) : null;
        lock.lock();
        try {
            ensureWritable.run();
            StreamTable.Plan plan = table.plan(stream, expected, batch);
            if (plan instanceof StreamTable.NoWrite noWrite) {
                if (noWrite.duplicate() && toPublish != null) {
                    toPublish.add(new EventStoreEvent.Deduplicated(stream, noWrite.result()));
                }
                return noWrite.result();
            }
            long firstVersion = ((StreamTable.Write) plan).firstVersion();
            AppendResult result = writer.write(firstVersion, batch, toPublish);
            if (toPublish != null) {
                toPublish.add(new EventStoreEvent.Appended(stream, firstVersion, result.nextExpectedVersion(),
                        result.lastPosition() - batch.size() + 1, result.lastPosition()));
            }
            return result;
        } catch (WrongExpectedVersionException e) {
            if (toPublish != null) {
                toPublish.add(new EventStoreEvent.ConcurrencyConflict(e.stream(), e.expected(), e.actualVersion()));
            }
            throw e;
        } finally {
            lock.unlock();
            publish(toPublish);
        }
    }

    /** Soft-deletes or tombstones {@code stream} if {@code expected} holds and it changes anything. */
    public void delete(StreamName stream, ExpectedVersion expected, boolean tombstone, DeletionWriter writer) {
        List<EventStoreEvent> toPublish = events.hasListeners() ? new ArrayList<>(2) : null;
        lock.lock();
        try {
            ensureWritable.run();
            if (!table.checkDelete(stream, expected, tombstone)) {
                return;
            }
            writer.write(table.info(stream).nextVersion(), toPublish);
            if (toPublish != null) {
                toPublish.add(new EventStoreEvent.StreamDeleted(stream, tombstone));
            }
        } catch (WrongExpectedVersionException e) {
            if (toPublish != null) {
                toPublish.add(new EventStoreEvent.ConcurrencyConflict(e.stream(), e.expected(), e.actualVersion()));
            }
            throw e;
        } finally {
            lock.unlock();
            publish(toPublish);
        }
    }

    private void publish(List<EventStoreEvent> toPublish) {
        if (toPublish != null) {
            toPublish.forEach(events::publish);
        }
    }
}
