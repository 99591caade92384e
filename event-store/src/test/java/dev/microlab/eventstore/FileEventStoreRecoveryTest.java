package dev.microlab.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.eventstore.internal.FrameCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileEventStore recovery")
class FileEventStoreRecoveryTest {

    private static final StreamName STREAM = StreamName.of("order-1");

    @TempDir
    Path dir;

    /** NEVER keeps the hundreds of reopens fast; recovery forces its own truncation whatever the policy. */
    private FileEventStore open() {
        return FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open();
    }

    private Path segment(int index) {
        return dir.resolve(String.format("segment-%09d.log", index));
    }

    private static List<String> texts(EventStore store) {
        return store.readAll(EventStore.START, 1000).stream().map(RecordedEvent::dataAsString).toList();
    }

    /** Writes five single-event appends, then one two-event append; returns [start, end) of that last frame. */
    private long[] writePrefixAndLastFrame() throws IOException {
        try (FileEventStore store = open()) {
            for (int i = 0; i < 5; i++) {
                store.append(STREAM, ExpectedVersion.ANY, EventData.of("note", ("e" + i).getBytes(UTF_8)));
            }
        }
        long start = Files.size(segment(0));
        try (FileEventStore store = open()) {
            store.append(STREAM, ExpectedVersion.ANY, EventData.of("note", "last-a".getBytes(UTF_8)),
                    EventData.of("note", "last-b".getBytes(UTF_8)));
        }
        // A clean close ends the file with a DURABLE mark vouching for the last frame; a crash right
        // after the append would not have written it. Remove it to get the file such a crash leaves.
        long end = Files.size(segment(0)) - FrameCodec.MARK_FRAME_SIZE;
        try (FileChannel channel = FileChannel.open(segment(0), StandardOpenOption.WRITE)) {
            channel.truncate(end);
        }
        return new long[] {start, end};
    }

    private void assertRecoversToPrefix(String situation, long tornBytes) {
        // recovery once
        try (FileEventStore store = open()) {
            assertThat(texts(store)).as("%s: exactly the complete prefix is kept", situation)
                    .containsExactly("e0", "e1", "e2", "e3", "e4");
            assertThat(store.recovery().truncatedBytes()).as("%s: the torn bytes are cut off", situation)
                    .isEqualTo(tornBytes);
        }
        // recovery twice gives the same result, then the next append lands right after the prefix
        try (FileEventStore store = open()) {
            assertThat(store.recovery().truncatedBytes()).as("%s: a second recovery has nothing left to cut", situation)
                    .isZero();
            assertThat(texts(store)).as("%s: same result after a second recovery", situation)
                    .containsExactly("e0", "e1", "e2", "e3", "e4");
            AppendResult next = store.append(STREAM, ExpectedVersion.exact(4), EventData.of("note", "next".getBytes(UTF_8)));
            assertThat(next).as("%s: next append goes at the right position", situation)
                    .isEqualTo(new AppendResult(STREAM, 5, 6));
        }
    }

    @Test
    @DisplayName("cutting the file at every byte offset inside the last frame keeps exactly the complete prefix")
    void cutAtEveryOffset() throws IOException {
        // Given
        long[] last = writePrefixAndLastFrame();
        byte[] pristine = Files.readAllBytes(segment(0));

        for (long cut = last[0]; cut < last[1]; cut++) {
            // When
            Files.write(segment(0), java.util.Arrays.copyOf(pristine, (int) cut));
            // Then
            assertRecoversToPrefix("cut at " + cut, cut - last[0]);
        }
    }

    @Test
    @DisplayName("flipping a bit in the last frame (every header byte, every third payload byte) keeps exactly the"
            + " complete prefix")
    void flipBitsInTail() throws IOException {
        long[] last = writePrefixAndLastFrame();
        byte[] pristine = Files.readAllBytes(segment(0));

        for (long at = last[0]; at < last[1]; at += at < last[0] + 8 ? 1 : 3) {
            byte[] damaged = pristine.clone();
            damaged[(int) at] ^= (byte) (1 << (at % 8));
            Files.write(segment(0), damaged);

            assertRecoversToPrefix("bit flipped at " + at, last[1] - last[0]);
        }
    }

    @Test
    @DisplayName("zeros after the last frame (a file extended but never written) are cut off")
    void zeroTail() throws IOException {
        long[] last = writePrefixAndLastFrame();
        byte[] pristine = Files.readAllBytes(segment(0));
        byte[] withZeros = java.util.Arrays.copyOf(java.util.Arrays.copyOf(pristine, (int) last[0]), (int) last[0] + 4096);
        Files.write(segment(0), withZeros);

        assertRecoversToPrefix("zero tail", 4096);
    }

    @Test
    @DisplayName("a CRC failure in a sealed segment refuses to open, naming the file and offset, and changes nothing")
    void corruptSealedSegment() throws IOException {
        // Given: several segments
        try (FileEventStore store = FileEventStore.builder(dir).segmentSize(1024).open()) {
            for (int i = 0; i < 40; i++) {
                store.append(STREAM, ExpectedVersion.ANY, EventData.of("note", ("event-" + i).getBytes(UTF_8)));
            }
        }
        assertThat(Files.exists(segment(1))).as("the test needs a sealed segment").isTrue();
        byte[] bytes = Files.readAllBytes(segment(0));
        bytes[100] ^= 0x10;
        Files.write(segment(0), bytes);

        // When / Then
        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining("segment-000000000.log").hasMessageContaining("sealed")
                .satisfies(e -> assertThat(((EventStoreCorruptedException) e).file()).isEqualTo(segment(0)));
        assertThat(Files.readAllBytes(segment(0))).as("a refused open never truncates anything").isEqualTo(bytes);
        assertThatThrownBy(this::open).as("the lock was released: the refusal is repeatable")
                .isInstanceOf(EventStoreCorruptedException.class);
    }

    @Test
    @DisplayName("damage in the middle of the active segment, with valid frames after it, refuses to open")
    void corruptMiddleOfActiveSegment() throws IOException {
        try (FileEventStore store = open()) {
            for (int i = 0; i < 5; i++) {
                store.append(STREAM, ExpectedVersion.ANY, EventData.of("note", ("e" + i).getBytes(UTF_8)));
            }
        }
        byte[] bytes = Files.readAllBytes(segment(0));
        bytes[FrameCodec.HEADER_SIZE + 30] ^= 0x01; // inside the first frame's payload
        Files.write(segment(0), bytes);

        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining("damage inside the log");
        assertThat(Files.readAllBytes(segment(0))).isEqualTo(bytes);
    }

    @Test
    @DisplayName("a missing segment refuses to open")
    void missingSegment() throws IOException {
        try (FileEventStore store = FileEventStore.builder(dir).segmentSize(1024).open()) {
            for (int i = 0; i < 60; i++) {
                store.append(STREAM, ExpectedVersion.ANY, EventData.of("note", ("event-" + i).getBytes(UTF_8)));
            }
        }
        assertThat(Files.exists(segment(2))).isTrue();
        Files.delete(segment(1));

        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining("missing");
    }

    @Test
    @DisplayName("a crash while creating a segment (a header shorter than 16 bytes) is repaired")
    void tornSegmentHeader() throws IOException {
        try (FileEventStore store = open()) {
            store.append(STREAM, ExpectedVersion.ANY, EventData.of("note", "e0".getBytes(UTF_8)));
        }
        Files.write(segment(1), new byte[] {0x4D, 0x4C});

        try (FileEventStore store = open()) {
            assertThat(texts(store)).containsExactly("e0");
            store.append(STREAM, ExpectedVersion.exact(0), EventData.of("note", "e1".getBytes(UTF_8)));
        }
        try (FileEventStore store = open()) {
            assertThat(texts(store)).containsExactly("e0", "e1");
            assertThat(store.recovery().segments()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a torn tail is reported to listeners registered on the builder")
    void tornTailIsReported() throws IOException {
        long[] last = writePrefixAndLastFrame();
        byte[] pristine = Files.readAllBytes(segment(0));
        Files.write(segment(0), java.util.Arrays.copyOf(pristine, (int) last[1] - 3));
        List<EventStoreEvent> seen = new ArrayList<>();

        try (FileEventStore store = FileEventStore.builder(dir).listener(seen::add).open()) {
            assertThat(seen).as("recovery reports what it cut").containsExactly(
                    new EventStoreEvent.TornTailTruncated(segment(0), last[0], last[1] - 3 - last[0]));
            assertThat(store.recovery().truncatedSegment()).isEqualTo(segment(0));
        }
    }

    @Test
    @DisplayName("a second opener of the same directory is refused while the first has it open")
    void lockPreventsTwoOpeners() {
        try (FileEventStore first = open()) {
            first.append(STREAM, ExpectedVersion.ANY, EventData.of("note", "e0".getBytes(UTF_8)));

            assertThatThrownBy(this::open).isInstanceOf(StoreLockedException.class).hasMessageContaining("locked");
            assertThat(texts(first)).as("the refused opener did not disturb the first").containsExactly("e0");
        }
        try (FileEventStore again = open()) {
            assertThat(texts(again)).as("after close the directory can be opened again").containsExactly("e0");
        }
    }
}
