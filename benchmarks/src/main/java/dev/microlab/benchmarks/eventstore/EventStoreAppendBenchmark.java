package dev.microlab.benchmarks.eventstore;

import dev.microlab.benchmarks.support.TempDirs;
import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.FsyncPolicy;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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
 * Append throughput of microlab's event stores: one small event appended to one of 1,000
 * streams in turn (expected version {@code ANY}), in memory and in files with each durability
 * policy (each event with its own id, from a counter): {@code file-always} forces every append to the disk, {@code file-group} forces at
 * most every 5 ms or 64 appends (see {@link FsyncPolicy}).
 *
 * <p>A fresh store (and, for files, a fresh temporary folder, deleted afterwards) is opened
 * for every iteration, so that neither the heap nor the disk grows across a long run. The
 * file figures depend on the disk far more than on the code: {@code file-always} measures the
 * machine's fsync latency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventStoreAppendBenchmark {

    /** Streams the appends rotate over. */
    static final int STREAMS = 1_000;

    /** Which store: {@code memory}, {@code file-always} or {@code file-group}. */
    @Param({"memory", "file-always", "file-group"})
    public String store;

    private final StreamName[] streams = new StreamName[STREAMS];
    private final byte[] data = "{\"sku\":\"book-42\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
    private long eventIds;
    private EventStore eventStore;
    private Path dir;
    private int next;

    @Setup(Level.Trial)
    public void names() {
        for (int i = 0; i < STREAMS; i++) {
            streams[i] = StreamName.of("order-" + i);
        }
    }

    @Setup(Level.Iteration)
    public void open() {
        eventStore = switch (store) {
            case "memory" -> InMemoryEventStore.create();
            case "file-always" -> openFile(FsyncPolicy.always());
            case "file-group" -> openFile(FsyncPolicy.group(Duration.ofMillis(5), 64));
            default -> throw new IllegalArgumentException(
                    "store must be one of [memory, file-always, file-group], but was '" + store + "'");
        };
    }

    private EventStore openFile(FsyncPolicy policy) {
        dir = TempDirs.create("microlab-append-benchmark-");
        return FileEventStore.builder(dir).fsyncPolicy(policy).open();
    }

    @TearDown(Level.Iteration)
    public void close() {
        eventStore.close();
        TempDirs.delete(dir);
        dir = null;
    }

    /** One event appended to the next stream. */
    @Benchmark
    public AppendResult append() {
        StreamName stream = streams[next];
        next = next + 1 == STREAMS ? 0 : next + 1;
        // every event needs its own id; a counter keeps UUID.randomUUID's SecureRandom out of the figure
        return eventStore.append(stream, ExpectedVersion.ANY,
                List.of(EventData.of(new UUID(0, ++eventIds), "ItemAdded", data)));
    }
}
