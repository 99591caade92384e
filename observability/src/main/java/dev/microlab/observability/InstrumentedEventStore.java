package dev.microlab.observability;

import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.ForwardingEventStore;
import dev.microlab.eventstore.ReadDirection;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EventStore} that times every append and read into Micrometer, made by
 * {@link MicrolabMetrics#instrument(String, EventStore)}. Timers are resolved once, so a call
 * costs two reads of the binder's time source and one timer update.
 *
 * <p>This class is threadsafe if the store it wraps is.
 */
final class InstrumentedEventStore extends ForwardingEventStore {

    private final TimeSource time;
    private final Timer appendSuccess;
    private final Timer appendConflict;
    private final Timer appendError;
    private final Counter appendedEvents;
    private final Timer readStream;
    private final Timer readAll;

    InstrumentedEventStore(EventStore delegate, String name, TimeSource time, MeterBinding binding) {
        super(delegate);
        this.time = time;
        Tags tags = Tags.of("name", name);
        String append = "appends, by outcome (conflict: the expected version did not match)";
        appendSuccess = binding.timer("microlab.eventstore.append", append, tags.and("outcome", "success"));
        appendConflict = binding.timer("microlab.eventstore.append", append, tags.and("outcome", "conflict"));
        appendError = binding.timer("microlab.eventstore.append", append, tags.and("outcome", "error"));
        appendedEvents = binding.counter("microlab.eventstore.appended.events", "events written by appends", tags);
        String read = "reads, of one stream or of the whole log";
        readStream = binding.timer("microlab.eventstore.read", read, tags.and("kind", "stream"));
        readAll = binding.timer("microlab.eventstore.read", read, tags.and("kind", "all"));
        binding.gauge("microlab.eventstore.last.position", "the position of the last event stored", null, tags,
                delegate, EventStore::lastPosition);
    }

    @Override
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events) {
        long start = time.nanoTime();
        Timer outcome = appendError;
        try {
            AppendResult result = super.append(stream, expected, events);
            outcome = appendSuccess;
            appendedEvents.increment(events.size());
            return result;
        } catch (WrongExpectedVersionException e) {
            outcome = appendConflict;
            throw e;
        } finally {
            outcome.record(time.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion, int maxCount) {
        long start = time.nanoTime();
        try {
            return super.readStream(stream, direction, fromVersion, maxCount);
        } finally {
            readStream.record(time.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public List<RecordedEvent> readAll(long afterPosition, int maxCount) {
        long start = time.nanoTime();
        try {
            return super.readAll(afterPosition, maxCount);
        } finally {
            readAll.record(time.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
