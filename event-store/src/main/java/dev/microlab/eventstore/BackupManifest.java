package dev.microlab.eventstore;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link FileEventStoreBackup} contains, written last ({@value FileEventStoreBackup#MANIFEST})
 * so that a backup without it is known to be incomplete.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param format       the manifest's format (1)
 * @param lastPosition the global position of the last event in the backup
 * @param lastLsn      the log sequence number of the last append or deletion in the backup
 * @param streams      every stream's state at the backup point, sorted by name
 * @param files        every file of the backup but the manifest, with its size and checksum
 * @param checkpoints  the subscriptions' checkpoints copied, by subscription name
 */
public record BackupManifest(int format, long lastPosition, long lastLsn, List<StreamState> streams,
        List<FileEntry> files, Map<String, Long> checkpoints) {

    /** Copies the collections. */
    public BackupManifest {
        streams = List.copyOf(Objects.requireNonNull(streams, "streams must not be null"));
        files = List.copyOf(Objects.requireNonNull(files, "files must not be null"));
        checkpoints = Map.copyOf(Objects.requireNonNull(checkpoints, "checkpoints must not be null"));
    }

    /**
     * One stream's state, as {@link StreamInfo} has it.
     *
     * @param stream       the stream's name
     * @param status       its life-cycle state
     * @param firstVersion the version of its first visible event (where a soft delete left it)
     * @param nextVersion  the version its next event gets
     */
    public record StreamState(String stream, StreamStatus status, long firstVersion, long nextVersion) {

        static StreamState of(StreamInfo info) {
            return new StreamState(info.stream().value(), info.status(), info.firstVersion(), info.nextVersion());
        }
    }

    /**
     * One file of the backup.
     *
     * @param path   its path relative to the backup directory ({@code /}-separated)
     * @param size   its length in bytes
     * @param crc32c the CRC32C of its bytes, in hexadecimal
     */
    public record FileEntry(String path, long size, String crc32c) {
    }
}
