package dev.microlab.cqrs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A projection store's file exists but cannot be read back: its header, checksum or content
 * does not match. Nothing is replaced: move the file aside (the projection then rebuilds from
 * position 0) or restore it from a backup.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class ProjectionStoreCorruptedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** The store in {@code file} cannot be read, because {@code why}. */
    public ProjectionStoreCorruptedException(Path file, String why) {
        super("the projection store " + Objects.requireNonNull(file, "file must not be null") + " is corrupted: "
                + why + "; it was left as it is (move it aside to rebuild the read model from position 0)");
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
