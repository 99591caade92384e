package dev.microlab.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileEventStore backup and restore")
class FileEventStoreBackupTest {

    @TempDir
    Path dir;

    private FileEventStore open(Path store) {
        return FileEventStore.builder(store).fsyncPolicy(FsyncPolicy.never()).segmentSize(2048).open();
    }

    private static void appendSome(EventStore store, int from, int count) {
        for (int i = from; i < from + count; i++) {
            store.append(StreamName.of("order-" + (i % 4)), ExpectedVersion.ANY,
                    EventData.of("noted", ("event " + i + " padded to fill segments quickly").getBytes(UTF_8)));
        }
    }

    private static List<String> texts(EventStore store, long upTo) {
        return store.readAll(EventStore.START, (int) upTo).stream().map(RecordedEvent::dataAsString).toList();
    }

    @Test
    @DisplayName("appends made while the backup copies are not in it; the restored store is the log at the backup point")
    void appendsDuringTheCopyStayOutOfTheBackup() {
        // Given: a store of several segments, and a listener that appends after each file copied
        Path live = dir.resolve("live");
        try (FileEventStore store = open(live)) {
            appendSome(store, 0, 50);
            AtomicInteger next = new AtomicInteger(50);

            // When
            BackupManifest manifest = FileEventStoreBackup.backup(store, null, dir.resolve("backup"),
                    file -> appendSome(store, next.getAndAdd(5), 5));

            // Then: the backup stops at the point it took, the live store went on
            assertThat(manifest.lastPosition()).isEqualTo(50);
            assertThat(manifest.files()).as("several segments were copied").hasSizeGreaterThan(2);
            assertThat(store.lastPosition()).isEqualTo(50 + 5L * manifest.files().size());

            BackupManifest restored = FileEventStoreBackup.restore(dir.resolve("backup"), dir.resolve("restored"));
            assertThat(restored).isEqualTo(manifest);
            try (FileEventStore copy = open(dir.resolve("restored"))) {
                assertThat(copy.lastPosition()).isEqualTo(50);
                assertThat(texts(copy, 1000)).isEqualTo(texts(store, 50));
                for (int s = 0; s < 4; s++) {
                    StreamName stream = StreamName.of("order-" + s);
                    long eventsOfStream = (50 - s + 3) / 4; // i % 4 == s for i in [0, 50)
                    assertThat(copy.streamInfo(stream).version()).as("version of %s", stream)
                            .isEqualTo(eventsOfStream - 1);
                }
            }
        }
    }

    @Test
    @DisplayName("a backup taken while another thread appends restores to a prefix of the live log")
    void backupUnderConcurrentAppends() throws Exception {
        Path live = dir.resolve("live");
        try (FileEventStore store = open(live)) {
            appendSome(store, 0, 20);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch writing = new CountDownLatch(10);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 20; !stop.get() && i < 20_000; i++) {
                        appendSome(store, i, 1);
                        writing.countDown();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "appender");
            writer.start();
            assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();

            BackupManifest manifest = FileEventStoreBackup.backup(store, dir.resolve("backup"));
            stop.set(true);
            writer.join();
            assertThat(failure.get()).as("the appender was never disturbed").isNull();

            FileEventStoreBackup.restore(dir.resolve("backup"), dir.resolve("restored"));
            try (FileEventStore copy = open(dir.resolve("restored"))) {
                assertThat(copy.lastPosition()).isEqualTo(manifest.lastPosition()).isGreaterThanOrEqualTo(30);
                assertThat(texts(copy, manifest.lastPosition())).isEqualTo(texts(store, manifest.lastPosition()));
            }
        }
    }

    @Test
    @DisplayName("the manifest records deletions, tombstones and checkpoints; the restore brings them back")
    void deletionsAndCheckpointsAreRestored() {
        Path live = dir.resolve("live");
        FileCheckpointStore checkpoints = new FileCheckpointStore(dir.resolve("checkpoints"));
        try (FileEventStore store = open(live)) {
            appendSome(store, 0, 12);
            store.deleteStream(StreamName.of("order-1"), ExpectedVersion.ANY);
            store.tombstoneStream(StreamName.of("order-2"), ExpectedVersion.ANY);
            checkpoints.save("order-list", 9);

            BackupManifest manifest = FileEventStoreBackup.backup(store, dir.resolve("checkpoints"), dir.resolve("b"));

            assertThat(manifest.checkpoints()).containsEntry("order-list", 9L);
            assertThat(manifest.streams()).contains(
                    new BackupManifest.StreamState("order-1", StreamStatus.SOFT_DELETED, 3, 3),
                    new BackupManifest.StreamState("order-2", StreamStatus.TOMBSTONED, 3, 3),
                    new BackupManifest.StreamState("order-0", StreamStatus.ACTIVE, 0, 3));
        }
        FileEventStoreBackup.restore(dir.resolve("b"), dir.resolve("restored"), dir.resolve("restored-cp"));
        try (FileEventStore copy = open(dir.resolve("restored"))) {
            assertThat(copy.streamInfo(StreamName.of("order-1")).status()).isEqualTo(StreamStatus.SOFT_DELETED);
            assertThat(copy.streamInfo(StreamName.of("order-2")).status()).isEqualTo(StreamStatus.TOMBSTONED);
        }
        assertThat(new FileCheckpointStore(dir.resolve("restored-cp")).load("order-list")).hasValue(9);
    }

    @Test
    @DisplayName("a damaged file of the backup is refused, naming it; nothing is restored")
    void damagedBackupIsRefused() throws Exception {
        try (FileEventStore store = open(dir.resolve("live"))) {
            appendSome(store, 0, 30);
            FileEventStoreBackup.backup(store, dir.resolve("b"));
        }
        Path segment = dir.resolve("b").resolve(FileEventStoreBackup.SEGMENTS).resolve("segment-000000001.log");
        byte[] bytes = Files.readAllBytes(segment);
        bytes[100] ^= 1;
        Files.write(segment, bytes);

        assertThatThrownBy(() -> FileEventStoreBackup.restore(dir.resolve("b"), dir.resolve("restored")))
                .isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining("segment-000000001.log").hasMessageContaining("CRC32C");
        assertThat(dir.resolve("restored")).doesNotExist();
    }

    @Test
    @DisplayName("a restored store that does not match the manifest is refused and removed")
    void mismatchWithTheManifestIsRefused() throws Exception {
        try (FileEventStore store = open(dir.resolve("live"))) {
            appendSome(store, 0, 10);
            FileEventStoreBackup.backup(store, dir.resolve("b"));
        }
        Path manifest = dir.resolve("b").resolve(FileEventStoreBackup.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"lastPosition\" : 10", "\"lastPosition\" : 11"));

        assertThatThrownBy(() -> FileEventStoreBackup.restore(dir.resolve("b"), dir.resolve("restored")))
                .isInstanceOf(EventStoreCorruptedException.class)
                .hasMessageContaining("ends at position 10").hasMessageContaining("manifest says position 11");
        assertThat(dir.resolve("restored")).doesNotExist();
        assertThat(dir.resolve("restored.restoring")).doesNotExist();
    }

    @Test
    @DisplayName("a backup refuses a non-empty target; a restore refuses a non-empty store directory")
    void refusesNonEmptyDirectories() throws Exception {
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("b").resolve("old.txt"), "x");
        Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(dir.resolve("occupied").resolve("segment-000000000.log"), "x");
        try (FileEventStore store = open(dir.resolve("live"))) {
            appendSome(store, 0, 3);
            assertThatThrownBy(() -> FileEventStoreBackup.backup(store, dir.resolve("b")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target").hasMessageContaining("not empty");
            FileEventStoreBackup.backup(store, dir.resolve("good"));
        }
        assertThatThrownBy(() -> FileEventStoreBackup.restore(dir.resolve("good"), dir.resolve("occupied")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storeDirectory");
        assertThat(Files.readString(dir.resolve("occupied").resolve("segment-000000000.log"))).isEqualTo("x");
    }

    @Test
    @DisplayName("a backup killed midway (a real child JVM) is refused as incomplete; the live store is untouched")
    void killedBackupIsIncomplete() throws Exception {
        Path live = dir.resolve("live");
        Path backup = dir.resolve("backup");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                BackupCrashChild.class.getName(), live.toString(), dir.resolve("checkpoints").toString(),
                backup.toString()).redirectError(dir.resolve("child.err").toFile()).start();
        long ready = -1;
        List<String> seen = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                seen.add(line);
                if (line.startsWith("READY ")) {
                    ready = Long.parseLong(line.substring(6));
                }
                if (line.startsWith("COPIED ")) {
                    break; // the child is parked midway through the backup
                }
            }
            assertThat(seen).as("child output (stderr in child.err)").anyMatch(l -> l.startsWith("COPIED "));
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
        }

        assertThat(backup.resolve(FileEventStoreBackup.SEGMENTS)).isNotEmptyDirectory();
        assertThatThrownBy(() -> FileEventStoreBackup.verify(backup))
                .isInstanceOf(IncompleteBackupException.class).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> FileEventStoreBackup.restore(backup, dir.resolve("restored")))
                .isInstanceOf(IncompleteBackupException.class);
        assertThat(dir.resolve("restored")).doesNotExist();
        try (FileEventStore store = open(live)) {
            assertThat(store.recovery().truncatedBytes()).as("the live store needed no repair").isZero();
            assertThat(store.lastPosition()).isEqualTo(ready).isEqualTo(60);
            assertThat(store.streamInfo(StreamName.of("crash-0")).version()).isEqualTo(19);
        }
        assertThat(new FileCheckpointStore(dir.resolve("checkpoints")).load("projection")).hasValue(55);
    }

    @Test
    @DisplayName("a checkpoint directory that does not exist means no checkpoints, and is not created on the live side")
    void missingCheckpointDirectoryIsNotCreated() {
        Path checkpoints = dir.resolve("no-checkpoints-yet");
        try (FileEventStore store = open(dir.resolve("live"))) {
            appendSome(store, 0, 3);

            BackupManifest manifest = FileEventStoreBackup.backup(store, checkpoints, dir.resolve("b"));

            assertThat(manifest.checkpoints()).isEmpty();
        }
        assertThat(checkpoints).doesNotExist();
    }
}
