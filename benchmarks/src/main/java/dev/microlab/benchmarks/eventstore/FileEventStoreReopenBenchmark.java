package dev.microlab.benchmarks.eventstore;

import dev.microlab.benchmarks.support.TempDirs;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.FsyncPolicy;
import dev.microlab.eventstore.StreamName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * Opening a file store of {@code events} small events (streams of 10, appended interleaved):
 * recovery reads every frame and rebuilds the in-memory index. {@link #main} measures the heap
 * that index keeps per event (issue 13 item 9: goal at most 100 bytes per event, reopen of 1e6
 * events at most 1 s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FileEventStoreReopenBenchmark {

    /** Events in the store. */
    @Param({"1000000"})
    public int events;

    private Path dir;

    @Setup(Level.Trial)
    public void fill() {
        dir = TempDirs.create("microlab-reopen-");
        fill(dir, events);
    }

    static void fill(Path dir, int events) {
        int streams = Math.max(1, events / 10);
        List<StreamName> names = new ArrayList<>(streams);
        for (int s = 0; s < streams; s++) {
            names.add(StreamName.of("order-" + s));
        }
        try (FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open()) {
            for (int version = 0; version < 10; version++) {
                byte[] data = ("{\"item\":" + version + "}").getBytes(StandardCharsets.UTF_8);
                for (StreamName name : names) {
                    store.append(name, ExpectedVersion.ANY, EventData.of("ItemAdded", data));
                }
            }
        }
    }

    /** Open (scan every frame, rebuild the index) and close. */
    @Benchmark
    public long reopen() {
        try (FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open()) {
            return store.lastPosition();
        }
    }

    @TearDown(Level.Trial)
    public void delete() {
        TempDirs.delete(dir);
    }

    /**
     * Prints the heap an open store keeps per event: used heap after a full GC with the store
     * open, minus before opening it, and the time to open. Arguments: number of events (default
     * 1e6), number of opens (default 1; later ones run with a warm JIT).
     */
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = TempDirs.create("microlab-footprint-");
        try {
            fill(dir, events);
            int opens = args.length > 1 ? Integer.parseInt(args[1]) : 1;
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < opens; i++) {
                long before = usedAfterGc();
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                try (FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open()) {
                    long openMillis = (System.nanoTime() - start) / 1_000_000;
                    long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
                    long after = usedAfterGc();
                    System.out.printf("events=%d open=%d ms (CPU of the opening thread %d ms) retained=%d bytes"
                            + " (%.1f bytes/event), lastPosition=%d%n", events, openMillis, cpuMillis, after - before,
                            (after - before) / (double) events, store.lastPosition());
                }
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
