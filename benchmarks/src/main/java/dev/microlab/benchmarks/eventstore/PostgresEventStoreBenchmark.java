package dev.microlab.benchmarks.eventstore;

import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.postgres.PostgresEventStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The PostgreSQL event store on loopback, to compare with the embedded backends in the same run:
 * appends from 1 and 8 threads (synchronous commit, the default, and {@code synchronous_commit =
 * off}), a 10-event stream read with 1e3 / 1e5 / 1e6 events stored, and catch-up throughput.
 *
 * <p>Needs a server at {@code MICROLAB_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code MICROLAB_POSTGRES_USER} or postgres);
 * without one, setup fails with the message of the store saying where it looked. Works in schema
 * {@code microlab_bench}, dropped and refilled for each trial. Stored events for the read
 * benchmark are bulk-inserted in the store's own tables (appending a million events one by one
 * would take longer than the benchmark).
 */
public class PostgresEventStoreBenchmark {

    static final String URL = env("MICROLAB_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = env("MICROLAB_POSTGRES_USER", "postgres");
    static final String SCHEMA = "microlab_bench";

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /**
     * Why no server can be used (with how to start one), or null if one answers: the smoke test
     * skips these benchmarks then, as the module's tests do.
     */
    public static String unreachable() {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "2");
        try {
            DriverManager.getConnection(URL, p).close();
            return null;
        } catch (SQLException e) {
            return "PostgreSQL is not reachable at " + URL + " (" + e.getMessage() + "); start one with:"
                    + " pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
        }
    }

    static PostgresEventStore open(boolean synchronousCommit, int poolSize) {
        return PostgresEventStore.builder(URL).user(USER).schema(SCHEMA).synchronousCommit(synchronousCommit)
                .maxPoolSize(poolSize).open();
    }

    static void sql(String... statements) {
        Properties p = new Properties();
        p.setProperty("user", USER);
        try (Connection c = DriverManager.getConnection(URL, p); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark setup failed on " + URL + ": " + e.getMessage(), e);
        }
    }

    /** Appends: one small event to one of 1,000 streams, expected version ANY. */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public static class Append {

        /** {@code sync}: commit waits for the WAL flush (default); {@code async}: synchronous_commit = off. */
        @Param({"sync", "async"})
        public String commit;

        private final byte[] data = "{\"sku\":\"book-42\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
        private final AtomicInteger next = new AtomicInteger();
        private final StreamName[] streams = new StreamName[1000];
        private PostgresEventStore store;

        @Setup(Level.Trial)
        public void open() {
            sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            for (int i = 0; i < streams.length; i++) {
                streams[i] = StreamName.of("order-" + i);
            }
            store = PostgresEventStoreBenchmark.open(commit.equals("sync"), 10);
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
            sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }

        private AppendResult appendOne() {
            StreamName stream = streams[Math.floorMod(next.getAndIncrement(), streams.length)];
            return store.append(stream, ExpectedVersion.ANY, List.of(EventData.of(UUID.randomUUID(), "ItemAdded", data)));
        }

        /** One appending thread. */
        @Benchmark
        @Threads(1)
        public AppendResult append1Thread() {
            return appendOne();
        }

        /** Eight appending threads (the score is their sum). */
        @Benchmark
        @Threads(8)
        public AppendResult append8Threads() {
            return appendOne();
        }
    }

    /** Reads of one 10-event stream, with more and more events in the store: the cost must stay flat. */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public static class Read {

        /** Events stored in all (the 100 probe streams of 10 events included). */
        @Param({"1000", "100000", "1000000"})
        public int storedEvents;

        private PostgresEventStore store;
        private final StreamName[] probes = new StreamName[100];

        @Setup(Level.Trial)
        public void fill() {
            sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            PostgresEventStoreBenchmark.open(true, 2).close(); // creates the schema
            int filler = storedEvents - 1000;
            // filler: streams of 10 events each; then 100 probe streams of 10 events
            sql("INSERT INTO " + SCHEMA + ".streams (name, next_version, first_version, last_position)"
                    + " SELECT 'filler-' || s, 10, 0, s * 10 + 10 FROM generate_series(0, " + (filler / 10 - 1) + ") s",
                    "INSERT INTO " + SCHEMA + ".events (position, stream, version, event_id, type, revision, data,"
                    + " recorded_at) SELECT p, 'filler-' || ((p - 1) / 10), (p - 1) % 10, gen_random_uuid(),"
                    + " 'ItemAdded', 1, convert_to('{\"sku\":\"book-42\",\"quantity\":1}', 'UTF8'), now()"
                    + " FROM generate_series(1, " + filler + ") p",
                    "INSERT INTO " + SCHEMA + ".streams (name, next_version, first_version, last_position)"
                    + " SELECT 'probe-' || s, 10, 0, " + filler + " + s * 10 + 10 FROM generate_series(0, 99) s",
                    "INSERT INTO " + SCHEMA + ".events (position, stream, version, event_id, type, revision, data,"
                    + " recorded_at) SELECT " + filler + " + p, 'probe-' || ((p - 1) / 10), (p - 1) % 10,"
                    + " gen_random_uuid(), 'ItemAdded', 1, convert_to('{\"sku\":\"book-42\"}', 'UTF8'), now()"
                    + " FROM generate_series(1, 1000) p",
                    "UPDATE " + SCHEMA + ".position_counter SET last_position = " + storedEvents,
                    "VACUUM ANALYZE " + SCHEMA + ".events",
                    "VACUUM ANALYZE " + SCHEMA + ".streams");
            for (int i = 0; i < probes.length; i++) {
                probes[i] = StreamName.of("probe-" + i);
            }
            store = PostgresEventStoreBenchmark.open(true, 10);
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
            sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }

        /** One whole 10-event stream, forwards. */
        @Benchmark
        public List<RecordedEvent> readStream10() {
            return store.readStreamForward(probes[ThreadLocalRandom.current().nextInt(probes.length)], 0, 10);
        }
    }

    /** Catch-up: a subscription reading 10,000 stored events from the start, in pages of 500. */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public static class CatchUp {

        static final int EVENTS = 10_000;

        private PostgresEventStore store;
        private long handled;

        @Setup(Level.Trial)
        public void fill() {
            sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            store = PostgresEventStoreBenchmark.open(false, 10);
            byte[] data = "{\"sku\":\"book-42\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < EVENTS / 100; i++) {
                EventData[] batch = new EventData[100];
                for (int j = 0; j < batch.length; j++) {
                    batch[j] = EventData.of("ItemAdded", data);
                }
                store.append(StreamName.of("order-" + i), ExpectedVersion.NO_STREAM, batch);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
            sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }

        /** Events per second delivered to a handler, from a fresh subscription. */
        @Benchmark
        @OperationsPerInvocation(EVENTS)
        public long catchUp() {
            CatchUpSubscription sub = CatchUpSubscription.builder("bench", store, e -> handled += e.dataLength())
                    .batchSize(500).build();
            sub.drain();
            return handled;
        }
    }
}
