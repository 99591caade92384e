package dev.microlab.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileEventStore options")
class FileEventStoreOptionsTest {

    private static final StreamName STREAM = StreamName.of("order-1");

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    private static EventData event(int i) {
        return EventData.of("note", ("e" + i).getBytes(UTF_8));
    }

    @Test
    @DisplayName("ALWAYS forces once per append, before the append returns")
    void alwaysForcesEachAppend() {
        try (FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.always()).open()) {
            for (int i = 0; i < 3; i++) {
                store.append(STREAM, ExpectedVersion.ANY, event(i));
                assertThat(store.syncCount()).as("after append %d", i).isEqualTo(i + 1L);
            }
        }
    }

    @Test
    @DisplayName("NEVER does not force on append")
    void neverDoesNotForce() {
        try (FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open()) {
            for (int i = 0; i < 5; i++) {
                store.append(STREAM, ExpectedVersion.ANY, event(i));
            }
            assertThat(store.syncCount()).as("no force while appending").isZero();
        }
    }

    @Test
    @DisplayName("GROUP forces when maxRecords appends are unforced")
    void groupForcesAfterMaxRecords() {
        try (FileEventStore store = FileEventStore.builder(dir).timeSource(time).scheduler(scheduler)
                .fsyncPolicy(FsyncPolicy.group(Duration.ofSeconds(10), 3)).open()) {
            store.append(STREAM, ExpectedVersion.ANY, event(0));
            store.append(STREAM, ExpectedVersion.ANY, event(1));
            assertThat(store.syncCount()).as("two appends stay unforced").isZero();

            store.append(STREAM, ExpectedVersion.ANY, event(2));
            assertThat(store.syncCount()).as("the third append reaches maxRecords").isEqualTo(1L);
        }
    }

    @Test
    @DisplayName("GROUP forces in the background once the oldest unforced append is maxDelay old")
    void groupForcesAfterMaxDelayInBackground() {
        try (FileEventStore store = FileEventStore.builder(dir).timeSource(time).scheduler(scheduler)
                .fsyncPolicy(FsyncPolicy.group(Duration.ofMillis(50), 1000)).open()) {
            store.append(STREAM, ExpectedVersion.ANY, event(0));
            scheduler.advance(Duration.ofMillis(49));
            assertThat(store.syncCount()).as("before maxDelay").isZero();

            scheduler.advance(Duration.ofMillis(1));
            assertThat(store.syncCount()).as("the background task forces at maxDelay").isEqualTo(1L);
        }
    }

    @Test
    @DisplayName("GROUP keeps its promise: an append made between two background checks is forced maxDelay after"
            + " it was acknowledged, not up to twice that")
    void groupForcesWithinMaxDelayOfTheAppend() {
        try (FileEventStore store = FileEventStore.builder(dir).timeSource(time).scheduler(scheduler)
                .fsyncPolicy(FsyncPolicy.group(Duration.ofMillis(50), 1000)).open()) {
            // Given: the store has been open a while
            scheduler.advance(Duration.ofMillis(30));

            // When: an append is acknowledged
            store.append(STREAM, ExpectedVersion.ANY, event(0));
            scheduler.advance(Duration.ofMillis(49));
            assertThat(store.syncCount()).as("49 ms after the append").isZero();

            // Then: it is forced exactly maxDelay after it was acknowledged
            scheduler.advance(Duration.ofMillis(1));
            assertThat(store.syncCount()).as("50 ms after the append").isEqualTo(1L);

            // and the next unforced append gets its own deadline
            scheduler.advance(Duration.ofMillis(7));
            store.append(STREAM, ExpectedVersion.ANY, event(1));
            scheduler.advance(Duration.ofMillis(50));
            assertThat(store.syncCount()).as("50 ms after the second append").isEqualTo(2L);
        }
    }

    @Test
    @DisplayName("GROUP also forces on an append that finds the oldest unforced append maxDelay old")
    void groupForcesOnAppendAfterMaxDelay() {
        try (FileEventStore store = FileEventStore.builder(dir).timeSource(time).scheduler(scheduler)
                .fsyncPolicy(FsyncPolicy.group(Duration.ofMillis(50), 1000)).open()) {
            store.append(STREAM, ExpectedVersion.ANY, event(0));
            time.advance(Duration.ofMillis(50)); // the clock moves, the background task does not run

            store.append(STREAM, ExpectedVersion.ANY, event(1));

            assertThat(store.syncCount()).isEqualTo(1L);
        }
    }

    @Test
    @DisplayName("FsyncPolicy.group rejects out-of-range bounds, naming the field")
    void groupValidation() {
        assertThatThrownBy(() -> FsyncPolicy.group(Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> FsyncPolicy.group(Duration.ofMillis(5), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRecords must be in [1, 1000000], but was 0");
    }

    @Test
    @DisplayName("segmentSize seals a segment and starts a new one, announced to listeners and readable after reopen")
    void segmentSizeRollsSegments() throws IOException {
        List<EventStoreEvent> seen = new ArrayList<>();
        try (FileEventStore store = FileEventStore.builder(dir).segmentSize(1024).listener(seen::add).open()) {
            for (int i = 0; i < 50; i++) {
                store.append(STREAM, ExpectedVersion.ANY, event(i));
            }
        }
        long segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(p -> p.getFileName().toString().startsWith("segment-")).count();
        }
        assertThat(segments).as("50 small appends need several 1 KiB segments").isGreaterThan(2);
        assertThat(seen).filteredOn(e -> e instanceof EventStoreEvent.SegmentCreated).hasSize((int) segments - 1);
        try (FileEventStore store = FileEventStore.builder(dir).segmentSize(1024).open()) {
            assertThat(store.readStreamBackward(STREAM, EventStore.END, 1).get(0).dataAsString()).isEqualTo("e49");
            assertThat(store.recovery().segments()).isEqualTo((int) segments);
            assertThat(store.recovery().events()).isEqualTo(50L);
        }
    }

    @Test
    @DisplayName("an append larger than a segment gets a segment of its own")
    void oversizedAppendGetsOwnSegment() {
        try (FileEventStore store = FileEventStore.builder(dir).segmentSize(1024).open()) {
            store.append(STREAM, ExpectedVersion.ANY, event(0));
            store.append(STREAM, ExpectedVersion.ANY, EventData.of("blob", new byte[5000]));
            store.append(STREAM, ExpectedVersion.ANY, event(2));
        }
        try (FileEventStore store = FileEventStore.builder(dir).segmentSize(1024).open()) {
            assertThat(store.readStreamForward(STREAM, 0, 10)).extracting(RecordedEvent::dataLength)
                    .containsExactly(2, 5000, 2);
        }
    }

    @Test
    @DisplayName("builder values out of range are rejected with the field, the value and the range")
    void builderValidation() {
        assertThatThrownBy(() -> FileEventStore.builder(dir).segmentSize(10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segmentSize must be in [1024, 1073741824] bytes, but was 10");
        assertThatThrownBy(() -> FileEventStore.builder(dir).maxEventSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEventSize");
        assertThatThrownBy(() -> FileEventStore.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("directory");
    }

    @Test
    @DisplayName("closing forces what NEVER left unforced, and releases the lock")
    void closeForces() {
        FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open();
        store.append(STREAM, ExpectedVersion.ANY, event(0));
        store.close();

        assertThat(store.syncCount()).as("close forced the data, then the DURABLE mark written after it")
                .isEqualTo(2L);
        try (FileEventStore again = FileEventStore.builder(dir).open()) {
            assertThat(again.lastPosition()).isEqualTo(1L);
        }
    }
}
