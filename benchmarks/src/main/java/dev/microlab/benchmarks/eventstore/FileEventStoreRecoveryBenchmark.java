package dev.microlab.benchmarks.eventstore;

import dev.microlab.benchmarks.support.TempDirs;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.FsyncPolicy;
import dev.microlab.eventstore.StreamName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Opening the file store after a crash tore its last append (an append of {@code tornTailMiB} MiB
 * of which all but the last KiB reached the file): the time to find the end of the valid log, cut the torn bytes and
 * rebuild the index. It must grow with the tail's size, not with its square (issue 13 item 5:
 * 37 s for a torn 128 MiB append before). Each invocation restores the torn file first (not
 * measured).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FileEventStoreRecoveryBenchmark {

    /** How much of the torn append reached the file. */
    @Param({"1", "16", "128"})
    public int tornTailMiB;

    private Path dir;
    private Path segment;
    private Path torn;
    private long before;
    private long tornAt;

    @Setup(Level.Trial)
    public void writeTornStore() throws IOException {
        dir = TempDirs.create("microlab-recovery-");
        Path store = dir.resolve("store");
        long appendBytes = (long) tornTailMiB << 20;
        int eventSize = (int) Math.min(appendBytes, (64 << 20) - 1024);
        try (FileEventStore s = FileEventStore.builder(store).fsyncPolicy(FsyncPolicy.never())
                .maxEventSize(64 << 20).segmentSize(1L << 30).open()) {
            for (int i = 0; i < 10; i++) {
                s.append(StreamName.of("order-" + i), ExpectedVersion.NO_STREAM,
                        EventData.of("placed", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
            s.flush();
            List<EventData> big = new ArrayList<>();
            java.util.Random random = new java.util.Random(42);
            for (long left = appendBytes; left > 0; left -= eventSize) {
                byte[] data = new byte[(int) Math.min(left, eventSize)];
                random.nextBytes(data); // random bytes: some look like frame lengths, as real data does
                big.add(EventData.of("blob", data));
            }
            segment = store.resolve("segment-000000000.log");
            before = Files.size(segment);
            tornAt = before + appendBytes - 1024;
            s.append(StreamName.of("blobs"), ExpectedVersion.ANY, big);
        }
        // the crash: only the first part of the append reached the file (and no DURABLE mark after it)
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(tornAt);
        }
        torn = dir.resolve("torn.log");
        Files.copy(segment, torn);
    }

    @Setup(Level.Invocation)
    public void restoreTornFile() {
        try {
            Files.copy(torn, segment, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Open (recovery: scan, decide, cut, index) and close. */
    @Benchmark
    public long reopenAfterTornAppend() {
        try (FileEventStore s = FileEventStore.builder(segment.getParent()).fsyncPolicy(FsyncPolicy.never()).open()) {
            if (s.recovery().truncatedBytes() != tornAt - before) {
                throw new IllegalStateException("expected a torn tail of " + (tornAt - before) + " bytes, found "
                        + s.recovery());
            }
            return s.lastPosition();
        }
    }

    @TearDown(Level.Trial)
    public void deleteStore() {
        TempDirs.delete(dir);
    }

    /**
     * Prints the wall and CPU time of each reopen after a torn append (the CPU time of the
     * opening thread does not count the time a busy machine keeps it waiting). Arguments: the
     * torn append's size in MiB (default 128), number of reopens (default 3).
     */
    public static void main(String[] args) throws IOException {
        FileEventStoreRecoveryBenchmark b = new FileEventStoreRecoveryBenchmark();
        b.tornTailMiB = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int opens = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        b.writeTornStore();
        try {
            for (int i = 0; i < opens; i++) {
                b.restoreTornFile();
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                b.reopenAfterTornAppend();
                System.out.printf("torn %d MiB append: reopen %d ms (CPU of the opening thread %d ms)%n",
                        b.tornTailMiB, (System.nanoTime() - start) / 1_000_000,
                        (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
            }
        } finally {
            b.deleteStore();
        }
    }
}
