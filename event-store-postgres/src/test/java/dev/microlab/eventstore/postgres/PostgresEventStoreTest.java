package dev.microlab.eventstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the contract suite does not pin down but the PostgreSQL backend must get right. */
@DisplayName("PostgresEventStore: storage details")
class PostgresEventStoreTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = new PostgresTestDatabase();

    private PostgresEventStore store;

    @BeforeEach
    void open() throws Exception {
        DB.drop();
        store = DB.builder().open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    @DisplayName("headers with quotes, backslashes, control characters and non-ASCII text round-trip exactly")
    void headersRoundTrip() {
        EventMetadata md = EventMetadata.EMPTY.withCorrelationId("c\"1").withHeader("quote", "say \"hi\"")
                .withHeader("back\\slash", "a\\b").withHeader("lines", "one\ntwo\ttab\u0001")
                .withHeader("text", "ñandú €").withHeader("empty", "");
        StreamName stream = StreamName.of("order-1");

        store.append(stream, ExpectedVersion.NO_STREAM, EventData.of("placed", new byte[] {0, 1, (byte) 255})
                .withMetadata(md));
        RecordedEvent read = store.readStreamForward(stream, 0, 1).get(0);

        assertThat(read.metadata()).isEqualTo(md);
        assertThat(read.data()).containsExactly(0, 1, 255);
        assertThat(store.readAll(0, 1).get(0).metadata()).as("readAll decodes the same way").isEqualTo(md);
    }

    @Test
    @DisplayName("ids are unique per stream: sent again at the new end they are a retry; stored further in a batch,"
            + " a conflict that writes nothing")
    void idUniquePerStream() {
        StreamName stream = StreamName.of("order-1");
        EventData a = EventData.of(UUID.randomUUID(), "placed", "a".getBytes(StandardCharsets.UTF_8));
        dev.microlab.eventstore.AppendResult first = store.append(stream, ExpectedVersion.NO_STREAM, a);

        assertThat(store.append(stream, ExpectedVersion.exact(0), a)).as("a command re-executed on the new state")
                .isEqualTo(first);
        EventData b = EventData.of("paid", "b".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.append(stream, ExpectedVersion.exact(0), b, a))
                .isInstanceOf(dev.microlab.eventstore.WrongExpectedVersionException.class);
        assertThat(store.lastPosition()).isEqualTo(1L);
    }

    @Test
    @DisplayName("synchronousCommit(false) runs the store's sessions with synchronous_commit = off")
    void asynchronousCommit() throws Exception {
        try (PostgresEventStore fast = DB.builder().synchronousCommit(false).open();
                java.sql.Connection c = fast.dataSource().getConnection();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("off");
        }
        try (java.sql.Connection c = store.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            assertThat(rs.getString(1)).as("the default keeps the server's durable setting").isEqualTo("on");
        }
    }

    @Test
    @DisplayName("concurrent appends share commits: racing retries of one batch store it once and all get its result")
    void racingRetriesInOneProcess() throws Exception {
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                StreamName stream = StreamName.of("order-" + round);
                java.util.List<EventData> batch = java.util.List.of(EventData.of("a", new byte[] {1}),
                        EventData.of("b", new byte[] {2}));
                java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(threads);
                java.util.List<java.util.concurrent.Future<dev.microlab.eventstore.AppendResult>> results =
                        new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return store.append(stream, ExpectedVersion.NO_STREAM, batch);
                    }));
                }
                java.util.Set<dev.microlab.eventstore.AppendResult> answers = new java.util.HashSet<>();
                for (var f : results) {
                    answers.add(f.get(1, java.util.concurrent.TimeUnit.MINUTES));
                }
                assertThat(answers).as("round %d: every thread got the one original result", round).hasSize(1);
                assertThat(store.readStreamForward(stream, 0, 10)).as("round %d: the batch is stored once", round)
                        .hasSize(2);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.lastPosition()).isEqualTo(40L);
    }

    @Test
    @DisplayName("snapshots are shared through PostgreSQL: round trip, never replaced by an older version, deleted")
    void snapshots() {
        StreamName stream = StreamName.of("cart-1");
        java.time.Instant at = java.time.Instant.parse("2026-01-02T03:04:05.123456Z");
        dev.microlab.eventstore.SnapshotStore snapshots = new PostgresSnapshotStore(store);
        dev.microlab.eventstore.Snapshot v5 = new dev.microlab.eventstore.Snapshot(stream, 5, 2, new byte[] {5}, at);

        snapshots.save(v5);
        snapshots.save(new dev.microlab.eventstore.Snapshot(stream, 3, 2, new byte[] {3}, at));

        try (PostgresEventStore otherNode = DB.builder().open()) {
            assertThat(new PostgresSnapshotStore(otherNode).load(stream)).as("the later snapshot wins, on every node")
                    .contains(v5);
            assertThat(new PostgresSnapshotStore(otherNode).load(stream, 3)).as("another revision is ignored")
                    .isEmpty();
        }
        snapshots.delete(stream);
        assertThat(snapshots.load(stream)).isEmpty();
    }

    @Test
    @DisplayName("toString and errors name the URL and schema, never a password")
    void describesItself() {
        assertThat(store.toString()).contains(PostgresTestDatabase.URL.replaceAll("password=[^&]*", "password=***"))
                .contains(DB.schema());
    }
}
