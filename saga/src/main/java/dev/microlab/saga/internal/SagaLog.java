package dev.microlab.saga.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Encodes, decodes and reads saga log entries. The layout: one stream {@code saga-<sagaId>}
 * per saga, and one index stream that gets one {@code saga-started} entry per saga, written
 * before the saga's own stream, so that recovery finds every saga by reading the index only.
 * Threadsafe.
 */
public final class SagaLog {

    private static final int PAGE = 500;

    private static final Map<String, Class<? extends LogEntry>> TYPES = Map.of(
            LogEntry.Started.TYPE, LogEntry.Started.class,
            LogEntry.StepStarted.TYPE, LogEntry.StepStarted.class,
            LogEntry.StepSucceeded.TYPE, LogEntry.StepSucceeded.class,
            LogEntry.StepFailed.TYPE, LogEntry.StepFailed.class,
            LogEntry.CompensationStarted.TYPE, LogEntry.CompensationStarted.class,
            LogEntry.CompensationSucceeded.TYPE, LogEntry.CompensationSucceeded.class,
            LogEntry.CompensationFailed.TYPE, LogEntry.CompensationFailed.class,
            LogEntry.Ended.TYPE, LogEntry.Ended.class);

    private final EventStore store;
    private final ObjectMapper mapper;
    private final StreamName index;

    public SagaLog(EventStore store, ObjectMapper mapper, StreamName index) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
        this.index = Objects.requireNonNull(index, "index must not be null");
    }

    public EventStore store() {
        return store;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public StreamName index() {
        return index;
    }

    /** The stream of one saga. */
    public static StreamName streamOf(String sagaId) {
        return StreamName.of("saga-" + sagaId);
    }

    /** The index entry's id: derived from the saga id, so that re-appending it is a no-op. */
    public static UUID indexEventId(String sagaId) {
        return UUID.nameUUIDFromBytes(("saga-index:" + sagaId).getBytes(StandardCharsets.UTF_8));
    }

    public EventData encode(LogEntry entry) {
        try {
            return EventData.of(entry.type(), mapper.writeValueAsBytes(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write saga log entry " + entry + " as JSON: " + e.getMessage(), e);
        }
    }

    public LogEntry decode(RecordedEvent event) {
        Class<? extends LogEntry> type = TYPES.get(event.type());
        if (type == null) {
            throw new IllegalStateException("saga log " + event.stream() + " holds an event of unknown type '"
                    + event.type() + "' at version " + event.streamVersion());
        }
        try {
            return mapper.readValue(event.data(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read saga log entry " + event + ": " + e.getMessage(), e);
        }
    }

    /** Every entry of the saga's stream, decoded, with their versions. */
    public List<Versioned> read(String sagaId) {
        StreamName stream = streamOf(sagaId);
        List<Versioned> entries = new ArrayList<>();
        long from = 0;
        while (true) {
            List<RecordedEvent> page = store.readStreamForward(stream, from, PAGE);
            for (RecordedEvent e : page) {
                entries.add(new Versioned(e.streamVersion(), e, decode(e)));
                from = e.streamVersion() + 1;
            }
            if (page.size() < PAGE) {
                return entries;
            }
        }
    }

    /** The saga's state folded from its stream (not started if the stream is empty). */
    public SagaRecord fold(String sagaId) {
        SagaRecord record = new SagaRecord();
        for (Versioned v : read(sagaId)) {
            record.apply(v.entry(), v.version());
        }
        return record;
    }

    /** The index entries, in the order the sagas were started. */
    public List<LogEntry.Started> readIndex() {
        List<LogEntry.Started> started = new ArrayList<>();
        long from = 0;
        while (true) {
            List<RecordedEvent> page = store.readStreamForward(index, from, PAGE);
            for (RecordedEvent e : page) {
                if (decode(e) instanceof LogEntry.Started s) {
                    started.add(s);
                }
                from = e.streamVersion() + 1;
            }
            if (page.size() < PAGE) {
                return started;
            }
        }
    }

    /** An entry with its stream version and the raw event. */
    public record Versioned(long version, RecordedEvent event, LogEntry entry) {
    }
}
