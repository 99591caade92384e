package dev.microlab.benchmarks.eventstore;

import dev.microlab.benchmarks.baseline.ListScanningEventStore;
import dev.microlab.benchmarks.baseline.ListScanningEventStore.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading one short stream (10 events) out of a store holding {@code storedEvents} events in
 * streams of 10: the scale curve of an event store's read path.
 *
 * <p>A store that indexes its streams reads in time independent of {@code storedEvents};
 * the course's list-scanning baseline grows linearly with it. Implementations run side by
 * side, one per value of {@code impl} (see {@link StoreUnderTest#create}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventStoreReadBenchmark {

    /** Events per stream. */
    static final int STREAM_LENGTH = 10;

    /** Which store; must be one of {@link StoreUnderTest#IMPLS}. */
    @Param({"baseline-list-scan"})
    public String impl;

    /** Events in the store, over all streams. */
    @Param({"1000", "100000", "1000000"})
    public int storedEvents;

    private StoreUnderTest store;
    private String middleStream;

    @Setup
    public void setUp() {
        store = StoreUnderTest.create(impl);
        int streams = Math.max(1, storedEvents / STREAM_LENGTH);
        store.fill(streams, STREAM_LENGTH);
        middleStream = StoreUnderTest.streamId(streams / 2);
    }

    /** All events of one stream, from its start. */
    @Benchmark
    public int readStream() {
        return store.readStream(middleStream);
    }

    /** One event store, as the read benchmark drives it. */
    interface StoreUnderTest {

        /** Every {@code impl} value {@link #create} accepts. */
        List<String> IMPLS = List.of("baseline-list-scan");

        /** Stores {@code streams} streams of {@code length} events, interleaved as real traffic would be. */
        void fill(int streams, int length);

        /** Reads every event of {@code streamId} and returns how many there were. */
        int readStream(String streamId);

        static String streamId(int index) {
            return "order-" + index;
        }

        static StoreUnderTest create(String impl) {
            return switch (impl) {
                case "baseline-list-scan" -> new ListScan();
                default -> throw new IllegalArgumentException(
                        "impl must be one of " + IMPLS + ", but was '" + impl + "'");
            };
        }

        /** The course's store (a baseline). */
        final class ListScan implements StoreUnderTest {
            private final ListScanningEventStore store = new ListScanningEventStore();

            @Override
            public void fill(int streams, int length) {
                List<StoredEvent> events = new ArrayList<>(streams * length);
                for (int version = 1; version <= length; version++) {
                    for (int s = 0; s < streams; s++) {
                        events.add(new StoredEvent(streamId(s), version, "{\"item\":" + version + "}"));
                    }
                }
                store.load(events);
            }

            @Override
            public int readStream(String streamId) {
                return store.read(streamId, 0).size();
            }
        }
    }
}
