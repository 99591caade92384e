package dev.microlab.eventstore;

import dev.microlab.core.event.EventPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An event store that passes every call to another one: the base for a decorator that changes
 * only what it needs — counting reads, timing appends, injecting a crash after the k-th append
 * in a recovery test — in the style of Guava's {@code Forwarding*} classes.
 *
 * <pre>{@code
 * final class CountingStore extends ForwardingEventStore {
 *     final AtomicInteger appends = new AtomicInteger();
 *     CountingStore(EventStore delegate) { super(delegate); }
 *
 *     @Override
 *     public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events) {
 *         appends.incrementAndGet();
 *         return super.append(stream, expected, events);
 *     }
 * }
 * }</pre>
 *
 * <p>The default methods of {@link EventStore} (the varargs append, forward and backward reads)
 * go through the overridable methods, so a decorator that overrides {@code append(…, List)} or
 * {@code readStream} sees those calls too. This class is threadsafe if its delegate is and the
 * subclass's own state is.
 */
public abstract class ForwardingEventStore implements EventStore {

    private final EventStore delegate;

    /** Forwards to {@code delegate}. */
    protected ForwardingEventStore(EventStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
    }

    /** The store every call goes to. */
    protected final EventStore delegate() {
        return delegate;
    }

    @Override
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events) {
        return delegate.append(stream, expected, events);
    }

    @Override
    public List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion, int maxCount) {
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
        return delegate.awaitAppend(afterPosition, timeout);
    }

    @Override
    public EventPublisher<EventStoreEvent> eventPublisher() {
        return delegate.eventPublisher();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
