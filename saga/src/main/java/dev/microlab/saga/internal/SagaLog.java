package dev.microlab.saga.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamInfo;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Encodes, decodes and reads saga log entries. The layout: one stream {@code saga-<sagaId>}
 * per saga, and one index stream that gets one {@code saga-started} entry per saga, written
 * before the saga's own stream, so that recovery finds every saga by reading the index only.
 * Threadsafe.
 */
public final class SagaLog {

    private static final int PAGE = 500;

    private static final Map<String, Class<? extends LogEntry>> TYPES = Map.ofEntries(
            Map.entry(LogEntry.Started.TYPE, LogEntry.Started.class),
            Map.entry(LogEntry.StepStarted.TYPE, LogEntry.StepStarted.class),
            Map.entry(LogEntry.StepSucceeded.TYPE, LogEntry.StepSucceeded.class),
            Map.entry(LogEntry.StepFailed.TYPE, LogEntry.StepFailed.class),
            Map.entry(LogEntry.CompensationStarted.TYPE, LogEntry.CompensationStarted.class),
            Map.entry(LogEntry.CompensationSucceeded.TYPE, LogEntry.CompensationSucceeded.class),
            Map.entry(LogEntry.CompensationFailed.TYPE, LogEntry.CompensationFailed.class),
            Map.entry(LogEntry.Cancelled.TYPE, LogEntry.Cancelled.class),
            Map.entry(LogEntry.CompensationRetried.TYPE, LogEntry.CompensationRetried.class),
            Map.entry(LogEntry.Resolved.TYPE, LogEntry.Resolved.class),
            Map.entry(LogEntry.Archived.TYPE, LogEntry.Archived.class),
            Map.entry(LogEntry.Carried.TYPE, LogEntry.Carried.class),
            Map.entry(LogEntry.Ended.TYPE, LogEntry.Ended.class));

    private final EventStore store;
    private final ObjectMapper mapper;
    private final StreamName index;
    private final StreamName archive;
    private final StreamName carry;

    public SagaLog(EventStore store, ObjectMapper mapper, StreamName index) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
        this.index = Objects.requireNonNull(index, "index must not be null");
        this.archive = archiveOf(index);
        this.carry = StreamName.of(index.value() + "-carry");
    }

    /** The archive stream of {@code index}: one entry per ended saga taken out of the index. */
    public static StreamName archiveOf(StreamName index) {
        return StreamName.of(index.value() + "-archive");
    }

    public StreamName archive() {
        return archive;
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

    /**
     * The sagas of the active index, once each, in the order they were started: the entries of
     * the last archiving pass's carry batch (in case the pass died before it relisted them),
     * then the visible entries of the index stream. Ended sagas that were archived are not in it.
     */
    public List<LogEntry.Started> readIndex() {
        Map<String, LogEntry.Started> bySaga = new LinkedHashMap<>();
        for (LogEntry.Carried c : lastCarryBatch()) {
            bySaga.putIfAbsent(c.sagaId(), c.started());
        }
        for (LogEntry e : readAll(index)) {
            if (e instanceof LogEntry.Started s) {
                bySaga.putIfAbsent(s.sagaId(), s);
            } else if (e instanceof LogEntry.Carried c) {
                bySaga.putIfAbsent(c.sagaId(), c.started());
            }
        }
        return new ArrayList<>(bySaga.values());
    }

    /** The archived sagas, oldest first. */
    public List<LogEntry.Archived> readArchive() {
        List<LogEntry.Archived> archived = new ArrayList<>();
        for (LogEntry e : readAll(archive)) {
            if (e instanceof LogEntry.Archived a) {
                archived.add(a);
            }
        }
        return archived;
    }

    private List<LogEntry> readAll(StreamName stream) {
        List<LogEntry> entries = new ArrayList<>();
        long from = 0;
        while (true) {
            List<RecordedEvent> page = store.readStreamForward(stream, from, PAGE);
            for (RecordedEvent e : page) {
                entries.add(decode(e));
                from = e.streamVersion() + 1;
            }
            if (page.size() < PAGE) {
                return entries;
            }
        }
    }

    /** The entries of the last batch in the carry stream (read backward: O(that batch)). */
    private List<LogEntry.Carried> lastCarryBatch() {
        List<LogEntry.Carried> batch = new ArrayList<>();
        long generation = -1;
        long from = EventStore.END;
        while (true) {
            List<RecordedEvent> page = store.readStreamBackward(carry, from, PAGE);
            for (RecordedEvent e : page) {
                if (!(decode(e) instanceof LogEntry.Carried c)) {
                    continue;
                }
                if (generation >= 0 && c.generation() != generation) {
                    Collections.reverse(batch);
                    return batch;
                }
                generation = c.generation();
                batch.add(c);
            }
            if (page.size() < PAGE || page.get(page.size() - 1).streamVersion() == 0) {
                Collections.reverse(batch);
                return batch;
            }
            from = page.get(page.size() - 1).streamVersion() - 1;
        }
    }

    /**
     * Takes the ended sagas out of the active index, without losing an unfinished one whatever
     * moment the process dies at: (1) the ended ones go to the archive stream; (2) the
     * unfinished ones are copied to the carry stream, which {@link #readIndex()} also reads;
     * (3) the index stream is soft-deleted, if no saga was started meanwhile (exact expected
     * version; otherwise the pass starts over); (4) the unfinished ones are listed in it again.
     * Each entry is appended on its own with an id derived from the saga id and the pass, so
     * re-running a pass after a crash writes nothing twice.
     *
     * @param endedState the terminal state of a saga that ended for good, or empty
     * @return how many sagas were archived
     */
    public int archiveEnded(Function<String, Optional<String>> endedState) {
        for (int pass = 0; ; pass++) {
            StreamInfo info = store.streamInfo(index);
            long generation = info.nextVersion();
            List<LogEntry.Started> unfinished = new ArrayList<>();
            int archived = 0;
            for (LogEntry.Started s : readIndex()) {
                Optional<String> state = endedState.apply(s.sagaId());
                if (state.isPresent()) {
                    appendOnce(archive, new LogEntry.Archived(s.sagaType(), s.sagaId(), state.get()),
                            "saga-archived:" + s.sagaId());
                    archived++;
                } else {
                    unfinished.add(s);
                }
            }
            if (archived == 0) {
                return 0;
            }
            for (LogEntry.Started s : unfinished) {
                appendOnce(carry, new LogEntry.Carried(s.sagaType(), s.sagaId(), s.data(), generation),
                        "saga-carried:" + generation + ":" + s.sagaId());
            }
            if (info.exists()) {
                try {
                    store.deleteStream(index, ExpectedVersion.of(info.version()));
                } catch (WrongExpectedVersionException startedMeanwhile) {
                    if (pass >= 100) {
                        throw startedMeanwhile;
                    }
                    continue;
                }
            }
            for (LogEntry.Started s : unfinished) {
                appendOnce(index, new LogEntry.Carried(s.sagaType(), s.sagaId(), s.data(), generation),
                        "saga-relisted:" + generation + ":" + s.sagaId());
            }
            return archived;
        }
    }

    private void appendOnce(StreamName stream, LogEntry entry, String idName) {
        store.append(stream, ExpectedVersion.ANY, List.of(withId(encode(entry), idName)));
    }

    private static EventData withId(EventData data, String name) {
        return new EventData(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), data.type(), 1,
                data.data(), data.metadata());
    }

    /** An entry with its stream version and the raw event. */
    public record Versioned(long version, RecordedEvent event, LogEntry entry) {
    }
}
