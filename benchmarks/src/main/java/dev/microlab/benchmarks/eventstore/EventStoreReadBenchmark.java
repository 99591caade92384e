package dev.microlab.benchmarks.eventstore;

import dev.microlab.benchmarks.baseline.ListScanningEventStore;
import dev.microlab.benchmarks.baseline.ListScanningEventStore.StoredEvent;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.FsyncPolicy;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading one short stream (10 events) out of a store holding {@code storedEvents} events in
 * streams of 10, appended interleaved as real traffic would be: the scale curve of an event
 * store's read path.
 *
 * <p>A store that indexes its streams reads in time independent of {@code storedEvents};
 * the course's list-scanning baseline grows linearly with it. Implementations run side by
 * side, one per value of {@code impl} (see {@link StoreUnderTest#create}): microlab's
 * in-memory store, its file store (appends not forced to disk, files in a temporary folder
 * deleted after the run; reads come from the OS page cache), and the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventStoreReadBenchmark {

    /** Events per stream. */
    static final int STREAM_LENGTH = 10;

    /** Which store; must be one of {@link StoreUnderTest#IMPLS}. */
    @Param({"microlab-memory", "microlab-file", "baseline-list-scan"})
    public String impl;

    /** Events in the store, over all streams. */
    @Param({"1000", "100000", "1000000"})
    public int storedEvents;

    private StoreUnderTest store;
    private IntSupplier readMiddleStream;

    @Setup
    public void setUp() {
        store = StoreUnderTest.create(impl);
        int streams = Math.max(1, storedEvents / STREAM_LENGTH);
        store.fill(streams, STREAM_LENGTH);
        readMiddleStream = store.reader(StoreUnderTest.streamId(streams / 2));
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    /** All events of one stream, from its start. */
    @Benchmark
    public int readStream() {
        return readMiddleStream.getAsInt();
    }

    /** One event store, as the read benchmark drives it. */
    interface StoreUnderTest extends AutoCloseable {

        /** Every {@code impl} value {@link #create} accepts. */
        List<String> IMPLS = List.of("microlab-memory", "microlab-file", "baseline-list-scan");

        /** Stores {@code streams} streams of {@code length} events, one event per stream in turn. */
        void fill(int streams, int length);

        /** A read of every event of {@code streamId}, returning how many there were; built once, called many times. */
        IntSupplier reader(String streamId);

        @Override
        void close();

        static String streamId(int index) {
            return "order-" + index;
        }

        static byte[] payload(int version) {
            return ("{\"item\":" + version + "}").getBytes(StandardCharsets.UTF_8);
        }

        static StoreUnderTest create(String impl) {
            return switch (impl) {
                case "microlab-memory" -> new Microlab(InMemoryEventStore.create(), null);
                case "microlab-file" -> {
                    Path dir;
                    try {
                        dir = Files.createTempDirectory("microlab-benchmark-");
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot create a folder for the file store", e);
                    }
                    yield new Microlab(FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open(), dir);
                }
                case "baseline-list-scan" -> new ListScan();
                default -> throw new IllegalArgumentException(
                        "impl must be one of " + IMPLS + ", but was '" + impl + "'");
            };
        }

        /** microlab's event store (in memory, or in files under {@code dir}, deleted on close). */
        final class Microlab implements StoreUnderTest {
            private final EventStore store;
            private final Path dir;

            Microlab(EventStore store, Path dir) {
                this.store = store;
                this.dir = dir;
            }

            @Override
            public void fill(int streams, int length) {
                List<StreamName> names = new ArrayList<>(streams);
                for (int s = 0; s < streams; s++) {
                    names.add(StreamName.of(streamId(s)));
                }
                for (int version = 1; version <= length; version++) {
                    byte[] data = payload(version);
                    for (StreamName name : names) {
                        store.append(name, ExpectedVersion.ANY, EventData.of("ItemAdded", data));
                    }
                }
            }

            @Override
            public IntSupplier reader(String streamId) {
                StreamName name = StreamName.of(streamId);
                return () -> store.readStreamForward(name, 0, Integer.MAX_VALUE).size();
            }

            @Override
            public void close() {
                store.close();
                if (dir != null) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot delete the file store's folder " + dir, e);
                    }
                }
            }
        }

        /** The course's store (a baseline). */
        final class ListScan implements StoreUnderTest {
            private final ListScanningEventStore store = new ListScanningEventStore();

            @Override
            public void fill(int streams, int length) {
                List<StoredEvent> events = new ArrayList<>(streams * length);
                for (int version = 1; version <= length; version++) {
                    String data = new String(payload(version), StandardCharsets.UTF_8);
                    for (int s = 0; s < streams; s++) {
                        events.add(new StoredEvent(streamId(s), version, data));
                    }
                }
                store.load(events);
            }

            @Override
            public IntSupplier reader(String streamId) {
                return () -> store.read(streamId, 0).size();
            }

            @Override
            public void close() {
                // nothing to release
            }
        }
    }
}
