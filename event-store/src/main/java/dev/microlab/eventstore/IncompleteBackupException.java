package dev.microlab.eventstore;

import java.nio.file.Path;

/**
 * A backup directory that holds no manifest: the backup was interrupted (the process died, the
 * disk filled) before it completed, so nothing in it may be restored.
 */
public final class IncompleteBackupException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /** The backup directory. */
    private final transient Path backup;

    /** A backup in {@code backup} that did not complete. */
    public IncompleteBackupException(Path backup) {
        super("the backup in " + backup + " is incomplete: it has no " + FileEventStoreBackup.MANIFEST
                + " (the backup was interrupted before it finished); take a new backup");
        this.backup = backup;
    }

    /** The backup directory. */
    public Path backup() {
        return backup;
    }
}
