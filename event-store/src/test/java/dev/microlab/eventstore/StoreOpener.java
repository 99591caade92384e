package dev.microlab.eventstore;

import java.nio.file.Path;

/**
 * The child process of {@link FileEventStoreMemoryTest}: opens a store, reads its last event and
 * prints {@code OPENED <lastPosition> <dataLength>}. Test code, so it may print.
 */
public final class StoreOpener {

    private StoreOpener() {
    }

    /** Argument: the store directory. */
    public static void main(String[] args) {
        try (FileEventStore store = FileEventStore.builder(Path.of(args[0])).fsyncPolicy(FsyncPolicy.never()).open()) {
            RecordedEvent last = store.readAll(store.lastPosition() - 1, 1).get(0);
            System.out.println("OPENED " + store.lastPosition() + " " + last.dataLength());
        }
    }
}
