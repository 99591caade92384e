package dev.microlab.eventstore.postgres;

import dev.microlab.eventstore.EventStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The tables of a {@link PostgresEventStore}, as versioned migrations: created by the library on
 * first use, or printed as a SQL script for operators who create schemas themselves.
 *
 * <p>Everything lives in one PostgreSQL schema (default {@value #DEFAULT_SCHEMA}), so several
 * stores can share a database. The table {@code schema_version} records which migrations ran;
 * {@link #migrate} applies the missing ones in one transaction under an advisory lock, so that
 * several nodes starting at once neither race nor fail, and running it again changes nothing.
 * A schema whose recorded version is newer than this library knows is refused with a clear
 * error (an old node must not write to a store a newer release has reshaped).
 *
 * <pre>{@code
 * // operators: print the script, review it, run it with psql
 * System.out.print(PostgresSchema.script("orders_es"));
 * // or from the shell: java -cp ... dev.microlab.eventstore.postgres.PostgresSchema orders_es > schema.sql
 * }</pre>
 *
 * <p>This class is threadsafe (stateless).
 */
public final class PostgresSchema {

    /** The schema used when none is configured. */
    public static final String DEFAULT_SCHEMA = "microlab_events";

    /** The version the migrations of this release bring a schema to. */
    public static final int CURRENT_VERSION = 1;

    /** The NOTIFY channel suffix; the channel is {@code <schema>_appended}. */
    static final String CHANNEL_SUFFIX = "_appended";

    private static final Pattern VALID_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,50}");

    /** Migration i + 1 brings the schema from version i to version i + 1. {@code %1$s} is the schema. */
    private static final List<String> MIGRATIONS = List.of("""
            -- 1: events, streams, the global position counter, checkpoints, snapshots
            CREATE TABLE %1$s.streams (
                name          text    PRIMARY KEY,
                next_version  bigint  NOT NULL,            -- the version the next event gets
                first_version bigint  NOT NULL,            -- versions below are soft-deleted
                tombstoned    boolean NOT NULL DEFAULT false,
                last_position bigint  NOT NULL DEFAULT 0   -- position of the stream's last event
            );
            CREATE TABLE %1$s.events (
                position       bigint      PRIMARY KEY,    -- the $all order: 1, 2, 3 ... without holes
                stream         text        NOT NULL REFERENCES %1$s.streams (name),
                version        bigint      NOT NULL,
                event_id       uuid        NOT NULL,
                type           text        NOT NULL,
                revision       integer     NOT NULL,
                data           bytea       NOT NULL,
                correlation_id text,
                causation_id   text,
                headers        jsonb       NOT NULL DEFAULT '{}',
                recorded_at    timestamptz NOT NULL,
                CONSTRAINT events_stream_version_unique UNIQUE (stream, version),
                CONSTRAINT events_stream_event_id_unique UNIQUE (stream, event_id)
            );
            -- One row: every append takes its positions from here, under this row's lock, so
            -- positions commit in order (see the guide: "global order without holes").
            CREATE TABLE %1$s.position_counter (
                id            integer PRIMARY KEY CHECK (id = 1),
                last_position bigint  NOT NULL
            );
            INSERT INTO %1$s.position_counter (id, last_position) VALUES (1, 0);
            CREATE TABLE %1$s.checkpoints (
                name       text        PRIMARY KEY,
                position   bigint      NOT NULL CHECK (position >= 0),
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE %1$s.snapshots (
                stream   text        PRIMARY KEY,
                version  bigint      NOT NULL,
                revision integer     NOT NULL,
                state    bytea       NOT NULL,
                taken_at timestamptz NOT NULL
            );
            """);

    private PostgresSchema() {
    }

    /**
     * Checks a schema name: 1 to 51 lower-case ASCII letters, digits and underscores, not starting
     * with a digit (so it needs no quoting and leaves room for the NOTIFY channel name).
     *
     * @throws IllegalArgumentException if it is not
     */
    public static String validateName(String schema) {
        Objects.requireNonNull(schema, "schema must not be null");
        if (!VALID_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be 1 to 51 lower-case ASCII letters, digits and _,"
                    + " not starting with a digit, but was '" + schema + "'");
        }
        return schema;
    }

    /**
     * The whole SQL script that creates {@code schema} at {@link #CURRENT_VERSION}, for operators
     * who create schemas themselves. Running it on an existing schema fails (it is not meant to
     * be re-run); {@link #migrate} is the idempotent path.
     */
    public static String script(String schema) {
        validateName(schema);
        StringBuilder sql = new StringBuilder();
        sql.append("-- microlab event store, schema ").append(schema).append(", version ").append(CURRENT_VERSION)
                .append('\n');
        sql.append("BEGIN;\n");
        sql.append("CREATE SCHEMA IF NOT EXISTS ").append(schema).append(";\n");
        sql.append(versionTable(schema)).append('\n');
        for (int i = 0; i < MIGRATIONS.size(); i++) {
            sql.append(MIGRATIONS.get(i).formatted(schema));
            sql.append("INSERT INTO ").append(schema).append(".schema_version (version) VALUES (").append(i + 1)
                    .append(");\n");
        }
        sql.append("COMMIT;\n");
        return sql.toString();
    }

    private static String versionTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + schema + ".schema_version (version integer PRIMARY KEY,"
                + " applied_at timestamptz NOT NULL DEFAULT now());";
    }

    /**
     * Brings {@code schema} to {@link #CURRENT_VERSION}, creating it if needed; does nothing if it
     * is already there. Runs in one transaction on {@code connection}, under a transaction-level
     * advisory lock keyed by the schema name, so concurrent callers apply each migration once.
     *
     * @return the version the schema had before (0 if it did not exist)
     * @throws SchemaVersionException if the schema is newer than this library
     * @throws SQLException if the database refuses (for example, no CREATE privilege)
     */
    public static int migrate(Connection connection, String schema) throws SQLException {
        Objects.requireNonNull(connection, "connection must not be null");
        validateName(schema);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "microlab-event-store-schema:" + schema);
                lock.execute();
            }
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            st.execute(versionTable(schema));
            int before = version(connection, schema);
            if (before > CURRENT_VERSION) {
                throw SchemaVersionException.tooNew(schema, before);
            }
            for (int v = before; v < CURRENT_VERSION; v++) {
                st.execute(MIGRATIONS.get(v).formatted(schema));
                st.execute("INSERT INTO " + schema + ".schema_version (version) VALUES (" + (v + 1) + ")");
            }
            connection.commit();
            return before;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Checks that {@code schema} is at {@link #CURRENT_VERSION}, without changing anything: what a
     * store opened with migrations switched off does.
     *
     * @throws SchemaVersionException if it is missing, older or newer
     */
    public static void verify(Connection connection, String schema) throws SQLException {
        Objects.requireNonNull(connection, "connection must not be null");
        validateName(schema);
        int found;
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'schema_version'")) {
            exists.setString(1, schema);
            try (ResultSet rs = exists.executeQuery()) {
                found = rs.next() ? version(connection, schema) : 0;
            }
        }
        if (found > CURRENT_VERSION) {
            throw SchemaVersionException.tooNew(schema, found);
        }
        if (found < CURRENT_VERSION) {
            throw new SchemaVersionException(schema, found, "schema '" + schema + "' is at version " + found
                    + (found == 0 ? " (it has no event store tables)" : "") + ", but this release of microlab needs"
                    + " version " + CURRENT_VERSION + "; run the script of PostgresSchema.script(\"" + schema
                    + "\") or open the store with createSchema(true)");
        }
    }

    private static int version(Connection connection, String schema) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM " + schema + ".schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Prints {@link #script} for the schema named by the first argument (default {@value #DEFAULT_SCHEMA}). */
    public static void main(String[] args) {
        System.out.print(script(args.length > 0 ? args[0] : DEFAULT_SCHEMA));
    }

    /** A schema whose recorded version this release cannot work with. */
    public static final class SchemaVersionException extends EventStoreException {
        private static final long serialVersionUID = 1L;

        private final String schema;
        private final int foundVersion;

        SchemaVersionException(String schema, int foundVersion, String message) {
            super(message);
            this.schema = schema;
            this.foundVersion = foundVersion;
        }

        static SchemaVersionException tooNew(String schema, int found) {
            return new SchemaVersionException(schema, found, "schema '" + schema + "' is at version " + found
                    + ", newer than this release of microlab knows (" + CURRENT_VERSION + "); refusing to use it:"
                    + " upgrade microlab on this node before it writes to that store");
        }

        /** The schema checked. */
        public String schema() {
            return schema;
        }

        /** The version recorded in it (0: none). */
        public int foundVersion() {
            return foundVersion;
        }
    }
}
