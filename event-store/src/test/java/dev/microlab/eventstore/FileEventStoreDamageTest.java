package dev.microlab.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import dev.microlab.eventstore.internal.FrameCodec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage that the first recovery tests did not cover (issue 13): deletions that must stay
 * anchored, a missing last segment, stray files, impossible fields behind a valid checksum,
 * huge files, and torn appends whose payload looks like frames.
 */
@DisplayName("FileEventStore recovery of damaged files")
class FileEventStoreDamageTest {

    private static final StreamName STREAM = StreamName.of("order-1");

    @TempDir
    Path dir;

    private FileEventStore open() {
        return FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).segmentSize(1024).open();
    }

    private Path segment(int index) {
        return dir.resolve(String.format("segment-%09d.log", index));
    }

    private static EventData event(String text) {
        return EventData.of("note", text.getBytes(UTF_8));
    }

    private static List<String> texts(EventStore store) {
        return store.readAll(EventStore.START, 10_000).stream().map(RecordedEvent::dataAsString).toList();
    }

    @Test
    @DisplayName("a sealed segment that lost its trailing deletions refuses to open instead of undoing them")
    void truncatedDeletionsInSealedSegment() throws IOException {
        // Given: segment 0 ends with a soft delete and a tombstone, then an append rolls to segment 1
        StreamName soft = StreamName.of("soft-1");
        StreamName gone = StreamName.of("gone-1");
        long beforeDeletions;
        try (FileEventStore store = open()) {
            store.append(soft, ExpectedVersion.NO_STREAM, event("s0"));
            store.append(gone, ExpectedVersion.NO_STREAM, event("g0"));
            beforeDeletions = Files.size(segment(0));
            store.deleteStream(soft, ExpectedVersion.exact(0));
            store.tombstoneStream(gone, ExpectedVersion.exact(0));
            store.append(STREAM, ExpectedVersion.ANY, EventData.of("blob", new byte[900]));
            store.append(STREAM, ExpectedVersion.ANY, event("later"));
        }
        assertThat(Files.exists(segment(1))).as("the test needs the deletions in a sealed segment").isTrue();

        // When: the sealed segment loses its tail, exactly at a frame boundary
        byte[] bytes = Files.readAllBytes(segment(0));
        Files.write(segment(0), Arrays.copyOf(bytes, (int) beforeDeletions));

        // Then
        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining("segment-000000000.log");
    }

    /** Writes until there are at least three segments; returns the index of the last. */
    private int severalSegments() throws IOException {
        try (FileEventStore store = open()) {
            for (int i = 0; i < 60; i++) {
                store.append(STREAM, ExpectedVersion.ANY, event("event-" + i));
            }
        }
        int last = 0;
        while (Files.exists(segment(last + 1))) {
            last++;
        }
        assertThat(last).as("the test needs several segments").isGreaterThanOrEqualTo(2);
        return last;
    }

    @Test
    @DisplayName("a crash while rolling — new segment created, the old one's seal torn — is completed on open")
    void tornSealWhileRolling() throws IOException {
        // Given: the crash came after the new segment was created, before its first frame and
        // while the previous segment's seal was being written
        int last = severalSegments();
        truncate(segment(last), FrameCodec.HEADER_SIZE);
        truncate(segment(last - 1), Files.size(segment(last - 1)) - 10);
        int kept;
        try (FileEventStore store = open()) {
            // Then: everything before the seal is there, and the seal is rewritten
            kept = texts(store).size();
            assertThat(texts(store)).hasSizeLessThan(60).last().isEqualTo("event-" + (kept - 1));
            store.append(STREAM, ExpectedVersion.exact(kept - 1), event("after"));
        }
        try (FileEventStore store = open()) {
            assertThat(texts(store)).hasSize(kept + 1).last().isEqualTo("after");
        }
    }

    @Test
    @DisplayName("a torn seal is damage, not a crash, once the next segment holds frames")
    void tornSealWithFramesAfter() throws IOException {
        int last = severalSegments();
        truncate(segment(last - 1), Files.size(segment(last - 1)) - 10);

        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining(segment(last - 1).getFileName().toString()).hasMessageContaining("sealed");
    }

    @Test
    @DisplayName("a sealed segment that lost only its seal is damage once the next segment holds frames")
    void lostSealWithFramesAfter() throws IOException {
        int last = severalSegments();
        truncate(segment(last - 1), Files.size(segment(last - 1)) - FrameCodec.MARK_FRAME_SIZE);

        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining(segment(last - 1).getFileName().toString()).hasMessageContaining("seal");
    }

    @Test
    @DisplayName("a deleted first segment is detected")
    void missingFirstSegment() throws IOException {
        severalSegments();
        Files.delete(segment(0));

        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining("segment-000000000.log").hasMessageContaining("missing");
    }

    @Test
    @DisplayName("a segment copied in from another store is refused, even with a valid header and frames")
    void segmentOfAnotherStore() throws IOException {
        int last = severalSegments();
        Path other = dir.resolve("other");
        try (FileEventStore store = FileEventStore.builder(other).fsyncPolicy(FsyncPolicy.never()).segmentSize(1024)
                .open()) {
            for (int i = 0; i < 60; i++) {
                store.append(STREAM, ExpectedVersion.ANY, event("event-" + i));
            }
        }
        Files.copy(other.resolve(segment(last).getFileName()), segment(last),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining(segment(last).getFileName().toString()).hasMessageContaining("another store");
    }

    private static void truncate(Path file, long length) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
    }

    @Test
    @DisplayName("a deleted last segment is detected, like any other missing segment")
    void missingLastSegment() throws IOException {
        try (FileEventStore store = open()) {
            for (int i = 0; i < 60; i++) {
                store.append(STREAM, ExpectedVersion.ANY, event("event-" + i));
            }
        }
        int last = 0;
        while (Files.exists(segment(last + 1))) {
            last++;
        }
        assertThat(last).as("the test needs several segments").isGreaterThanOrEqualTo(2);
        Files.delete(segment(last));

        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining(segment(last).getFileName().toString()).hasMessageContaining("missing");
    }

    @Test
    @DisplayName("a stray file named like a segment does not block a healthy store; it is reported by name")
    void straySegmentName() throws IOException {
        try (FileEventStore store = open()) {
            store.append(STREAM, ExpectedVersion.ANY, event("e0"));
        }
        Files.write(dir.resolve("segment-7.log"), new byte[] {1, 2, 3});

        try (FileEventStore store = open()) {
            assertThat(texts(store)).containsExactly("e0");
            assertThat(store.recovery().ignoredFiles()).containsExactly(dir.resolve("segment-7.log"));
        }
        assertThat(Files.readAllBytes(dir.resolve("segment-7.log"))).as("the stray file is left alone")
                .containsExactly(1, 2, 3);
    }

    @Test
    @DisplayName("a frame with a valid checksum but an impossible recorded time is a corruption report with"
            + " file and offset")
    void impossibleTimestampBehindValidChecksum() throws IOException {
        try (FileEventStore store = open()) {
            store.append(STREAM, ExpectedVersion.ANY, event("e0"));
            store.append(STREAM, ExpectedVersion.ANY, event("e1"));
        }
        byte[] bytes = Files.readAllBytes(segment(0));
        long frame = FrameSurgery.firstFrameOffset(bytes);
        FrameSurgery.patchEventsTimestamp(bytes, frame, Long.MAX_VALUE);
        Files.write(segment(0), bytes);

        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .satisfies(e -> {
                    EventStoreCorruptedException c = (EventStoreCorruptedException) e;
                    assertThat(c.file()).isEqualTo(segment(0));
                    assertThat(c.offset()).isEqualTo(frame);
                });
    }

    @Test
    @DisplayName("a segment larger than the format allows (a sparse 3 GiB file) is a clear error, not an"
            + " OutOfMemoryError")
    void hugeSparseSegment() throws IOException {
        try (FileEventStore store = open()) {
            store.append(STREAM, ExpectedVersion.ANY, event("e0"));
        }
        try (RandomAccessFile f = new RandomAccessFile(segment(0).toFile(), "rw")) {
            f.setLength(3L << 30);
        }

        assertThatThrownBy(this::open).isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining("segment-000000000.log").hasMessageContaining("larger");
    }

    @Test
    @DisplayName("a torn append whose data carries a copy of this store's own frames does not make the store"
            + " refuse to open")
    void tornAppendCarryingOwnFrames() throws IOException {
        tornAppendCarrying(ownSegmentCopy());
    }

    @Test
    @DisplayName("a torn append whose data carries another store's frames does not make the store refuse to open")
    void tornAppendCarryingForeignFrames() throws IOException {
        Path other = dir.resolve("other");
        try (FileEventStore store = FileEventStore.builder(other).fsyncPolicy(FsyncPolicy.never()).open()) {
            for (int i = 0; i < 20; i++) {
                store.append(STREAM, ExpectedVersion.ANY, event("foreign-" + i));
            }
        }
        tornAppendCarrying(Files.readAllBytes(other.resolve("segment-000000000.log")));
    }

    private byte[] ownSegmentCopy() throws IOException {
        try (FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open()) {
            for (int i = 0; i < 5; i++) {
                store.append(STREAM, ExpectedVersion.ANY, event("e" + i));
            }
        }
        return Files.readAllBytes(segment(0));
    }

    private void tornAppendCarrying(byte[] payload) throws IOException {
        // Given: a few appends, then one whose data holds complete, checksum-valid frames
        try (FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open()) {
            if (store.lastPosition() == 0) {
                for (int i = 0; i < 5; i++) {
                    store.append(STREAM, ExpectedVersion.ANY, event("e" + i));
                }
            }
        }
        long before = Files.size(segment(0));
        try (FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open()) {
            store.append(STREAM, ExpectedVersion.ANY, EventData.of("backup", payload));
        }
        // When: the process died with the frame half written (the embedded frames are complete)
        byte[] bytes = Files.readAllBytes(segment(0));
        int cut = (int) before + payload.length; // inside the frame: its data ends it
        assertThat(cut).isLessThan(bytes.length);
        Files.write(segment(0), Arrays.copyOf(bytes, cut));

        // Then: recovery cuts the torn append and keeps the rest
        try (FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open()) {
            assertThat(texts(store)).containsExactly("e0", "e1", "e2", "e3", "e4");
            assertThat(store.recovery().truncatedBytes()).isEqualTo(cut - before);
        }
    }

    /** Byte-level edits of the segment format that keep the frame checksum valid. */
    static final class FrameSurgery {
        private FrameSurgery() {
        }

        static long firstFrameOffset(byte[] segment) {
            return FrameCodec.HEADER_SIZE;
        }

        /** Overwrites the epoch-second field of the events frame at {@code frame} and fixes its CRC. */
        static void patchEventsTimestamp(byte[] segment, long frame, long epochSecond) {
            ByteBuffer buf = ByteBuffer.wrap(segment);
            int off = (int) frame;
            // payload: kind, lsn, durable lsn, first position, first version, epoch second
            buf.putLong(off + FrameCodec.FRAME_HEADER_SIZE + 1 + 8 + 8 + 8 + 8, epochSecond);
            reseal(segment, frame);
        }

        /** Recomputes the checksum of the frame at {@code frame}, salted with the store's id. */
        static void reseal(byte[] segment, long frame) {
            ByteBuffer buf = ByteBuffer.wrap(segment);
            int off = (int) frame;
            int length = buf.getInt(off);
            long storeId = buf.getLong(8);
            buf.putInt(off + 4, FrameCodec.frameCrc(storeId, buf, off + FrameCodec.FRAME_HEADER_SIZE, length));
        }
    }
}
