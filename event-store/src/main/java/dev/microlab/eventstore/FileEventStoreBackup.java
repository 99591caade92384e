package dev.microlab.eventstore;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.microlab.eventstore.internal.FileSupport;
import dev.microlab.eventstore.internal.SegmentFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Online backup and verified restore of a {@link FileEventStore} (and, optionally, the
 * {@link FileCheckpointStore} of its subscriptions).
 *
 * <pre>{@code
 * BackupManifest taken = FileEventStoreBackup.backup(store, checkpointDir, Path.of("backups/2026-12-05"));
 * // later, on an empty machine:
 * BackupManifest restored = FileEventStoreBackup.restore(Path.of("backups/2026-12-05"), storeDir, checkpointDir);
 * }</pre>
 *
 * <p><b>A consistent copy while appends go on.</b> The checkpoints are copied first, then the
 * store is asked for a <i>backup point</i>: under its write lock it forces the active segment and
 * reads, together, the list of segments, the byte length of the active segment's frames, the last
 * position and every stream's state. Appends wait only for that force. Then the sealed segments are
 * copied whole (a sealed segment never changes again) and the active one up to that length (the
 * store only writes past it), while appends continue. Because the checkpoints were copied before
 * the point, none of them is ahead of the log in the backup: after a restore a subscription may
 * replay a few events it had already handled (handlers are at-least-once anyway), never skip one.
 * This is what {@code pg_basebackup} and KurrentDB's file-copy backup do: copy immutable chunks,
 * copy the growing one up to a known-good point, and keep checkpoints no later than the data.
 *
 * <p><b>Complete or refused.</b> Every copied file is forced and its size and CRC32C recorded; the
 * manifest ({@value #MANIFEST}) is written last, to a temporary file renamed into place. A backup
 * without a manifest — the process died midway — is refused with an {@link IncompleteBackupException};
 * one whose file differs from its manifest is refused with an {@link EventStoreCorruptedException}
 * naming the file. The live store is only read, so an interrupted backup leaves it untouched.
 *
 * <p><b>Verified restore.</b> {@link #restore} checks every file, copies the segments into a staging
 * directory beside the target, <i>opens</i> the restored store there (full recovery), and compares
 * its last position, last LSN and every stream's state with the manifest before renaming it into
 * place. Nothing is written to the target unless all of that holds.
 *
 * <p>This class is threadsafe (stateless); a backup may run while other threads append.
 */
public final class FileEventStoreBackup {

    /** The manifest's file name; its presence marks a complete backup. */
    public static final String MANIFEST = "backup-manifest.json";
    /** The backup's sub-directory of segment files. */
    public static final String SEGMENTS = "segments";
    /** The backup's sub-directory of checkpoint files. */
    public static final String CHECKPOINTS = "checkpoints";

    private static final int FORMAT = 1;
    private static final String CHECKPOINT_SUFFIX = ".checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private FileEventStoreBackup() {
    }

    /**
     * Backs up the store's events (no checkpoints) into {@code target}, which must not exist or
     * be empty.
     *
     * @return the manifest written
     * @throws IllegalArgumentException if {@code target} is not empty
     * @throws EventStoreException if the store is closed or refuses writes
     * @throws UncheckedIOException if a file cannot be read or written
     */
    public static BackupManifest backup(FileEventStore store, Path target) {
        return backup(store, null, target, file -> { });
    }

    /** Backs up the store's events and the checkpoints in {@code checkpointDirectory}; see {@link #backup(FileEventStore, Path)}. */
    public static BackupManifest backup(FileEventStore store, Path checkpointDirectory, Path target) {
        Objects.requireNonNull(checkpointDirectory, "checkpointDirectory must not be null");
        return backup(store, checkpointDirectory, target, file -> { });
    }

    /**
     * Backs up as {@link #backup(FileEventStore, Path, Path)} does, telling {@code afterEachFile}
     * the path of each file copied into the backup (progress reporting; the manifest is not
     * reported). {@code checkpointDirectory} may be null, or missing: no checkpoints (it is not
     * created).
     */
    public static BackupManifest backup(FileEventStore store, Path checkpointDirectory, Path target,
            Consumer<Path> afterEachFile) {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(afterEachFile, "afterEachFile must not be null");
        try {
            requireEmptyOrMissing(target, "target");
            Path segmentDir = Files.createDirectories(target.resolve(SEGMENTS));
            List<BackupManifest.FileEntry> files = new ArrayList<>();

            // 1. checkpoints first, so that none is ahead of the log copied after them
            Map<String, Long> checkpoints = new TreeMap<>();
            if (checkpointDirectory != null && Files.isDirectory(checkpointDirectory)) {
                FileCheckpointStore source = new FileCheckpointStore(checkpointDirectory);
                FileCheckpointStore copy = new FileCheckpointStore(target.resolve(CHECKPOINTS));
                for (String name : checkpointNames(checkpointDirectory)) {
                    OptionalLong position = source.load(name);
                    if (position.isPresent()) {
                        copy.save(name, position.getAsLong());
                        checkpoints.put(name, position.getAsLong());
                        Path file = target.resolve(CHECKPOINTS).resolve(name + CHECKPOINT_SUFFIX);
                        files.add(entry(target, file, crcOf(file)));
                        afterEachFile.accept(file);
                    }
                }
            }

            // 2. the backup point, then the segments up to it
            FileEventStore.BackupPoint point = store.backupPoint();
            List<Integer> indexes = point.segmentIndexes();
            for (int i = 0; i < indexes.size(); i++) {
                String name = SegmentFile.fileName(indexes.get(i));
                Path source = store.directory().resolve(name);
                Path copy = segmentDir.resolve(name);
                long length = i == indexes.size() - 1 ? point.activeEnd() : Files.size(source);
                files.add(entry(target, copy, copy(source, copy, length)));
                afterEachFile.accept(copy);
            }
            FileSupport.fsyncDirectory(segmentDir);

            // 3. the manifest, last: its presence says the backup is complete
            List<BackupManifest.StreamState> streams = new ArrayList<>();
            for (StreamInfo info : point.streams()) {
                streams.add(BackupManifest.StreamState.of(info));
            }
            BackupManifest manifest = new BackupManifest(FORMAT, point.lastPosition(), point.lastLsn(), streams,
                    files, checkpoints);
            writeManifest(target, manifest);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot back up the event store in " + store.directory() + " to "
                    + target, e);
        }
    }

    /**
     * Checks a backup without restoring it: the manifest is there and readable, and every file it
     * lists has the recorded size and CRC32C.
     *
     * @return the manifest
     * @throws IncompleteBackupException if the backup has no manifest
     * @throws EventStoreCorruptedException if a file is missing, has another size or checksum,
     *         or the manifest cannot be read
     */
    public static BackupManifest verify(Path backup) {
        Objects.requireNonNull(backup, "backup must not be null");
        Path manifestFile = backup.resolve(MANIFEST);
        BackupManifest manifest;
        try {
            manifest = JSON.readValue(Files.readAllBytes(manifestFile), BackupManifest.class);
        } catch (NoSuchFileException e) {
            throw new IncompleteBackupException(backup);
        } catch (JacksonException e) {
            throw new EventStoreCorruptedException(manifestFile, 0, "the backup manifest cannot be read: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifestFile, e);
        }
        if (manifest.format() != FORMAT) {
            throw new EventStoreCorruptedException(manifestFile, 0, "backup manifest format " + manifest.format()
                    + " is not supported (this version reads format " + FORMAT + ")");
        }
        for (BackupManifest.FileEntry f : manifest.files()) {
            Path file = resolveInside(backup, f.path(), manifestFile);
            try {
                long size = Files.size(file);
                if (size != f.size()) {
                    throw new EventStoreCorruptedException(file, 0, "the backup's file has " + size
                            + " bytes but the manifest says " + f.size());
                }
                String crc = crcOf(file);
                if (!crc.equals(f.crc32c())) {
                    throw new EventStoreCorruptedException(file, 0, "the backup's file has CRC32C " + crc
                            + " but the manifest says " + f.crc32c() + " (it was changed or damaged after the backup)");
                }
            } catch (NoSuchFileException e) {
                throw new EventStoreCorruptedException(file, 0, "the backup's manifest lists this file but it is missing");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return manifest;
    }

    /**
     * Restores a backup's events into {@code storeDirectory}, which must not exist or be empty;
     * its checkpoints are not restored. See {@link #restore(Path, Path, Path)}.
     */
    public static BackupManifest restore(Path backup, Path storeDirectory) {
        return restore(backup, storeDirectory, null);
    }

    /**
     * Restores a backup: {@linkplain #verify verifies} it, copies its segments into a staging
     * directory beside {@code storeDirectory}, opens the store there and checks that its last
     * position, last LSN and every stream's state are the manifest's, then renames the staging
     * directory to {@code storeDirectory} and writes the checkpoints into
     * {@code checkpointDirectory} (null: not restored).
     *
     * @return the manifest the restored store matches
     * @throws IncompleteBackupException if the backup has no manifest
     * @throws EventStoreCorruptedException if a file of the backup is damaged, or the restored
     *         store does not match the manifest (then nothing is left at {@code storeDirectory})
     * @throws IllegalArgumentException if {@code storeDirectory} is not empty, the staging
     *         directory exists (a restore interrupted earlier: remove it), or
     *         {@code checkpointDirectory} already holds checkpoints
     */
    public static BackupManifest restore(Path backup, Path storeDirectory, Path checkpointDirectory) {
        Objects.requireNonNull(backup, "backup must not be null");
        Objects.requireNonNull(storeDirectory, "storeDirectory must not be null");
        BackupManifest manifest = verify(backup);
        Path staging = storeDirectory.toAbsolutePath().resolveSibling(storeDirectory.getFileName() + ".restoring");
        try {
            requireEmptyOrMissing(storeDirectory, "storeDirectory");
            if (Files.exists(staging)) {
                throw new IllegalArgumentException("staging directory " + staging + " exists (a restore was"
                        + " interrupted?); remove it and restore again");
            }
            if (checkpointDirectory != null && !checkpointNames(checkpointDirectory).isEmpty()) {
                throw new IllegalArgumentException("checkpointDirectory " + checkpointDirectory
                        + " already holds checkpoints; restore into an empty one");
            }
            Files.createDirectories(staging);
            for (BackupManifest.FileEntry f : manifest.files()) {
                if (f.path().startsWith(SEGMENTS + "/")) {
                    Path source = backup.resolve(f.path());
                    copy(source, staging.resolve(source.getFileName().toString()), f.size());
                }
            }
            FileSupport.fsyncDirectory(staging);
            try (FileEventStore restored = FileEventStore.builder(staging).open()) {
                checkMatches(restored, manifest, backup.resolve(MANIFEST));
            } catch (RuntimeException e) {
                deleteTree(staging);
                throw e;
            }
            if (Files.exists(storeDirectory)) {
                Files.delete(storeDirectory); // checked empty above
            }
            Files.move(staging, storeDirectory, StandardCopyOption.ATOMIC_MOVE);
            FileSupport.fsyncDirectory(storeDirectory.toAbsolutePath().getParent());
            if (checkpointDirectory != null) {
                FileCheckpointStore checkpoints = new FileCheckpointStore(checkpointDirectory);
                manifest.checkpoints().forEach(checkpoints::save);
            }
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore " + backup + " into " + storeDirectory, e);
        }
    }

    private static void checkMatches(FileEventStore restored, BackupManifest manifest, Path manifestFile) {
        FileEventStore.BackupPoint point = restored.backupPoint();
        if (point.lastPosition() != manifest.lastPosition() || point.lastLsn() != manifest.lastLsn()) {
            throw new EventStoreCorruptedException(manifestFile, 0, "the restored store ends at position "
                    + point.lastPosition() + " (LSN " + point.lastLsn() + ") but the manifest says position "
                    + manifest.lastPosition() + " (LSN " + manifest.lastLsn() + ")");
        }
        List<BackupManifest.StreamState> actual = new ArrayList<>();
        for (StreamInfo info : point.streams()) {
            actual.add(BackupManifest.StreamState.of(info));
        }
        if (!actual.equals(manifest.streams())) {
            List<BackupManifest.StreamState> missing = new ArrayList<>(manifest.streams());
            missing.removeAll(actual);
            List<BackupManifest.StreamState> unexpected = new ArrayList<>(actual);
            unexpected.removeAll(manifest.streams());
            throw new EventStoreCorruptedException(manifestFile, 0, "the restored store's streams differ from"
                    + " the manifest: expected but not found " + missing + "; found but not expected " + unexpected);
        }
    }

    // ------------------------------------------------------------------ files

    private static void requireEmptyOrMissing(Path dir, String name) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(name + " " + dir + " is a file, not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(name + " " + dir + " is not empty; use a new directory");
            }
        }
    }

    private static List<String> checkpointNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + CHECKPOINT_SUFFIX)) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                names.add(file.substring(0, file.length() - CHECKPOINT_SUFFIX.length()));
            }
        }
        names.sort(null);
        return names;
    }

    /** Copies the first {@code length} bytes of {@code source} to a new file, forces it; returns their CRC32C. */
    private static String copy(Path source, Path target, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < length) {
                buf.clear().limit((int) Math.min(buf.capacity(), length - done));
                int n = in.read(buf, done);
                if (n < 0) {
                    throw new IOException(source + " ended at " + done + " bytes, before the " + length
                            + " bytes the backup point needs");
                }
                buf.flip();
                crc.update(buf.duplicate());
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                done += n;
            }
            out.force(true);
        }
        return hex(crc);
    }

    private static String crcOf(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buf.clear()) >= 0) {
                crc.update(buf.flip());
            }
        }
        return hex(crc);
    }

    private static String hex(CRC32C crc) {
        return String.format("%08x", crc.getValue());
    }

    private static BackupManifest.FileEntry entry(Path root, Path file, String crc) throws IOException {
        return new BackupManifest.FileEntry(root.relativize(file).toString().replace('\\', '/'), Files.size(file), crc);
    }

    private static Path resolveInside(Path backup, String relative, Path manifestFile) {
        Path file = backup.resolve(relative).normalize();
        if (!file.startsWith(backup.normalize())) {
            throw new EventStoreCorruptedException(manifestFile, 0, "the manifest names a file outside the backup: "
                    + relative);
        }
        return file;
    }

    private static void writeManifest(Path target, BackupManifest manifest) throws IOException {
        Path tmp = target.resolve(MANIFEST + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(JSON.writeValueAsBytes(manifest));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        FileSupport.fsyncDirectory(target);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staging directory " + dir, e);
        }
    }
}
