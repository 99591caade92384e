package dev.microlab.eventstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamName;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("PostgresSchema: versioned, idempotent migration and the operators' script")
class PostgresSchemaTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = new PostgresTestDatabase();

    @BeforeEach
    void empty() throws Exception {
        DB.drop();
    }

    @Test
    @DisplayName("migrating twice changes nothing and keeps the stored events")
    void migrationIsIdempotent() throws Exception {
        try (var store = DB.builder().open()) {
            store.append(StreamName.of("order-1"), ExpectedVersion.NO_STREAM, EventData.of("placed", bytes("a")));
        }
        try (Connection c = PostgresTestDatabase.connect()) {
            assertThat(PostgresSchema.migrate(c, DB.schema())).as("the schema was already at the current version")
                    .isEqualTo(PostgresSchema.CURRENT_VERSION);
            assertThat(count(c, "SELECT count(*) FROM " + DB.schema() + ".schema_version"))
                    .as("each migration recorded once").isEqualTo(PostgresSchema.CURRENT_VERSION);
        }
        try (var store = DB.builder().open()) {
            assertThat(store.readAll(0, 10)).as("nothing stored is lost").hasSize(1);
        }
    }

    @Test
    @DisplayName("nodes starting at once apply each migration exactly once")
    void concurrentMigration() throws Exception {
        int nodes = 4;
        CyclicBarrier start = new CyclicBarrier(nodes);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<Integer>> before = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                before.add(pool.submit(() -> {
                    try (Connection c = PostgresTestDatabase.connect()) {
                        start.await();
                        return PostgresSchema.migrate(c, DB.schema());
                    }
                }));
            }
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> f : before) {
                versions.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(versions).as("exactly one node found the schema empty").containsOnlyOnce(0);
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = PostgresTestDatabase.connect()) {
            assertThat(count(c, "SELECT count(*) FROM " + DB.schema() + ".schema_version"))
                    .isEqualTo(PostgresSchema.CURRENT_VERSION);
        }
    }

    @Test
    @DisplayName("the printed script creates a schema that a store opened without migrations accepts")
    void printedScript() throws Exception {
        String script = PostgresSchema.script(DB.schema());
        assertThat(script).contains("CREATE TABLE " + DB.schema() + ".events").contains("BEGIN;").contains("COMMIT;");

        try (Connection c = PostgresTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute(script);
        }
        try (var store = DB.builder().createSchema(false).open()) {
            store.append(StreamName.of("order-1"), ExpectedVersion.NO_STREAM, EventData.of("placed", bytes("a")));
            assertThat(store.lastPosition()).isEqualTo(1L);
        }
    }

    @Test
    @DisplayName("a store opened without migrations on a missing schema says what to run")
    void missingSchemaWithoutMigrations() {
        assertThatThrownBy(() -> DB.builder().createSchema(false).open())
                .isInstanceOf(PostgresSchema.SchemaVersionException.class)
                .hasMessageContaining("'" + DB.schema() + "' is at version 0")
                .hasMessageContaining("PostgresSchema.script");
    }

    @Test
    @DisplayName("a schema newer than this release is refused with a clear error, and left untouched")
    void newerSchemaRefused() throws Exception {
        DB.builder().open().close();
        try (Connection c = PostgresTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + DB.schema() + ".schema_version (version) VALUES (99)");
        }

        assertThatThrownBy(() -> DB.builder().open()).isInstanceOf(PostgresSchema.SchemaVersionException.class)
                .hasMessageContaining("version 99").hasMessageContaining("newer than this release");
        assertThatThrownBy(() -> DB.builder().createSchema(false).open())
                .isInstanceOf(PostgresSchema.SchemaVersionException.class).hasMessageContaining("version 99");
        try (Connection c = PostgresTestDatabase.connect()) {
            assertThat(count(c, "SELECT max(version) FROM " + DB.schema() + ".schema_version")).isEqualTo(99);
        }
    }

    @Test
    @DisplayName("schema names are validated with a message naming the value")
    void invalidSchemaName() {
        assertThatThrownBy(() -> PostgresSchema.script("Robert'); DROP")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema").hasMessageContaining("Robert'); DROP");
        assertThatThrownBy(() -> PostgresEventStore.builder(PostgresTestDatabase.URL).schema("1abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1abc'");
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
