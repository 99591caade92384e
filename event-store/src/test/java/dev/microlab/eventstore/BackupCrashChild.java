package dev.microlab.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The child process of {@link FileEventStoreBackupTest}'s crash test: opens the store, appends
 * until it has several segments, prints {@code READY <lastPosition>}, starts a backup and, after
 * the first segment is copied, prints {@code COPIED <file>} and waits — the parent kills it there,
 * with the backup half written. Test code, so it may print.
 */
public final class BackupCrashChild {

    private BackupCrashChild() {
    }

    /** Arguments: store directory, checkpoint directory, backup directory. */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, UTF_8);
        try (FileEventStore store = FileEventStore.builder(Path.of(args[0])).segmentSize(2048).open()) {
            for (int i = 0; i < 60; i++) {
                store.append(StreamName.of("crash-" + (i % 3)), ExpectedVersion.ANY,
                        EventData.of("noted", ("event number " + i + " with some padding").getBytes(UTF_8)));
            }
            new FileCheckpointStore(Path.of(args[1])).save("projection", store.lastPosition() - 5);
            out.println("READY " + store.lastPosition());
            FileEventStoreBackup.backup(store, Path.of(args[1]), Path.of(args[2]), file -> {
                if (file.getFileName().toString().startsWith("segment-")) {
                    out.println("COPIED " + file);
                    try {
                        new CountDownLatch(1).await(); // until killed
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            out.println("FINISHED"); // never reached: the parent kills the process first
        }
    }
}
