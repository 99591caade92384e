package dev.microlab.benchmarks.cqrs;

import dev.microlab.cqrs.AggregateRepository;
import dev.microlab.cqrs.AggregateRoot;
import dev.microlab.cqrs.AggregateSnapshotCodec;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventTypeRegistry;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.InMemorySnapshotStore;
import dev.microlab.eventstore.Snapshot;
import dev.microlab.eventstore.StreamName;
import java.nio.ByteBuffer;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loading an event-sourced aggregate whose stream holds {@code events} events (10, 1e3, 1e5),
 * from microlab's in-memory event store, with and without snapshots.
 *
 * <p>Without snapshots a load replays (reads, deserializes with Jackson, applies) every event:
 * its cost grows with the stream. With a snapshot every {@value #SNAPSHOT_EVERY} events, the
 * latest snapshot is put as far behind the head as that policy allows ({@value #SNAPSHOT_EVERY}
 * events, the worst case), so a load decodes the snapshot and replays at most that many
 * events; a stream shorter than {@value #SNAPSHOT_EVERY} has no snapshot yet.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AggregateLoadBenchmark {

    /** The repository's snapshot interval in the {@code on} case. */
    static final int SNAPSHOT_EVERY = 100;

    private static final String ID = "1";
    private static final int WRITE_BATCH = 1_000;

    /** Events in the aggregate's stream. */
    @Param({"10", "1000", "100000"})
    public int events;

    /** Whether the repository uses snapshots ({@code on}) or replays the whole stream ({@code off}). */
    @Param({"off", "on"})
    public String snapshots;

    private InMemoryEventStore store;
    private AggregateRepository<Counter, Incremented> repository;

    /** The aggregate's only event. */
    public record Incremented(int amount) {
    }

    /** The smallest useful aggregate: a running total. Not threadsafe (one per load). */
    public static final class Counter extends AggregateRoot<Incremented> {
        private long total;

        Counter(String id) {
            super(id);
        }

        long total() {
            return total;
        }

        @Override
        protected void apply(Incremented event) {
            total += event.amount();
        }
    }

    /** A counter's state as 8 bytes. */
    static final class CounterCodec implements AggregateSnapshotCodec<Counter> {
        @Override
        public int revision() {
            return 1;
        }

        @Override
        public byte[] encode(Counter aggregate) {
            return ByteBuffer.allocate(Long.BYTES).putLong(aggregate.total()).array();
        }

        @Override
        public Counter decode(String aggregateId, byte[] state) {
            Counter counter = new Counter(aggregateId);
            counter.total = ByteBuffer.wrap(state).getLong();
            return counter;
        }
    }

    @Setup
    public void setUp() {
        if (!snapshots.equals("on") && !snapshots.equals("off")) {
            throw new IllegalArgumentException("snapshots must be 'on' or 'off', but was '" + snapshots + "'");
        }
        store = InMemoryEventStore.create();
        EventSerializer serializer = new EventSerializer(
                EventTypeRegistry.builder().register("incremented", Incremented.class).build());
        InMemorySnapshotStore snapshotStore = new InMemorySnapshotStore();
        CounterCodec codec = new CounterCodec();
        AggregateRepository.Builder<Counter, Incremented> builder =
                AggregateRepository.builder("counter", Incremented.class, Counter::new, store, serializer);
        if (snapshots.equals("on")) {
            builder.snapshots(snapshotStore, codec, SNAPSHOT_EVERY);
        }
        repository = builder.build();

        StreamName stream = repository.streamOf(ID);
        for (int written = 0; written < events; written += WRITE_BATCH) {
            List<EventData> batch = new ArrayList<>();
            for (int i = written; i < Math.min(events, written + WRITE_BATCH); i++) {
                batch.add(serializer.serialize(new Incremented(1)));
            }
            store.append(stream, ExpectedVersion.ANY, batch);
        }
        int snapshotAt = ((events - 1) / SNAPSHOT_EVERY) * SNAPSHOT_EVERY;
        if (snapshots.equals("on") && snapshotAt > 0) {
            Counter atSnapshot = codec.decode(ID, ByteBuffer.allocate(Long.BYTES).putLong(snapshotAt).array());
            snapshotStore.save(new Snapshot(stream, snapshotAt - 1, codec.revision(), codec.encode(atSnapshot),
                    Instant.EPOCH));
        }
        long total = repository.load(ID).total();
        if (total != events) {
            throw new IllegalStateException("the benchmark's aggregate should total " + events + ", but totals " + total);
        }
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    /** Load the aggregate: the latest snapshot, if any, and the events after it. */
    @Benchmark
    public Counter load() {
        return repository.load(ID);
    }
}
