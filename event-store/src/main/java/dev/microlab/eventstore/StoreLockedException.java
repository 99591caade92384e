package dev.microlab.eventstore;

import java.nio.file.Path;

/**
 * Another process (or another {@link FileEventStore} in this JVM) has the store's directory
 * open. Two writers on the same files would corrupt them, so the second opener is refused.
 *
 * <pre>{@code
 * FileEventStore first = FileEventStore.builder(dir).open();
 * FileEventStore second = FileEventStore.builder(dir).open();   // StoreLockedException
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class StoreLockedException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** For {@code directory}. */
    public StoreLockedException(Path directory) {
        super("event store directory " + directory + " is locked: another process or FileEventStore instance"
                + " has it open. Close that one first");
    }
}
