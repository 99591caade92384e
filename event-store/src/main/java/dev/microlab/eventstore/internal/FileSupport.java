package dev.microlab.eventstore.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** File-system helpers for durable writes. */
public final class FileSupport {

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private FileSupport() {
    }

    /**
     * Forces a directory's entries (new, renamed files) to disk, so that a file created before
     * a crash is still found after it. Windows cannot open a directory; there it is a no-op.
     */
    public static void fsyncDirectory(Path directory) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
