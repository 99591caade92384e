package dev.microlab.exercises.eventstore;

import static dev.microlab.exercises.eventstore.InMemoryEventStore.ANY;
import static dev.microlab.exercises.eventstore.InMemoryEventStore.NO_STREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("event-store")
@DisplayName("Exercise 7 · In-memory event store")
class InMemoryEventStoreTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final InMemoryEventStore store = new InMemoryEventStore(time);

    private static List<EventData> events(String... types) {
        List<EventData> list = new ArrayList<>();
        for (String type : types) {
            list.add(new EventData(type, "{\"type\":\"" + type + "\"}"));
        }
        return list;
    }

    private static List<String> types(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::type).toList();
    }

    @Test
    @DisplayName("appending to a new stream numbers its events 1, 2, 3 and returns the new version")
    void appendsToANewStream() {
        // When
        long version = store.append("order-1", NO_STREAM, events("Created", "ItemAdded", "Confirmed"));

        // Then
        assertThat(version).as("3 events appended to a new stream: version 3").isEqualTo(3);
        List<RecordedEvent> read = store.read("order-1", 0);
        assertThat(read).extracting(RecordedEvent::version).as("versions within the stream").containsExactly(1L, 2L, 3L);
        assertThat(types(read)).as("in the order they were appended").containsExactly("Created", "ItemAdded", "Confirmed");
        assertThat(read.get(0).payload()).as("payload kept as given").isEqualTo("{\"type\":\"Created\"}");
        assertThat(read).extracting(RecordedEvent::streamId).as("each knows its stream").containsOnly("order-1");
    }

    @Test
    @DisplayName("appending with the stream's current version continues its numbering")
    void appendsAtTheExpectedVersion() {
        // Given
        store.append("order-1", NO_STREAM, events("Created", "ItemAdded"));

        // When
        long version = store.append("order-1", 2, events("Confirmed"));

        // Then
        assertThat(version).as("version 2 + 1 event").isEqualTo(3);
        assertThat(store.currentVersion("order-1")).as("currentVersion").isEqualTo(3);
        assertThat(store.read("order-1", 0)).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName("a wrong expected version throws ConcurrencyException and appends nothing")
    void rejectsAWrongExpectedVersion() {
        // Given: two writers read the stream at version 1; the first one already appended
        store.append("order-1", NO_STREAM, events("Created"));
        store.append("order-1", 1, events("ItemAdded"));

        // When: the second one appends, still expecting version 1
        Throwable thrown = catchThrowable(() -> store.append("order-1", 1, events("Cancelled")));

        // Then
        assertThat(thrown).as("someone wrote since this writer read the stream").isInstanceOf(ConcurrencyException.class);
        ConcurrencyException conflict = (ConcurrencyException) thrown;
        assertThat(conflict.expectedVersion()).as("what the writer expected").isEqualTo(1);
        assertThat(conflict.actualVersion()).as("where the stream really is").isEqualTo(2);
        assertThat(conflict.streamId()).as("which stream").isEqualTo("order-1");
        assertThat(types(store.read("order-1", 0))).as("the rejected append left no trace")
                .containsExactly("Created", "ItemAdded");
    }

    @Test
    @DisplayName("NO_STREAM refuses to append to a stream that already exists")
    void noStreamMeansNew() {
        // Given
        store.append("order-1", NO_STREAM, events("Created"));

        // When
        Throwable thrown = catchThrowable(() -> store.append("order-1", NO_STREAM, events("Created")));

        // Then
        assertThat(thrown).as("creating order-1 twice is a conflict").isInstanceOf(ConcurrencyException.class);
        assertThat(store.currentVersion("order-1")).as("nothing appended").isEqualTo(1);
    }

    @Test
    @DisplayName("an expected version ahead of the stream is a conflict too")
    void expectedVersionAhead() {
        store.append("order-1", NO_STREAM, events("Created"));
        assertThatThrownBy(() -> store.append("order-1", 5, events("Confirmed")))
                .as("the stream is at 1, not 5").isInstanceOf(ConcurrencyException.class);
    }

    @Test
    @DisplayName("ANY appends whatever the stream's version")
    void anySkipsTheCheck() {
        // When
        store.append("log", ANY, events("A"));
        long version = store.append("log", ANY, events("B", "C"));

        // Then
        assertThat(version).as("ANY on a new stream, then ANY again").isEqualTo(3);
        assertThat(types(store.read("log", 0))).containsExactly("A", "B", "C");
    }

    @Test
    @DisplayName("read(stream, fromVersion) returns only the events after fromVersion")
    void readsFromAVersion() {
        // Given
        store.append("order-1", NO_STREAM, events("Created", "ItemAdded", "ItemAdded", "Confirmed"));

        // When / Then
        assertThat(types(store.read("order-1", 2))).as("after version 2: versions 3 and 4")
                .containsExactly("ItemAdded", "Confirmed");
        assertThat(store.read("order-1", 4)).as("after the last version: nothing").isEmpty();
        assertThat(store.read("order-1", 10)).as("beyond the end: nothing, not an error").isEmpty();
    }

    @Test
    @DisplayName("an unknown stream reads as empty, at version 0")
    void unknownStream() {
        store.append("order-1", NO_STREAM, events("Created"));
        assertThat(store.read("order-2", 0)).as("nothing was ever appended to order-2").isEmpty();
        assertThat(store.currentVersion("order-2")).as("version 0").isZero();
    }

    @Test
    @DisplayName("streams are separate: each has its own versions, and reading one never returns another's events")
    void streamsAreSeparate() {
        // When
        store.append("order-1", NO_STREAM, events("Created"));
        store.append("order-2", NO_STREAM, events("Created", "Confirmed"));
        store.append("order-1", 1, events("Cancelled"));

        // Then
        assertThat(store.read("order-1", 0)).extracting(RecordedEvent::version).as("order-1: versions 1, 2")
                .containsExactly(1L, 2L);
        assertThat(types(store.read("order-1", 0))).containsExactly("Created", "Cancelled");
        assertThat(store.currentVersion("order-2")).as("order-2 has its own count").isEqualTo(2);
    }

    @Test
    @DisplayName("readAll(fromPosition) returns every stream's events in append order, with global positions")
    void readsAllInAppendOrder() {
        // Given
        store.append("order-1", NO_STREAM, events("Created"));
        store.append("order-2", NO_STREAM, events("Created", "Confirmed"));
        store.append("order-1", 1, events("Cancelled"));

        // When
        List<RecordedEvent> all = store.readAll(0);
        List<RecordedEvent> afterTwo = store.readAll(2);

        // Then
        assertThat(all).extracting(RecordedEvent::position).as("positions 1..4 across streams").containsExactly(1L, 2L, 3L, 4L);
        assertThat(all).extracting(RecordedEvent::streamId).as("in the order they were appended")
                .containsExactly("order-1", "order-2", "order-2", "order-1");
        assertThat(afterTwo).extracting(RecordedEvent::position).as("after position 2").containsExactly(3L, 4L);
        assertThat(store.readAll(4)).as("after the last position: nothing").isEmpty();
        assertThat(store.readAll(40)).as("beyond the end: nothing, not an error").isEmpty();
    }

    @Test
    @DisplayName("each event is stamped with the time of its append (from the time source)")
    void stampsTheTime() {
        // Given
        store.append("order-1", NO_STREAM, events("Created"));
        time.advance(Duration.ofMinutes(5));

        // When
        store.append("order-1", 1, events("Confirmed"));

        // Then
        assertThat(store.read("order-1", 0)).extracting(RecordedEvent::recordedAt).as("recordedAt = timeSource.instant()")
                .containsExactly(ManualTimeSource.DEFAULT_START, ManualTimeSource.DEFAULT_START.plus(Duration.ofMinutes(5)));
    }

    @Test
    @DisplayName("the lists returned by read cannot change the store")
    void readReturnsACopy() {
        // Given
        store.append("order-1", NO_STREAM, events("Created"));

        // When
        List<RecordedEvent> read = store.read("order-1", 0);
        catchThrowable(read::clear);
        List<RecordedEvent> all = store.readAll(0);
        catchThrowable(all::clear);

        // Then
        assertThat(store.read("order-1", 0)).as("the stream still holds its event").hasSize(1);
        assertThat(store.readAll(0)).as("and so does the whole store").hasSize(1);
    }

    /**
     * A clock that holds the first append that reads it: that writer is then inside append, past
     * its version check, while the test lets a second writer try the same expected version.
     */
    private static final class HoldingClock implements TimeSource {
        private final ManualTimeSource time = new ManualTimeSource();
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean holding = new AtomicBoolean();

        @Override
        public long nanoTime() {
            hold();
            return time.nanoTime();
        }

        @Override
        public Instant instant() {
            hold();
            return time.instant();
        }

        private void hold() {
            if (holding.compareAndSet(true, false)) {
                held.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    @DisplayName("two writers racing with the same expected version: exactly one wins, the other gets ConcurrencyException")
    void concurrentWritersOneWins() throws Exception {
        // Given: a stream at version 1; writer A is held inside append (it reads the clock), past its version check
        HoldingClock clock = new HoldingClock();
        InMemoryEventStore racy = new InMemoryEventStore(clock);
        racy.append("order-1", NO_STREAM, List.of(new EventData("Created", "{}")));
        clock.holding.set(true);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Callable<String> writerA = () -> outcome(() -> racy.append("order-1", 1, events("A-a", "A-b")));
            Callable<String> writerB = () -> outcome(() -> racy.append("order-1", 1, events("B-a", "B-b")));
            Future<String> a = threads.submit(writerA);
            assertThat(clock.held.await(5, TimeUnit.SECONDS)).as("writer A reached the clock inside append").isTrue();

            // When: writer B appends with the same expected version while A is still inside append
            Future<String> b = threads.submit(writerB);
            // A right store keeps B waiting until A is done, so the outcome never depends on this pause;
            // a store without a lock lets B check the version (still 1) and append meanwhile.
            catchThrowable(() -> b.get(200, TimeUnit.MILLISECONDS));
            clock.release.countDown();
            List<String> results = List.of(a.get(5, TimeUnit.SECONDS), b.get(5, TimeUnit.SECONDS));

            // Then
            assertThat(results).as("both expected version 1: the check and the append must be one atomic step "
                    + "(synchronized), so exactly one writer wins").containsExactlyInAnyOrder("won", "conflict");
            List<RecordedEvent> stream = racy.read("order-1", 0);
            assertThat(types(stream)).as("Created + the winner's 2 events, adjacent, nothing more")
                    .isIn(List.of("Created", "A-a", "A-b"), List.of("Created", "B-a", "B-b"));
        } finally {
            clock.release.countDown();
            threads.shutdownNow();
        }
    }

    private static String outcome(Runnable append) {
        try {
            append.run();
            return "won";
        } catch (ConcurrencyException e) {
            return "conflict";
        }
    }

    @Test
    @DisplayName("an append with a null event is refused whole: no event of it is stored")
    void aNullEventRefusesTheWholeAppend() {
        // Given
        store.append("order-1", NO_STREAM, events("Created"));
        List<EventData> withNull = new ArrayList<>(events("ItemAdded"));
        withNull.add(null);

        // When
        Throwable thrown = catchThrowable(() -> store.append("order-1", 1, withNull));

        // Then
        assertThat(thrown).as("a null event is a bad argument: NullPointerException naming the events")
                .isInstanceOf(NullPointerException.class).hasMessageContaining("events");
        assertThat(types(store.read("order-1", 0))).as("all or nothing: ItemAdded, before the null, is not stored")
                .containsExactly("Created");
        assertThat(store.readAll(0)).as("nor in the all-streams log").hasSize(1);
        assertThat(store.append("order-1", 1, events("Shipped"))).as("and the stream is still at version 1")
                .isEqualTo(2);
    }

    @Test
    @DisplayName("rejects bad arguments: a blank stream id, no events, an expected version below -1, a negative from")
    void validation() {
        assertThatThrownBy(() -> store.append(" ", NO_STREAM, events("A"))).as("blank streamId")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streamId");
        assertThatThrownBy(() -> store.append("s", NO_STREAM, List.of())).as("nothing to append")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events");
        assertThatThrownBy(() -> store.append("s", -2, events("A"))).as("expectedVersion -2")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedVersion");
        assertThatThrownBy(() -> store.read(" ", 0)).as("reading a blank streamId")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streamId");
        assertThatThrownBy(() -> store.currentVersion("")).as("the version of a blank streamId")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("streamId");
        assertThatThrownBy(() -> store.read("s", -1)).as("fromVersion -1")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromVersion");
        assertThatThrownBy(() -> store.readAll(-1)).as("fromPosition -1")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromPosition");
    }
}
