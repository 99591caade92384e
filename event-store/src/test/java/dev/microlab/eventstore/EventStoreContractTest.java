package dev.microlab.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link EventStore} backend must have: the contract test kit. Each
 * backend's test class extends this one and says how to create (and, for durable backends,
 * reopen) a store; the whole specification (expected versions, KurrentDB's idempotency rules,
 * reads, deletion, bad input, subscriptions, concurrency, the typed layer and snapshots) then
 * runs against it unchanged. The in-memory and file stores run it here.
 *
 * <p><b>Your own backend</b> runs it too: event-store publishes its test classes as a
 * {@code test-jar}. Add it with JUnit Jupiter and AssertJ (the kit's own test dependencies) to
 * your test class path, then extend this class from any package:
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.microlab</groupId><artifactId>event-store</artifactId><version>${microlab.version}</version>
 *   <type>test-jar</type><scope>test</scope>
 * </dependency>
 *
 * class MyEventStoreContractTest extends EventStoreContractTest {
 *     protected EventStore newStore(int maxEventSize) { return new MyEventStore(time, maxEventSize); }
 *     protected EventStore reopen(EventStore current) { current.close(); return ...; }
 * }
 * }</pre>
 *
 * The kit runs on the class path (it shares the {@code dev.microlab.eventstore} package).
 * See {@code com.example.eventstore.AuditedEventStoreContractTest} in this module's tests for a
 * backend of another package running it.
 */
public abstract class EventStoreContractTest {

    /**
     * The clock the store must record times with: tests move it by hand and check
     * {@link RecordedEvent#recordedAt()} against it.
     */
    protected final ManualTimeSource time = new ManualTimeSource();

    /** The store under test, made by {@link #newStore} before each test and closed after it. */
    protected EventStore store;

    /** For subclasses: one per backend, saying how to make and reopen its store. */
    protected EventStoreContractTest() {
    }

    /**
     * A new, empty store recording times from {@link #time}, that refuses events larger than
     * {@code maxEventSize} bytes of data, type and metadata (as {@link EventData#sizeInBytes()}
     * counts them; {@link EventStoreArguments#checkAppend} applies the limit).
     */
    protected abstract EventStore newStore(int maxEventSize) throws Exception;

    /**
     * The same store after a restart: a durable backend closes {@code current} and opens its
     * data again (with {@link #time}); one that keeps nothing returns {@code current} as is.
     */
    protected abstract EventStore reopen(EventStore current) throws Exception;

    static final int MAX_EVENT_SIZE = 4096;
    static final StreamName ORDER = StreamName.of("order-1");
    static final StreamName OTHER = StreamName.of("order-2");

    @BeforeEach
    void createStore() throws Exception {
        store = newStore(MAX_EVENT_SIZE);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static EventData event(String text) {
        return EventData.of("note-added", text.getBytes(UTF_8));
    }

    static List<EventData> events(String... texts) {
        return Arrays.stream(texts).map(EventStoreContractTest::event).toList();
    }

    static List<String> texts(List<RecordedEvent> recorded) {
        return recorded.stream().map(RecordedEvent::dataAsString).toList();
    }

    static List<Long> positions(List<RecordedEvent> recorded) {
        return recorded.stream().map(RecordedEvent::position).toList();
    }

    static List<Long> versions(List<RecordedEvent> recorded) {
        return recorded.stream().map(RecordedEvent::streamVersion).toList();
    }

    @Nested
    @DisplayName("expected version")
    class ExpectedVersions {

        @Test
        @DisplayName("NO_STREAM creates a stream with several events in one append (KurrentDB client #159)")
        void noStreamWithSeveralEvents() {
            // When
            AppendResult result = store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b", "c"));

            // Then
            assertThat(result).as("the result names the last version and position")
                    .isEqualTo(new AppendResult(ORDER, 2, 3));
            List<RecordedEvent> read = store.readStreamForward(ORDER, 0, 10);
            assertThat(versions(read)).as("versions are zero-based and consecutive").containsExactly(0L, 1L, 2L);
            assertThat(positions(read)).as("positions start at 1").containsExactly(1L, 2L, 3L);
        }

        @Test
        @DisplayName("NO_STREAM on an existing stream fails with stream, expected and actual version")
        void noStreamOnExistingStreamFails() {
            // Given
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b"));

            // When
            WrongExpectedVersionException e = catchThrowableOfType(WrongExpectedVersionException.class,
                    () -> store.append(ORDER, ExpectedVersion.NO_STREAM, events("c")));

            // Then
            assertThat(e).as("the conflict is reported").isNotNull();
            assertThat(e.stream()).isEqualTo(ORDER);
            assertThat(e.expected()).isEqualTo(ExpectedVersion.NO_STREAM);
            assertThat(e.actualVersion()).as("actual version is the last event's").isEqualTo(1L);
            assertThat(texts(store.readStreamForward(ORDER, 0, 10))).as("nothing was written").containsExactly("a", "b");
        }

        @Test
        @DisplayName("ANY appends to an absent and to an existing stream")
        void anyAlwaysAppends() {
            store.append(ORDER, ExpectedVersion.ANY, events("a"));
            AppendResult second = store.append(ORDER, ExpectedVersion.ANY, events("b"));

            assertThat(second.nextExpectedVersion()).as("second event has version 1").isEqualTo(1L);
        }

        @Test
        @DisplayName("STREAM_EXISTS fails on an absent stream and succeeds on an existing one")
        void streamExists() {
            WrongExpectedVersionException e = catchThrowableOfType(WrongExpectedVersionException.class,
                    () -> store.append(ORDER, ExpectedVersion.STREAM_EXISTS, events("a")));
            assertThat(e.actualVersion()).as("absent stream has no version").isEqualTo(EventStore.NO_VERSION);

            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a"));
            AppendResult r = store.append(ORDER, ExpectedVersion.STREAM_EXISTS, events("b"));
            assertThat(r.nextExpectedVersion()).isEqualTo(1L);
        }

        @Test
        @DisplayName("exact(n) succeeds when the last version is n and fails otherwise")
        void exactVersion() {
            // Given
            AppendResult first = store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b"));

            // When
            AppendResult ok = store.append(ORDER, first.nextExpected(), events("c"));
            WrongExpectedVersionException stale = catchThrowableOfType(WrongExpectedVersionException.class,
                    () -> store.append(ORDER, ExpectedVersion.exact(1), events("d")));

            // Then
            assertThat(ok.nextExpectedVersion()).isEqualTo(2L);
            assertThat(stale.expected()).isEqualTo(ExpectedVersion.exact(1));
            assertThat(stale.actualVersion()).isEqualTo(2L);
            assertThat(texts(store.readStreamForward(ORDER, 0, 10))).containsExactly("a", "b", "c");
        }

        @ParameterizedTest(name = "exact({0})")
        @ValueSource(longs = {0, 1, 5})
        @DisplayName("exact(n) on a stream that does not exist fails, whatever n (Marten #2864)")
        void exactOnMissingStreamFails(long n) {
            WrongExpectedVersionException e = catchThrowableOfType(WrongExpectedVersionException.class,
                    () -> store.append(ORDER, ExpectedVersion.exact(n), events("a")));

            assertThat(e).as("exact(%d) on a missing stream must conflict", n).isNotNull();
            assertThat(e.actualVersion()).isEqualTo(EventStore.NO_VERSION);
            assertThat(store.lastPosition()).as("nothing was written").isEqualTo(EventStore.START);
        }

        @Test
        @DisplayName("a refused append leaves other streams and global positions untouched")
        void conflictWritesNothing() {
            store.append(OTHER, ExpectedVersion.NO_STREAM, events("x"));
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a"));

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.exact(7), events("b", "c")))
                    .isInstanceOf(WrongExpectedVersionException.class);
            AppendResult next = store.append(OTHER, ExpectedVersion.exact(0), events("y"));

            assertThat(next.lastPosition()).as("no position was consumed by the refused append").isEqualTo(3L);
        }

        @Test
        @DisplayName("a refused append is published as a concurrency conflict")
        void conflictIsPublished() {
            List<EventStoreEvent> seen = new ArrayList<>();
            store.eventPublisher().subscribe(seen::add);

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.STREAM_EXISTS, events("a")))
                    .isInstanceOf(WrongExpectedVersionException.class);

            assertThat(seen).as("listeners learn about the conflict").containsExactly(
                    new EventStoreEvent.ConcurrencyConflict(ORDER, ExpectedVersion.STREAM_EXISTS, EventStore.NO_VERSION));
        }
    }

    @Nested
    @DisplayName("idempotency and empty appends")
    class Idempotency {

        @Test
        @DisplayName("appending the same events again returns the same result and writes no duplicate")
        void retryIsIdempotent() {
            // Given
            List<EventData> batch = events("a", "b");
            AppendResult first = store.append(ORDER, ExpectedVersion.NO_STREAM, batch);

            // When: a retry after a lost acknowledgement, with the now stale expected version
            AppendResult retry = store.append(ORDER, ExpectedVersion.NO_STREAM, batch);

            // Then
            assertThat(retry).as("the retry answers like the original").isEqualTo(first);
            assertThat(store.readAll(EventStore.START, 10)).as("no duplicate was written").hasSize(2);
        }

        @Test
        @DisplayName("a retry is still recognised after other events were appended to the stream")
        void retryAfterLaterAppends() {
            List<EventData> batch = events("a");
            AppendResult first = store.append(ORDER, ExpectedVersion.NO_STREAM, batch);
            store.append(ORDER, ExpectedVersion.exact(0), events("b"));

            AppendResult retry = store.append(ORDER, ExpectedVersion.NO_STREAM, batch);

            assertThat(retry).isEqualTo(first);
            assertThat(store.lastPosition()).isEqualTo(2L);
        }

        @Test
        @DisplayName("a batch that only partly matches the stored ids is a wrong expected version and writes nothing"
                + " (KurrentDB: corrupted idempotency)")
        void partialDuplicateRefused() {
            List<EventData> batch = events("a", "b");
            store.append(ORDER, ExpectedVersion.NO_STREAM, batch);

            List<EventData> mixed = List.of(batch.get(0), event("new"));
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.ANY, mixed))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.NO_STREAM, mixed))
                    .isInstanceOf(WrongExpectedVersionException.class);

            assertThat(store.lastPosition()).as("nothing was written").isEqualTo(2L);
        }

        @Test
        @DisplayName("a batch that contains the same id twice is refused")
        void repeatedIdInBatchRefused() {
            EventData e = event("a");

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.ANY, e, e))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("twice");
            assertThat(store.lastPosition()).isEqualTo(EventStore.START);
        }

        @Test
        @DisplayName("an empty append changes nothing, not even the existence of the stream (Marten #5539)")
        void emptyAppendChangesNothing() {
            // When
            AppendResult r = store.append(ORDER, ExpectedVersion.ANY, List.of());

            // Then
            assertThat(r).isEqualTo(new AppendResult(ORDER, EventStore.NO_VERSION, EventStore.START));
            assertThat(store.streamInfo(ORDER).status()).as("no stream was created").isEqualTo(StreamStatus.NONE);
            assertThat(store.lastPosition()).isEqualTo(EventStore.START);
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a"));
        }

        @Test
        @DisplayName("an empty append on an existing stream reports its state and writes nothing")
        void emptyAppendOnExistingStream() {
            store.append(OTHER, ExpectedVersion.NO_STREAM, events("x"));
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b"));

            AppendResult r = store.append(ORDER, ExpectedVersion.exact(1), List.of());

            assertThat(r).isEqualTo(new AppendResult(ORDER, 1, 3));
            assertThat(store.lastPosition()).isEqualTo(3L);
        }

        @Test
        @DisplayName("an empty append still checks the expected version, so it can assert a stream's state")
        void emptyAppendChecksVersion() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a"));

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.exact(3), List.of()))
                    .isInstanceOf(WrongExpectedVersionException.class);
        }
    }

    /**
     * Idempotent appends as KurrentDB defines them: a retry is recognised by the ids of the
     * events at the position the expected version names, and nowhere else. A store keeps no
     * batch boundaries, so the rules speak of positions in the stream only.
     */
    @Nested
    @DisplayName("idempotency as KurrentDB defines it")
    class KurrentDbIdempotency {

        private List<EventData> ab;
        private List<EventData> c;
        private AppendResult abResult;
        private AppendResult cResult;

        @BeforeEach
        void given() {
            // Given: order-1 = [a, b] appended with NO_STREAM, then [c] appended with exact(1)
            ab = events("a", "b");
            c = events("c");
            abResult = store.append(ORDER, ExpectedVersion.NO_STREAM, ab);
            cResult = store.append(ORDER, ExpectedVersion.exact(1), c);
        }

        private void assertNothingWritten() {
            assertThat(store.lastPosition()).as("nothing was written").isEqualTo(3L);
            assertThat(texts(store.readStreamForward(ORDER, 0, 10))).containsExactly("a", "b", "c");
        }

        @Test
        @DisplayName("the same ids with the same expected version: the original result, nothing written")
        void sameIdsSameExpectedVersion() {
            assertThat(store.append(ORDER, ExpectedVersion.NO_STREAM, ab)).isEqualTo(abResult);
            assertThat(store.append(ORDER, ExpectedVersion.exact(1), c)).isEqualTo(cResult);
            assertNothingWritten();
        }

        @Test
        @DisplayName("the same ids with a different expected version: wrong expected version")
        void sameIdsOtherExpectedVersion() {
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.exact(0), ab))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.NO_STREAM, c))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.exact(7), c))
                    .as("a version the stream never had").isInstanceOf(WrongExpectedVersionException.class);
            assertNothingWritten();
        }

        @Test
        @DisplayName("ids that do not match the events at that position: wrong expected version, nothing written")
        void idsNotMatchingThePosition() {
            EventData x = event("x");
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.NO_STREAM, List.of(ab.get(0), x)))
                    .as("first id matches, second does not").isInstanceOf(WrongExpectedVersionException.class)
                    .satisfies(e -> assertThat(((WrongExpectedVersionException) e).actualVersion()).isEqualTo(2L));
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.NO_STREAM, List.of(x, ab.get(1))))
                    .as("second id matches, first does not").isInstanceOf(WrongExpectedVersionException.class);
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.NO_STREAM, List.of(ab.get(1), ab.get(0))))
                    .as("the right ids in the wrong order").isInstanceOf(WrongExpectedVersionException.class);
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.exact(1), List.of(c.get(0), x)))
                    .as("a longer batch than what is stored there")
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertNothingWritten();
        }

        @Test
        @DisplayName("a part of a stored batch is a retry only at its own position: [a] with NO_STREAM is, [b] is not")
        void partOfAStoredBatch() {
            assertThat(store.append(ORDER, ExpectedVersion.NO_STREAM, ab.subList(0, 1)))
                    .isEqualTo(new AppendResult(ORDER, 0, 1));
            assertThat(store.append(ORDER, ExpectedVersion.exact(0), ab.subList(1, 2)))
                    .isEqualTo(new AppendResult(ORDER, 1, 2));
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.NO_STREAM, ab.subList(1, 2)))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertNothingWritten();
        }

        @Test
        @DisplayName("ANY: a batch whose first id is stored in the stream is a retry if the following ids match,"
                + " a wrong expected version if they do not")
        void anyExpectedVersion() {
            assertThat(store.append(ORDER, ExpectedVersion.ANY, ab)).isEqualTo(abResult);
            assertThat(store.append(ORDER, ExpectedVersion.ANY, c)).isEqualTo(cResult);
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.ANY, List.of(ab.get(0), event("x"))))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertNothingWritten();
        }

        @Test
        @DisplayName("STREAM_EXISTS: the same ids are a retry")
        void streamExists() {
            AppendResult d = store.append(ORDER, ExpectedVersion.STREAM_EXISTS, events("d"));
            List<EventData> retry = store.readStreamForward(ORDER, 3, 1).stream()
                    .map(e -> new EventData(e.eventId(), e.type(), e.revision(), e.data(), e.metadata())).toList();

            assertThat(store.append(ORDER, ExpectedVersion.STREAM_EXISTS, retry)).isEqualTo(d);
            assertThat(store.lastPosition()).isEqualTo(4L);
        }

        @Test
        @DisplayName("the same ids sent again at the stream's new end (a command re-executed on the new state):"
                + " the original result, nothing written; different ids there are written")
        void sameIdsAtTheNewEnd() {
            assertThat(store.append(ORDER, ExpectedVersion.exact(2), c)).isEqualTo(cResult);
            assertThat(store.append(ORDER, ExpectedVersion.exact(2), ab)).isEqualTo(abResult);
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.exact(2), List.of(ab.get(0), event("x"))))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertNothingWritten();

            assertThat(store.append(ORDER, ExpectedVersion.exact(2), events("d")))
                    .isEqualTo(new AppendResult(ORDER, 3, 4));
        }

        @Test
        @DisplayName("ids are per stream: the same ids in another stream are new events there")
        void idsArePerStream() {
            AppendResult other = store.append(OTHER, ExpectedVersion.NO_STREAM, ab);

            assertThat(other).isEqualTo(new AppendResult(OTHER, 1, 5));
            assertThat(store.readStreamForward(OTHER, 0, 10)).extracting(RecordedEvent::eventId)
                    .containsExactly(ab.get(0).eventId(), ab.get(1).eventId());
            assertThat(store.append(OTHER, ExpectedVersion.NO_STREAM, ab)).as("and retried there").isEqualTo(other);
            assertThat(store.append(ORDER, ExpectedVersion.NO_STREAM, ab)).as("still a retry in the first stream")
                    .isEqualTo(abResult);
        }

        @Test
        @DisplayName("a retry is still recognised after a restart")
        void retryAfterRestart() throws Exception {
            store = reopen(store);

            assertThat(store.append(ORDER, ExpectedVersion.NO_STREAM, ab)).isEqualTo(abResult);
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.exact(0), ab))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertNothingWritten();
        }

        @Test
        @DisplayName("a retry to a stream tombstoned since is refused as deleted")
        void retryAfterTombstone() {
            store.tombstoneStream(ORDER, ExpectedVersion.exact(2));

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.NO_STREAM, ab))
                    .isInstanceOf(StreamDeletedException.class);
        }

        @Test
        @DisplayName("a conflicting retry is published as a concurrency conflict")
        void conflictingRetryIsPublished() {
            List<EventStoreEvent> seen = new ArrayList<>();
            store.eventPublisher().subscribe(seen::add);

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.exact(0), ab))
                    .isInstanceOf(WrongExpectedVersionException.class);

            assertThat(seen).containsExactly(
                    new EventStoreEvent.ConcurrencyConflict(ORDER, ExpectedVersion.exact(0), 2));
        }
    }

    @Nested
    @DisplayName("reading")
    class Reading {

        @BeforeEach
        void fill() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("o0", "o1"));
            store.append(OTHER, ExpectedVersion.NO_STREAM, events("x0"));
            store.append(ORDER, ExpectedVersion.exact(1), events("o2", "o3", "o4"));
        }

        @Test
        @DisplayName("reads a stream forwards from a version, up to a max count")
        void forwardFromVersionWithMaxCount() {
            assertThat(texts(store.readStreamForward(ORDER, 1, 2))).containsExactly("o1", "o2");
            assertThat(texts(store.readStreamForward(ORDER, 3, 100))).containsExactly("o3", "o4");
            assertThat(store.readStreamForward(ORDER, 5, 100)).as("past the end reads nothing").isEmpty();
        }

        @Test
        @DisplayName("reads a stream backwards from the end or from a version")
        void backward() {
            assertThat(texts(store.readStreamBackward(ORDER, EventStore.END, 2))).containsExactly("o4", "o3");
            assertThat(texts(store.readStreamBackward(ORDER, 2, 100))).containsExactly("o2", "o1", "o0");
            assertThat(versions(store.readStreamBackward(ORDER, 0, 100))).containsExactly(0L);
        }

        @Test
        @DisplayName("reading a stream that does not exist returns nothing")
        void missingStream() {
            assertThat(store.readStreamForward(StreamName.of("nobody"), 0, 10)).isEmpty();
            assertThat(store.readStreamBackward(StreamName.of("nobody"), EventStore.END, 10)).isEmpty();
        }

        @Test
        @DisplayName("readAll resumes strictly after the given position (KurrentDB #4970)")
        void readAllIsExclusive() {
            List<RecordedEvent> page = store.readAll(3, 2);

            assertThat(positions(page)).as("position 3 itself is not read again").containsExactly(4L, 5L);
            assertThat(texts(page)).containsExactly("o2", "o3");
        }

        @Test
        @DisplayName("readAll from START returns everything in position order; past the end returns nothing")
        void readAllEverything() {
            assertThat(texts(store.readAll(EventStore.START, 100))).containsExactly("o0", "o1", "x0", "o2", "o3", "o4");
            assertThat(store.readAll(6, 10)).isEmpty();
            assertThat(store.readAll(600, 10)).isEmpty();
            assertThat(store.lastPosition()).isEqualTo(6L);
        }

        @Test
        @DisplayName("a recorded event keeps its id, type, revision, data, metadata and recorded time")
        void recordedEventFields() {
            time.advance(Duration.ofMinutes(5));
            EventMetadata md = EventMetadata.EMPTY.withCorrelationId("corr-1").withCausationId("cause-1")
                    .withHeader("user", "ana");
            EventData data = new EventData(UUID.randomUUID(), "order-placed", 3, "{\"x\":1}".getBytes(UTF_8), md);

            store.append(StreamName.of("order-9"), ExpectedVersion.NO_STREAM, data);
            RecordedEvent e = store.readStreamForward(StreamName.of("order-9"), 0, 1).get(0);

            assertThat(e.eventId()).isEqualTo(data.eventId());
            assertThat(e.type()).isEqualTo("order-placed");
            assertThat(e.revision()).isEqualTo(3);
            assertThat(e.dataAsString()).isEqualTo("{\"x\":1}");
            assertThat(e.metadata()).as("metadata round-trips").isEqualTo(md);
            assertThat(e.recordedAt()).as("recorded time comes from the time source")
                    .isEqualTo(ManualTimeSource.DEFAULT_START.plus(Duration.ofMinutes(5)));
            assertThat(e.stream()).isEqualTo(StreamName.of("order-9"));
            assertThat(e.position()).isEqualTo(7L);
        }

        @Test
        @DisplayName("reads reject a negative start and a non-positive max count")
        void badReadArguments() {
            assertThatThrownBy(() -> store.readStreamForward(ORDER, -1, 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromVersion");
            assertThatThrownBy(() -> store.readStreamForward(ORDER, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCount");
            assertThatThrownBy(() -> store.readAll(-1, 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("afterPosition");
        }

        @Test
        @DisplayName("everything written is still there after a restart")
        void survivesReopen() throws Exception {
            store = reopen(store);

            assertThat(texts(store.readAll(EventStore.START, 100))).containsExactly("o0", "o1", "x0", "o2", "o3", "o4");
            assertThat(store.streamInfo(ORDER).version()).isEqualTo(4L);
            AppendResult next = store.append(ORDER, ExpectedVersion.exact(4), events("o5"));
            assertThat(next).as("numbering continues after the restart").isEqualTo(new AppendResult(ORDER, 5, 7));
        }
    }

    @Nested
    @DisplayName("deletion")
    class Deletion {

        @Test
        @DisplayName("a soft delete hides the stream from stream reads but not from readAll")
        void softDeleteHides() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b"));

            store.deleteStream(ORDER, ExpectedVersion.exact(1));

            assertThat(store.readStreamForward(ORDER, 0, 10)).as("stream reads see nothing").isEmpty();
            assertThat(store.readStreamBackward(ORDER, EventStore.END, 10)).isEmpty();
            assertThat(store.readAll(EventStore.START, 10)).as("the log is immutable").hasSize(2);
            StreamInfo info = store.streamInfo(ORDER);
            assertThat(info.status()).isEqualTo(StreamStatus.SOFT_DELETED);
            assertThat(info.version()).isEqualTo(EventStore.NO_VERSION);
            assertThat(info.nextVersion()).isEqualTo(2L);
        }

        @Test
        @DisplayName("a soft-deleted stream reads as absent: NO_STREAM recreates it and numbering continues")
        void softDeletedRecreatedWithNoStream() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b"));
            store.deleteStream(ORDER, ExpectedVersion.ANY);

            AppendResult r = store.append(ORDER, ExpectedVersion.NO_STREAM, events("c"));

            assertThat(r.nextExpectedVersion()).as("numbering continues").isEqualTo(2L);
            assertThat(versions(store.readStreamForward(ORDER, 0, 10))).as("only the new event is visible")
                    .containsExactly(2L);
            assertThat(store.streamInfo(ORDER).status()).isEqualTo(StreamStatus.ACTIVE);
        }

        @Test
        @DisplayName("on a soft-deleted stream STREAM_EXISTS and exact(old version) fail, ANY succeeds")
        void softDeletedExpectedVersions() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b"));
            store.deleteStream(ORDER, ExpectedVersion.ANY);

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.STREAM_EXISTS, events("c")))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.exact(1), events("c")))
                    .as("a writer that loaded the stream before the delete must not write to it unknowingly")
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThat(store.append(ORDER, ExpectedVersion.ANY, events("c")).nextExpectedVersion()).isEqualTo(2L);
        }

        @Test
        @DisplayName("a delete with a wrong expected version is refused and deletes nothing")
        void deleteChecksVersion() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b"));

            assertThatThrownBy(() -> store.deleteStream(ORDER, ExpectedVersion.exact(0)))
                    .isInstanceOf(WrongExpectedVersionException.class);
            assertThatThrownBy(() -> store.tombstoneStream(ORDER, ExpectedVersion.NO_STREAM))
                    .isInstanceOf(WrongExpectedVersionException.class);

            assertThat(store.readStreamForward(ORDER, 0, 10)).hasSize(2);
        }

        @Test
        @DisplayName("a tombstoned stream can never be written or read again, but its events stay in readAll")
        void tombstone() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a"));

            store.tombstoneStream(ORDER, ExpectedVersion.exact(0));

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.ANY, events("b")))
                    .isInstanceOf(StreamDeletedException.class).hasMessageContaining("order-1");
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.NO_STREAM, events("b")))
                    .isInstanceOf(StreamDeletedException.class);
            assertThatThrownBy(() -> store.readStreamForward(ORDER, 0, 10)).isInstanceOf(StreamDeletedException.class);
            assertThatThrownBy(() -> store.deleteStream(ORDER, ExpectedVersion.ANY))
                    .isInstanceOf(StreamDeletedException.class);
            assertThat(store.streamInfo(ORDER).status()).isEqualTo(StreamStatus.TOMBSTONED);
            assertThat(store.readAll(EventStore.START, 10)).hasSize(1);
        }

        @Test
        @DisplayName("tombstoning a name that was never used reserves it")
        void tombstoneAbsentStream() {
            store.tombstoneStream(ORDER, ExpectedVersion.NO_STREAM);
            store.tombstoneStream(ORDER, ExpectedVersion.ANY);

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.NO_STREAM, events("a")))
                    .isInstanceOf(StreamDeletedException.class);
        }

        @Test
        @DisplayName("deletions survive a restart")
        void deletionsSurviveReopen() throws Exception {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b"));
            store.append(OTHER, ExpectedVersion.NO_STREAM, events("x"));
            store.deleteStream(ORDER, ExpectedVersion.ANY);
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("c"));
            store.tombstoneStream(OTHER, ExpectedVersion.ANY);

            store = reopen(store);

            assertThat(texts(store.readStreamForward(ORDER, 0, 10))).containsExactly("c");
            assertThat(store.streamInfo(ORDER).firstVersion()).isEqualTo(2L);
            assertThat(store.streamInfo(OTHER).status()).isEqualTo(StreamStatus.TOMBSTONED);
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", " ", "order 1", "$system", "-order", "a/b", "tab\tname", "ünïcode", "a\nb"})
        @DisplayName("invalid stream names are refused with a message naming the value")
        void invalidStreamNames(String name) {
            assertThatThrownBy(() -> StreamName.of(name)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stream name");
        }

        @Test
        @DisplayName("a stream name longer than the limit is refused")
        void tooLongStreamName() {
            assertThatThrownBy(() -> StreamName.of("a".repeat(StreamName.MAX_LENGTH + 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("200");
            assertThat(StreamName.of("a".repeat(StreamName.MAX_LENGTH)).value()).hasSize(StreamName.MAX_LENGTH);
        }

        @Test
        @DisplayName("a null event in a batch is refused and nothing of the batch is written")
        void nullEvent() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a"));
            List<EventData> batch = new ArrayList<>(events("b"));
            batch.add(null);

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.ANY, batch))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("events[1]");
            assertThat(texts(store.readStreamForward(ORDER, 0, 10))).as("stored events are intact").containsExactly("a");
        }

        @Test
        @DisplayName("an oversized event is refused with its size and the limit; stored events are intact")
        void oversizedEvent() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a"));
            EventData big = EventData.of("blob", new byte[MAX_EVENT_SIZE + 1]);

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.ANY, event("b"), big))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxEventSize is " + MAX_EVENT_SIZE);
            assertThat(texts(store.readAll(EventStore.START, 10))).containsExactly("a");
        }

        @Test
        @DisplayName("null arguments are refused with the parameter's name")
        void nullArguments() {
            assertThatThrownBy(() -> store.append(null, ExpectedVersion.ANY, events("a")))
                    .hasMessageContaining("stream");
            assertThatThrownBy(() -> store.append(ORDER, null, events("a"))).hasMessageContaining("expected");
            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.ANY, (List<EventData>) null))
                    .hasMessageContaining("events");
            assertThatThrownBy(() -> EventData.of("t", null)).hasMessageContaining("data");
            assertThatThrownBy(() -> EventData.of("", new byte[0])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("type");
        }

        @Test
        @DisplayName("a closed store refuses work with a clear exception")
        void closedStore() {
            store.close();

            assertThatThrownBy(() -> store.append(ORDER, ExpectedVersion.ANY, events("a")))
                    .isInstanceOf(EventStoreException.class).hasMessageContaining("closed");
            store.close();
            store = null;
        }
    }

    @Nested
    @DisplayName("subscriptions")
    class Subscriptions {

        @Test
        @DisplayName("a catch-up subscription delivers history, signals caught up, then delivers new events")
        void catchUpThenLive() {
            // Given
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b"));
            List<Long> seen = new ArrayList<>();
            CatchUpSubscription sub = CatchUpSubscription.builder("view", store, e -> seen.add(e.position()))
                    .batchSize(1).build();

            // When
            sub.drain();
            // Then
            assertThat(seen).containsExactly(1L, 2L);
            assertThat(sub.isCaughtUp()).as("caught up after history").isTrue();
            assertThat(sub.caughtUp()).isCompletedWithValue(2L);

            // When
            store.append(OTHER, ExpectedVersion.NO_STREAM, events("x"));
            sub.drain();
            // Then
            assertThat(seen).as("new events follow, once each, in order").containsExactly(1L, 2L, 3L);
            assertThat(sub.checkpoint()).isEqualTo(3L);
        }

        @Test
        @DisplayName("a subscription resumes strictly after its saved checkpoint")
        void resumesAfterCheckpoint() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b", "c"));
            InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
            checkpoints.save("view", 2);
            List<Long> seen = new ArrayList<>();

            CatchUpSubscription.builder("view", store, e -> seen.add(e.position())).checkpointStore(checkpoints)
                    .build().drain();

            assertThat(seen).as("position 2 is not delivered again").containsExactly(3L);
            assertThat(checkpoints.load("view")).hasValue(3L);
        }

        @Test
        @DisplayName("a throwing handler stops at its last good checkpoint, and a restart delivers the failed event again")
        void failingHandlerStopsAndRestarts() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b", "c"));
            List<Long> seen = new ArrayList<>();
            boolean[] broken = {true};
            InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
            CatchUpSubscription sub = CatchUpSubscription.builder("view", store, e -> {
                if (e.position() == 2 && broken[0]) {
                    throw new IllegalStateException("read model down");
                }
                seen.add(e.position());
            }).checkpointStore(checkpoints).build();

            sub.drain();

            assertThat(sub.state()).isEqualTo(SubscriptionState.FAILED);
            assertThat(sub.failure()).get().extracting(Throwable::getMessage).isEqualTo("read model down");
            assertThat(sub.checkpoint()).as("checkpoint stays at the last event handled").isEqualTo(1L);
            assertThat(checkpoints.load("view")).hasValue(1L);
            assertThatThrownBy(sub::poll).isInstanceOf(IllegalStateException.class).hasMessageContaining("restart");

            broken[0] = false;
            sub.restart();
            sub.drain();

            assertThat(seen).as("nothing skipped, nothing twice").containsExactly(1L, 2L, 3L);
            assertThat(sub.state()).isEqualTo(SubscriptionState.LIVE);
        }

        @Test
        @DisplayName("a checkpoint taken at the head names a real event, so a restarted subscriber gets the next one"
                + " (KurrentDB #4970)")
        void checkpointAtHeadDoesNotSkip() {
            // Given: a filtered subscription caught up at the head, the last event filtered out
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a"));
            store.append(StreamName.of("customer-1"), ExpectedVersion.NO_STREAM, events("c"));
            InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
            List<String> seen = new ArrayList<>();
            CatchUpSubscription.builder("orders", store, e -> seen.add(e.dataAsString()))
                    .filter(e -> e.stream().category().equals("order")).checkpointStore(checkpoints).build().drain();
            assertThat(checkpoints.load("orders")).as("the checkpoint is the last event read, not beyond")
                    .hasValue(store.lastPosition());

            // When: a new event arrives while the subscriber is down, then it restarts
            store.append(ORDER, ExpectedVersion.exact(0), events("b"));
            CatchUpSubscription.builder("orders", store, e -> seen.add(e.dataAsString()))
                    .filter(e -> e.stream().category().equals("order")).checkpointStore(checkpoints).build().drain();

            // Then
            assertThat(seen).as("the event recorded after the checkpoint is not skipped").containsExactly("a", "b");
        }

        @Test
        @DisplayName("a filter hands only matching events to the handler but moves the checkpoint past all")
        void filter() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a"));
            store.append(StreamName.of("customer-1"), ExpectedVersion.NO_STREAM, events("c"));
            List<String> seen = new ArrayList<>();

            CatchUpSubscription sub = CatchUpSubscription.builder("orders", store, e -> seen.add(e.dataAsString()))
                    .filter(e -> e.stream().category().equals("order")).build();
            sub.drain();

            assertThat(seen).containsExactly("a");
            assertThat(sub.checkpoint()).isEqualTo(2L);
        }

        @Test
        @Timeout(value = 60, unit = TimeUnit.SECONDS)   // a safety net: a wrong answer here waits a day
        @DisplayName("awaitAppend answers at once when a later event is committed, however long the timeout"
                + " (longer than Long.MAX_VALUE nanoseconds too), and false when none is")
        void awaitAppendSeesCommittedEvents() throws Exception {
            store.append(ORDER, ExpectedVersion.NO_STREAM, events("a", "b"));
            long last = store.lastPosition();

            assertThat(store.awaitAppend(last - 1, Duration.ofDays(1))).isTrue();
            assertThat(store.awaitAppend(last - 1, Duration.ofSeconds(Long.MAX_VALUE)))
                    .as("a timeout of 'forever' (its nanoseconds overflow a long)").isTrue();
            assertThat(store.awaitAppend(last, Duration.ZERO)).as("nothing after the last event").isFalse();
            assertThatThrownBy(() -> store.awaitAppend(last, null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("timeout");
        }

        @Test
        @Timeout(value = 60, unit = TimeUnit.SECONDS)   // a safety net: a lost wake-up waits a day
        @DisplayName("awaitAppend wakes a waiting thread when another thread appends")
        void awaitAppendWakesOnAppend() throws Exception {
            long last = store.lastPosition();
            ExecutorService waiters = Executors.newSingleThreadExecutor();
            try {
                Future<Boolean> waiter = waiters.submit(() -> store.awaitAppend(last, Duration.ofDays(1)));

                store.append(ORDER, ExpectedVersion.NO_STREAM, events("a"));

                assertThat(waiter.get()).as("the waiter saw the new event").isTrue();
            } finally {
                waiters.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {

        @Test
        @DisplayName("racing exact-version appends: one winner per version, no holes, unique increasing positions,"
                + " and a live subscriber sees every event once in order")
        void racingAppends() throws Exception {
            // Given
            int threads = 6;
            int rounds = 40;
            StreamName contended = StreamName.of("race-1");
            List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
            CatchUpSubscription live = CatchUpSubscription.builder("live", store, e -> delivered.add(e.position()))
                    .batchSize(7).idleWait(Duration.ofMillis(10)).build();
            live.start();
            Map<Long, UUID> winners = Collections.synchronizedMap(new HashMap<>());
            AtomicInteger conflicts = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    StreamName own = StreamName.of("own-" + t);
                    futures.add(pool.submit(() -> {
                        go.await();
                        for (int r = 0; r < rounds; r++) {
                            long seen = store.streamInfo(contended).version();
                            EventData e = event("r" + r);
                            try {
                                AppendResult result = store.append(contended, ExpectedVersion.of(seen), e);
                                UUID previous = winners.put(result.nextExpectedVersion(), e.eventId());
                                assertThat(previous).as("two winners for version %d", result.nextExpectedVersion())
                                        .isNull();
                            } catch (WrongExpectedVersionException conflict) {
                                conflicts.incrementAndGet();
                            }
                            store.append(own, ExpectedVersion.of(r - 1L), event("own" + r));
                        }
                        return null;
                    }));
                }
                // When
                go.countDown();
                for (Future<?> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            live.stop();
            live.drain();

            // Then
            List<RecordedEvent> race = store.readStreamForward(contended, 0, 100_000);
            assertThat(winners.size() + conflicts.get()).as("every attempt either won or got the conflict")
                    .isEqualTo(threads * rounds);
            assertThat(versions(race)).as("versions of the contended stream have no holes")
                    .isEqualTo(LongStream.range(0, race.size()).boxed().toList());
            assertThat(race).as("the stored event at each version is the one whose append won it")
                    .allSatisfy(e -> assertThat(e.eventId()).isEqualTo(winners.get(e.streamVersion())));
            for (int t = 0; t < threads; t++) {
                assertThat(store.streamInfo(StreamName.of("own-" + t)).version())
                        .as("uncontended stream own-%d got all its events", t).isEqualTo(rounds - 1L);
            }
            long total = store.lastPosition();
            assertThat(total).isEqualTo((long) race.size() + (long) threads * rounds);
            assertThat(positions(store.readAll(EventStore.START, 100_000)))
                    .as("global positions are unique, increasing and without holes")
                    .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(delivered).as("the live subscriber saw every event once, in order")
                    .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
        }
    }

    /** An event's current shape (revision 3): amount in cents plus currency. */
    record ItemAdded(String sku, long cents, String currency) {
    }

    /** The aggregate state used by the snapshot tests. */
    record Cart(List<String> skus) {
        Cart add(String sku) {
            List<String> next = new ArrayList<>(skus);
            next.add(sku);
            return new Cart(next);
        }
    }

    static EventSerializer serializer() {
        return new EventSerializer(EventTypeRegistry.builder()
                .register("item-added", 3, ItemAdded.class)
                // r1 {"sku","price"} in euros -> r2 {"sku","cents"}
                .upcaster(Upcaster.of("item-added", 1, json -> {
                    json.put("cents", json.remove("price").asLong() * 100);
                    return json;
                }))
                // r2 -> r3 adds the currency
                .upcaster(Upcaster.of("item-added", 2, json -> json.put("currency", "EUR")))
                .build());
    }

    @Nested
    @DisplayName("typed events, upcasting and snapshots")
    class TypedAndSnapshots {

        private final EventSerializer serializer = serializer();

        @Test
        @DisplayName("events stored in old revisions are upcast through the chain to the current shape on read")
        void upcastingChain() {
            // Given: one event of each revision, as written by three releases of the application
            store.append(ORDER, ExpectedVersion.NO_STREAM,
                    new EventData(UUID.randomUUID(), "item-added", 1, "{\"sku\":\"a\",\"price\":2}".getBytes(UTF_8),
                            EventMetadata.EMPTY),
                    new EventData(UUID.randomUUID(), "item-added", 2, "{\"sku\":\"b\",\"cents\":150}".getBytes(UTF_8),
                            EventMetadata.EMPTY),
                    serializer.serialize(new ItemAdded("c", 99, "USD")));

            // When
            List<Object> read = store.readStreamForward(ORDER, 0, 10).stream().map(serializer::deserialize).toList();

            // Then
            assertThat(read).containsExactly(new ItemAdded("a", 200, "EUR"), new ItemAdded("b", 150, "EUR"),
                    new ItemAdded("c", 99, "USD"));
            assertThat(store.readStreamForward(ORDER, 0, 1).get(0).revision())
                    .as("stored events are never rewritten").isEqualTo(1);
        }

        @Test
        @DisplayName("an unknown event type on read is a clear exception, and the stored event stays readable raw")
        void unknownTypeOnRead() {
            store.append(ORDER, ExpectedVersion.NO_STREAM, EventData.of("mystery", "{}".getBytes(UTF_8)));
            RecordedEvent raw = store.readStreamForward(ORDER, 0, 1).get(0);

            assertThatThrownBy(() -> serializer.deserialize(raw)).isInstanceOf(UnknownEventTypeException.class)
                    .hasMessageContaining("'mystery'").hasMessageContaining("position 1");
            assertThat(store.readAll(EventStore.START, 10)).as("nothing stored is lost").hasSize(1);
        }

        @Test
        @DisplayName("a snapshot of the current revision is used, and only later events are replayed")
        void snapshotUsed() {
            SnapshotStore snapshots = new InMemorySnapshotStore();
            Rehydrator<Cart> carts = rehydrator(snapshots, 2);
            store.append(ORDER, ExpectedVersion.NO_STREAM, item("a"), item("b"));
            carts.snapshot(ORDER, carts.load(ORDER));
            store.append(ORDER, ExpectedVersion.exact(1), item("c"));

            Rehydrated<Cart> cart = carts.load(ORDER);

            assertThat(cart.state().skus()).containsExactly("a", "b", "c");
            assertThat(cart.fromSnapshot()).isTrue();
            assertThat(cart.eventsReplayed()).as("only the event after the snapshot").isEqualTo(1L);
            assertThat(cart.version()).isEqualTo(2L);
        }

        @Test
        @DisplayName("a snapshot of an unknown revision is ignored and the state is rebuilt from events (Axon #566)")
        void snapshotOfOtherRevisionIgnored() {
            SnapshotStore snapshots = new InMemorySnapshotStore();
            store.append(ORDER, ExpectedVersion.NO_STREAM, item("a"), item("b"));
            rehydrator(snapshots, 1).snapshot(ORDER, rehydrator(snapshots, 1).load(ORDER));

            Rehydrated<Cart> cart = rehydrator(snapshots, 2).load(ORDER);

            assertThat(cart.fromSnapshot()).as("revision 1 snapshot is not trusted by revision 2 code").isFalse();
            assertThat(cart.eventsReplayed()).isEqualTo(2L);
            assertThat(cart.state().skus()).containsExactly("a", "b");
        }

        @Test
        @DisplayName("a snapshot that cannot be decoded is ignored and the state is rebuilt from events")
        void undecodableSnapshotIgnored() {
            SnapshotStore snapshots = new InMemorySnapshotStore();
            store.append(ORDER, ExpectedVersion.NO_STREAM, item("a"));
            snapshots.save(new Snapshot(ORDER, 0, 2, "not json".getBytes(UTF_8), time.instant()));

            Rehydrated<Cart> cart = rehydrator(snapshots, 2).load(ORDER);

            assertThat(cart.fromSnapshot()).isFalse();
            assertThat(cart.state().skus()).containsExactly("a");
        }

        @Test
        @DisplayName("a snapshot taken before a soft delete is not applied to the recreated stream")
        void snapshotBeforeSoftDeleteIgnored() {
            SnapshotStore snapshots = new InMemorySnapshotStore();
            Rehydrator<Cart> carts = rehydrator(snapshots, 2);
            store.append(ORDER, ExpectedVersion.NO_STREAM, item("old"));
            carts.snapshot(ORDER, carts.load(ORDER));
            store.deleteStream(ORDER, ExpectedVersion.ANY);
            store.append(ORDER, ExpectedVersion.NO_STREAM, item("new"));

            Rehydrated<Cart> cart = carts.load(ORDER);

            assertThat(cart.state().skus()).containsExactly("new");
            assertThat(cart.expectedVersion()).isEqualTo(ExpectedVersion.exact(1));
        }

        private EventData item(String sku) {
            return serializer.serialize(new ItemAdded(sku, 100, "EUR"));
        }

        private Rehydrator<Cart> rehydrator(SnapshotStore snapshots, int revision) {
            return Rehydrator.builder(store, new Cart(List.of()),
                    (cart, e) -> cart.add(serializer.deserialize(e, ItemAdded.class).sku()))
                    .snapshots(snapshots, revision, SnapshotCodec.jackson(new ObjectMapper(), Cart.class))
                    .pageSize(1).timeSource(time).build();
        }
    }
}
