package dev.microlab.eventstore.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.CheckpointStore;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The snippets of the "PostgreSQL backend" section of docs/event-store.md (and .es.md), run for real. */
@DisplayName("Event store guide: the PostgreSQL backend's examples")
class PostgresGuideExamplesTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = new PostgresTestDatabase();

    private final String url = PostgresTestDatabase.URL;
    private final String user = PostgresTestDatabase.USER;

    @BeforeEach
    void empty() throws Exception {
        DB.drop();
    }

    @Test
    @DisplayName("open a store on PostgreSQL, append, subscribe with checkpoints kept in the database")
    void openAndSubscribe() {
        String schema = DB.schema();
        List<String> seen = new ArrayList<>();

        try (PostgresEventStore store = PostgresEventStore.builder(url)   // jdbc:postgresql://host:5432/db
                .user(user)
                .schema(schema)                 // created or migrated on open
                .connectTimeout(java.time.Duration.ofSeconds(5))
                .open()) {
            StreamName order = StreamName.of("order-42");
            store.append(order, ExpectedVersion.NO_STREAM, EventData.of("order-placed", "{}".getBytes(UTF_8)));

            CheckpointStore checkpoints = new PostgresCheckpointStore(store);   // shared by every node
            CatchUpSubscription.builder("mailer", store, e -> seen.add(e.type()))
                    .checkpointStore(checkpoints).build().drain();
        }

        assertThat(seen).containsExactly("order-placed");
    }

    @Test
    @DisplayName("a projection writes its rows and its checkpoint in one transaction")
    void projection() throws Exception {
        String schema = DB.schema();
        try (PostgresEventStore store = DB.builder().open()) {
            try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + schema + ".order_counts (stream text PRIMARY KEY, n integer NOT NULL)");
            }
            store.append(StreamName.of("order-1"), ExpectedVersion.NO_STREAM,
                    EventData.of("order-placed", "{}".getBytes(UTF_8)), EventData.of("order-paid", "{}".getBytes(UTF_8)));

            ProjectionWriter counts = (tx, e) -> {
                try (PreparedStatement ps = tx.prepareStatement("INSERT INTO " + schema + ".order_counts (stream, n)"
                        + " VALUES (?, 1) ON CONFLICT (stream) DO UPDATE SET n = order_counts.n + 1")) {
                    ps.setString(1, e.stream().value());
                    ps.executeUpdate();
                }
            };
            PostgresProjectionStore projections = new PostgresProjectionStore(store);
            long at = projections.drain("order-counts", counts);   // rows + checkpoint, one commit per batch

            assertThat(at).isEqualTo(2L);
            try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT n FROM " + schema + ".order_counts")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    @DisplayName("operators print the schema script and open the store without migrations")
    void operatorScript() throws Exception {
        String schema = DB.schema();
        String sql = PostgresSchema.script(schema);   // review it, run it with psql

        try (Connection c = PostgresTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
        try (PostgresEventStore store = DB.builder().createSchema(false).open()) {
            List<RecordedEvent> none = store.readAll(0, 10);
            assertThat(none).isEmpty();
        }
    }
}
