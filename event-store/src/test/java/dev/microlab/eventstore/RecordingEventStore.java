package dev.microlab.eventstore;

import dev.microlab.core.event.EventPublisher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A test double that delegates to a real store and records how it is called. */
final class RecordingEventStore implements EventStore {

    final EventStore delegate;
    final AtomicInteger streamReads = new AtomicInteger();
    final BlockingQueue<Duration> awaitTimeouts = new LinkedBlockingQueue<>();

    RecordingEventStore(EventStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events) {
        return delegate.append(stream, expected, events);
    }

    @Override
    public List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion, int maxCount) {
        streamReads.incrementAndGet();
        return delegate.readStream(stream, direction, fromVersion, maxCount);
    }

    @Override
    public List<RecordedEvent> readAll(long afterPosition, int maxCount) {
        return delegate.readAll(afterPosition, maxCount);
    }

    @Override
    public StreamInfo streamInfo(StreamName stream) {
        return delegate.streamInfo(stream);
    }

    @Override
    public long lastPosition() {
        return delegate.lastPosition();
    }

    @Override
    public void deleteStream(StreamName stream, ExpectedVersion expected) {
        delegate.deleteStream(stream, expected);
    }

    @Override
    public void tombstoneStream(StreamName stream, ExpectedVersion expected) {
        delegate.tombstoneStream(stream, expected);
    }

    @Override
    public boolean awaitAppend(long afterPosition, Duration timeout) throws InterruptedException {
        awaitTimeouts.add(timeout);
        return delegate.awaitAppend(afterPosition, timeout);
    }

    @Override
    public EventPublisher<EventStoreEvent> events() {
        return delegate.events();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
