package dev.microlab.benchmarks.eventstore;

import dev.microlab.benchmarks.support.TempDirs;
import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.FsyncPolicy;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Catch-up subscription throughput: a new subscription (in-memory checkpoint, default batch of
 * 256) replays {@value #EVENTS} events already in the store, on the caller's thread with
 * {@link CatchUpSubscription#drain()}, into a handler that sinks each event. The score is per
 * event ({@code @OperationsPerInvocation}); building the subscription is included, once per
 * {@value #EVENTS} events.
 *
 * <p>{@code memory} reads the in-memory store; {@code file} a file store written without fsync
 * (its files in a temporary folder, deleted after the trial), so reads come from the OS page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CatchUpSubscriptionBenchmark {

    /** Events in the store, replayed by each invocation. */
    static final int EVENTS = 10_000;

    /** Events per stream. */
    static final int STREAM_LENGTH = 10;

    /** Which store: {@code memory} or {@code file}. */
    @Param({"memory", "file"})
    public String store;

    private EventStore eventStore;
    private Path dir;

    @Setup
    public void fill() {
        eventStore = switch (store) {
            case "memory" -> InMemoryEventStore.create();
            case "file" -> {
                dir = TempDirs.create("microlab-catchup-benchmark-");
                yield FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open();
            }
            default -> throw new IllegalArgumentException("store must be one of [memory, file], but was '" + store + "'");
        };
        List<StreamName> names = new ArrayList<>();
        for (int s = 0; s < EVENTS / STREAM_LENGTH; s++) {
            names.add(StreamName.of("order-" + s));
        }
        for (int version = 1; version <= STREAM_LENGTH; version++) {
            byte[] data = ("{\"item\":" + version + "}").getBytes(StandardCharsets.UTF_8);
            for (StreamName name : names) {
                eventStore.append(name, ExpectedVersion.ANY, EventData.of("ItemAdded", data));
            }
        }
    }

    @TearDown
    public void close() {
        eventStore.close();
        TempDirs.delete(dir);
    }

    /** Every stored event delivered once to a handler; scored per event. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long drainAll(Blackhole blackhole) {
        try (CatchUpSubscription subscription =
                     CatchUpSubscription.builder("benchmark", eventStore, blackhole::consume).build()) {
            long delivered = subscription.drain();
            if (delivered != EVENTS) {
                throw new IllegalStateException("expected " + EVENTS + " events, but drained " + delivered);
            }
            return delivered;
        }
    }
}
