package dev.microlab.eventstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamName;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("PostgreSQL subscriptions: NOTIFY wake-ups, checkpoints, projections committed with their checkpoint")
class SubscriptionsAndProjectionsTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = new PostgresTestDatabase();

    private PostgresEventStore store;

    @BeforeEach
    void open() throws Exception {
        DB.drop();
        store = DB.builder().open();
        try (Connection c = PostgresTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + DB.schema() + ".order_counts (stream text PRIMARY KEY, n integer NOT NULL)");
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static EventData event(String text) {
        return EventData.of("note", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Counts events per stream in order_counts. */
    private final ProjectionWriter counts = (tx, e) -> {
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO " + DB.schema() + ".order_counts (stream, n)"
                + " VALUES (?, 1) ON CONFLICT (stream) DO UPDATE SET n = order_counts.n + 1")) {
            ps.setString(1, e.stream().value());
            ps.executeUpdate();
        }
    };

    private Map<String, Integer> model() throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = PostgresTestDatabase.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT stream, n FROM " + DB.schema() + ".order_counts")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    @Test
    @DisplayName("a reader waiting on one node is woken by NOTIFY when another node appends")
    void notifyWakesOtherNode() throws Exception {
        try (PostgresEventStore otherNode = DB.builder().listen(false).open()) {
            // Given: a wait far longer than the test, so only a notification can end it in time
            CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
                try {
                    return store.awaitAppend(EventStore.START, Duration.ofMinutes(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            // When
            otherNode.append(StreamName.of("order-1"), ExpectedVersion.NO_STREAM, event("a"));

            // Then
            assertThat(woken.get(2, TimeUnit.MINUTES)).as("the wait ended because the other node's append was"
                    + " announced").isTrue();
        }
    }

    @Test
    @DisplayName("checkpoints live in PostgreSQL: a subscription on another node resumes after them")
    void checkpointsShared() {
        store.append(StreamName.of("order-1"), ExpectedVersion.NO_STREAM, event("a"), event("b"), event("c"));
        List<Long> first = new ArrayList<>();
        CatchUpSubscription.builder("mailer", store, e -> first.add(e.position()))
                .checkpointStore(new PostgresCheckpointStore(store)).batchSize(2).build().drain();
        store.append(StreamName.of("order-1"), ExpectedVersion.exact(2), event("d"));

        try (PostgresEventStore otherNode = DB.builder().open()) {
            List<Long> second = new ArrayList<>();
            CatchUpSubscription.builder("mailer", otherNode, e -> second.add(e.position()))
                    .checkpointStore(new PostgresCheckpointStore(otherNode)).build().drain();

            assertThat(first).containsExactly(1L, 2L, 3L);
            assertThat(second).as("the other node starts after the shared checkpoint").containsExactly(4L);
        }
    }

    @Test
    @DisplayName("a checkpoint saved inside a transaction rolls back with it")
    void checkpointInTransaction() throws Exception {
        PostgresCheckpointStore checkpoints = new PostgresCheckpointStore(store);
        checkpoints.save("view", 5);
        try (Connection tx = store.dataSource().getConnection()) {
            tx.setAutoCommit(false);
            checkpoints.save(tx, "view", 9);
            tx.rollback();
            tx.setAutoCommit(true);
        }
        assertThat(checkpoints.load("view")).hasValue(5L);
        assertThat(checkpoints.load("never")).isEmpty();
        assertThatThrownBy(() -> checkpoints.save("view", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    @DisplayName("a projection commits its model and its checkpoint together")
    void projectionCommitsModelWithCheckpoint() throws Exception {
        store.append(StreamName.of("order-1"), ExpectedVersion.NO_STREAM, event("a"), event("b"));
        store.append(StreamName.of("order-2"), ExpectedVersion.NO_STREAM, event("x"));
        PostgresProjectionStore projections = new PostgresProjectionStore(store, 2);

        long at = projections.drain("order-counts", counts);

        assertThat(at).isEqualTo(3L);
        assertThat(model()).isEqualTo(Map.of("order-1", 2, "order-2", 1));
        assertThat(projections.catchUp("order-counts", counts)).as("nothing left to apply").isZero();
    }

    @Test
    @DisplayName("a writer failing mid-batch keeps neither rows nor checkpoint; after the fix each event counts once")
    void failureRollsBackModelAndCheckpoint() throws Exception {
        store.append(StreamName.of("order-1"), ExpectedVersion.NO_STREAM, event("a"), event("poison"), event("c"));
        PostgresProjectionStore projections = new PostgresProjectionStore(store);
        boolean[] broken = {true};
        ProjectionWriter fragile = (tx, e) -> {
            if (broken[0] && e.dataAsString().equals("poison")) {
                throw new IllegalStateException("cannot parse");
            }
            counts.apply(tx, e);
        };

        assertThatThrownBy(() -> projections.catchUp("order-counts", fragile)).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("position 2").hasMessageContaining("stay at position 0");
        assertThat(model()).as("the row written for event 1 was rolled back with the step").isEmpty();
        assertThat(projections.checkpoint("order-counts")).isEqualTo(EventStore.START);

        broken[0] = false;
        projections.drain("order-counts", fragile);

        assertThat(model()).isEqualTo(Map.of("order-1", 3));
    }

    @Test
    @DisplayName("two nodes running the same projection at once apply every event exactly once")
    void twoNodesSameProjection() throws Exception {
        for (int i = 0; i < 40; i++) {
            store.append(StreamName.of("order-" + (i % 4)), ExpectedVersion.ANY, event("e" + i));
        }
        try (PostgresEventStore otherNode = DB.builder().open()) {
            CyclicBarrier go = new CyclicBarrier(2);
            AtomicInteger applied = new AtomicInteger();
            ProjectionWriter counting = (tx, e) -> {
                applied.incrementAndGet();
                counts.apply(tx, e);
            };
            CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> {
                await(go);
                return new PostgresProjectionStore(store, 3).drain("order-counts", counting);
            });
            CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> {
                await(go);
                return new PostgresProjectionStore(otherNode, 3).drain("order-counts", counting);
            });

            assertThat(a.get(2, TimeUnit.MINUTES)).isEqualTo(40L);
            assertThat(b.get(2, TimeUnit.MINUTES)).isEqualTo(40L);
        }
        assertThat(model()).as("each event counted once").isEqualTo(
                Map.of("order-0", 10, "order-1", 10, "order-2", 10, "order-3", 10));
    }

    @Test
    @DisplayName("a running projection follows new appends")
    void runningProjection() throws Exception {
        PostgresProjectionStore projections = new PostgresProjectionStore(store);
        CountDownLatch applied = new CountDownLatch(1);
        ProjectionWriter signalling = (tx, e) -> {
            counts.apply(tx, e);
            applied.countDown();
        };
        PostgresProjectionStore.Running live = projections.start("order-counts", signalling, Duration.ofMinutes(10));
        try {
            // the live projection is waiting (woken by NOTIFY, its idle wait is far longer than the test)
            store.append(StreamName.of("order-1"), ExpectedVersion.NO_STREAM, event("a"));
            assertThat(applied.await(2, TimeUnit.MINUTES)).as("the running projection applied the new event").isTrue();
        } finally {
            live.close();
        }
        // close() let the step finish: it committed the row with the checkpoint
        assertThat(projections.checkpoint("order-counts")).isEqualTo(1L);
        assertThat(model()).isEqualTo(Map.of("order-1", 1));
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
