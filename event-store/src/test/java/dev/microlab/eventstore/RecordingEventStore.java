package dev.microlab.eventstore;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A test double that delegates to a real store and records how it is called. */
final class RecordingEventStore extends ForwardingEventStore {

    final AtomicInteger streamReads = new AtomicInteger();
    final BlockingQueue<Duration> awaitTimeouts = new LinkedBlockingQueue<>();

    RecordingEventStore(EventStore delegate) {
        super(delegate);
    }

    @Override
    public List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion, int maxCount) {
        streamReads.incrementAndGet();
        return super.readStream(stream, direction, fromVersion, maxCount);
    }

    @Override
    public boolean awaitAppend(long afterPosition, Duration timeout) throws InterruptedException {
        awaitTimeouts.add(timeout);
        return super.awaitAppend(afterPosition, timeout);
    }
}
