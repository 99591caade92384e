package dev.microlab.cqrs;

import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ForwardingEventStore;
import dev.microlab.eventstore.ReadDirection;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An event store that counts stream reads and the events they returned, delegating everything. */
final class CountingEventStore extends ForwardingEventStore {

    final AtomicInteger streamReads = new AtomicInteger();
    final AtomicInteger eventsRead = new AtomicInteger();

    CountingEventStore(EventStore delegate) {
        super(delegate);
    }

    void reset() {
        streamReads.set(0);
        eventsRead.set(0);
    }

    @Override
    public List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion, int maxCount) {
        List<RecordedEvent> page = super.readStream(stream, direction, fromVersion, maxCount);
        streamReads.incrementAndGet();
        eventsRead.addAndGet(page.size());
        return page;
    }
}
