package dev.microlab.cqrs;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventStoreEvent;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.ReadDirection;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamInfo;
import dev.microlab.eventstore.StreamName;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An event store that counts stream reads and the events they returned, delegating everything. */
final class CountingEventStore implements EventStore {

    final EventStore delegate;
    final AtomicInteger streamReads = new AtomicInteger();
    final AtomicInteger eventsRead = new AtomicInteger();

    CountingEventStore(EventStore delegate) {
        this.delegate = delegate;
    }

    void reset() {
        streamReads.set(0);
        eventsRead.set(0);
    }

    @Override
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events) {
        return delegate.append(stream, expected, events);
    }

    @Override
    public List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion, int maxCount) {
        List<RecordedEvent> page = delegate.readStream(stream, direction, fromVersion, maxCount);
        streamReads.incrementAndGet();
        eventsRead.addAndGet(page.size());
        return page;
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
