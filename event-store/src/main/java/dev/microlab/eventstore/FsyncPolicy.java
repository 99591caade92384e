package dev.microlab.eventstore;

import java.time.Duration;
import java.util.Objects;

/**
 * When the {@link FileEventStore} forces its writes to the disk (fsync), trading append
 * latency for what survives a power loss or an operating-system crash. A crash of the JVM
 * alone loses nothing under any policy: written bytes are in the OS page cache.
 *
 * <ul>
 *   <li>{@link #always()}: every append is forced before it returns. An acknowledged event
 *       survives power loss. Slowest (one fsync per append).</li>
 *   <li>{@link #group(Duration, int) group(maxDelay, maxRecords)}: appends return once
 *       written; the store forces when {@code maxRecords} appends are unforced, or when the
 *       oldest unforced append is {@code maxDelay} old (checked on each append, and by a
 *       one-shot task the store schedules for exactly that moment when the append is written),
 *       so an acknowledged append stays unforced at most {@code maxDelay} plus the scheduler's
 *       lateness. A power loss can lose at most that window of acknowledged appends.</li>
 *   <li>{@link #never()}: the store never forces (except when a segment is sealed or the store
 *       closes); the OS writes back when it likes. For tests and rebuildable data.</li>
 * </ul>
 *
 * <pre>{@code
 * FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.group(Duration.ofMillis(5), 64)).open();
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public sealed interface FsyncPolicy {

    /** Force on every append. */
    static FsyncPolicy always() {
        return new Always();
    }

    /**
     * Force at least every {@code maxRecords} appends and every {@code maxDelay}.
     *
     * @throws IllegalArgumentException if {@code maxDelay} is not in [1 ms, 10 s] or
     *         {@code maxRecords} not in [1, 1000000]
     */
    static FsyncPolicy group(Duration maxDelay, int maxRecords) {
        return new Group(maxDelay, maxRecords);
    }

    /** Never force on append. */
    static FsyncPolicy never() {
        return new Never();
    }

    /** Force on every append. */
    record Always() implements FsyncPolicy {
    }

    /**
     * Force when {@code maxRecords} appends are unforced or the oldest is {@code maxDelay} old.
     *
     * @param maxDelay   the longest an acknowledged append stays unforced, in [1 ms, 10 s]
     * @param maxRecords the most appends left unforced, in [1, 1000000]
     */
    record Group(Duration maxDelay, int maxRecords) implements FsyncPolicy {
        /** Validates. */
        public Group {
            Objects.requireNonNull(maxDelay, "maxDelay must not be null");
            if (maxDelay.compareTo(Duration.ofMillis(1)) < 0 || maxDelay.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("maxDelay must be in [1 ms, 10 s], but was " + maxDelay);
            }
            if (maxRecords < 1 || maxRecords > 1_000_000) {
                throw new IllegalArgumentException("maxRecords must be in [1, 1000000], but was " + maxRecords);
            }
        }
    }

    /** Never force on append. */
    record Never() implements FsyncPolicy {
    }
}
