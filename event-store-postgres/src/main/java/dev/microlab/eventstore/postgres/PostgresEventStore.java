package dev.microlab.eventstore.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventStoreEvent;
import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.ReadDirection;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamDeletedException;
import dev.microlab.eventstore.StreamInfo;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.StreamStatus;
import dev.microlab.eventstore.WrongExpectedVersionException;
import dev.microlab.eventstore.postgres.internal.AppendChecks;
import dev.microlab.eventstore.postgres.internal.AppendRules;
import dev.microlab.eventstore.postgres.internal.AppendSignal;
import dev.microlab.eventstore.postgres.internal.Connections;
import dev.microlab.eventstore.postgres.internal.NotificationListener;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventStore} on PostgreSQL: one store that many application nodes append to and
 * subscribe from, with the same behaviour as the embedded backends (it passes the same contract
 * suite), so CQRS, sagas and projections run on it unchanged.
 *
 * <pre>{@code
 * try (PostgresEventStore store = PostgresEventStore.builder("jdbc:postgresql://db:5432/shop")
 *         .user("shop").password(secret).schema("orders_es").open()) {
 *     store.append(StreamName.of("order-42"), ExpectedVersion.NO_STREAM, placed);
 * }
 * }</pre>
 *
 * <p><b>Appends</b> are one transaction each: lock the stream's row, check the expected version
 * (and recognise a retry by its event ids, as KurrentDB does: the same ids at the position the
 * expected version names), take the next positions from the one-row
 * {@code position_counter} and insert the events. A unique constraint on (stream, version) is the
 * last line of defence. <b>Global order</b>: because every append holds the counter row's lock
 * until it commits, positions become visible strictly in order and without holes, so a reader
 * that reads "after position p" can never skip an event that commits later with a smaller
 * number. The price: appends commit one at a time (see the guide for the figures).
 *
 * <p><b>Live readers</b> ({@link #awaitAppend}, hence {@code CatchUpSubscription}) are woken by
 * {@code LISTEN/NOTIFY}: each append notifies {@code <schema>_appended} in its transaction, and a
 * wait that times out asks the database, so a lost notification only costs latency.
 *
 * <p><b>Faults.</b> If the connection drops while an append commits, the store finds out whether
 * the commit happened (it ends the old session and looks for the events) and either returns the
 * result or throws {@link AppendNotCommittedException}; only if the database stays unreachable
 * does the caller get {@link AppendOutcomeUnknownException}, and then a retry with the same event
 * ids is safe (it is recognised as a retry).
 *
 * <p>This class is threadsafe.
 */
public final class PostgresEventStore implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresEventStore.class);

    private static final String EVENT_COLUMNS = "e.position, e.stream, e.version, e.event_id, e.type, e.revision,"
            + " e.data, e.correlation_id, e.causation_id,"
            + " CASE WHEN e.headers = '{}'::jsonb THEN NULL"
            + " ELSE (SELECT array_agg(h.key ORDER BY h.key) FROM jsonb_each_text(e.headers) h) END AS header_names,"
            + " CASE WHEN e.headers = '{}'::jsonb THEN NULL"
            + " ELSE (SELECT array_agg(h.value ORDER BY h.key) FROM jsonb_each_text(e.headers) h) END"
            + " AS header_values, e.recorded_at";

    private final String schema;
    private final TimeSource timeSource;
    private final int maxEventSize;
    private final Connections connections;
    private final HikariDataSource pool;
    private final EventPublisher<EventStoreEvent> events;
    private final AppendSignal signal = new AppendSignal();
    private final NotificationListener listener;
    private volatile boolean closed;

    // SQL, with the schema filled in once
    private final String lockStream;
    private final String readStreamRow;
    private final String findIds;
    private final String writeBatch;
    private final String readForward;
    private final String readBackward;
    private final String readAllSql;
    private final String lastPositionSql;

    private PostgresEventStore(Builder b, HikariDataSource pool) {
        this.schema = b.schema;
        this.timeSource = b.timeSource;
        this.maxEventSize = b.maxEventSize;
        this.connections = b.connections();
        this.pool = pool;
        this.events = new EventPublisher<>("postgres event store " + schema);
        String s = schema;
        this.lockStream = "INSERT INTO " + s + ".streams AS st (name, next_version, first_version) VALUES (?, 0, 0)"
                + " ON CONFLICT (name) DO UPDATE SET name = st.name"
                + " RETURNING next_version, first_version, tombstoned, last_position";
        this.readStreamRow = "SELECT next_version, first_version, tombstoned, last_position FROM " + s
                + ".streams WHERE name = ?";
        this.findIds = "SELECT event_id, version, position FROM " + s + ".events WHERE stream = ? AND event_id = ANY (?)";
        this.writeBatch = "WITH p AS (UPDATE " + s + ".position_counter SET last_position = last_position + ?"
                + " WHERE id = 1 RETURNING last_position),"
                + " ins AS (INSERT INTO " + s + ".events (position, stream, version, event_id, type, revision, data,"
                + " correlation_id, causation_id, headers, recorded_at)"
                + " SELECT p.last_position - ? + e.ord, ?, ? + e.ord - 1, e.id, e.type, e.revision, e.data,"
                + " e.corr, e.caus, e.headers::jsonb, ? FROM p,"
                + " unnest(?::uuid[], ?::text[], ?::int[], ?::bytea[], ?::text[], ?::text[], ?::text[])"
                + " WITH ORDINALITY AS e(id, type, revision, data, corr, caus, headers, ord)),"
                + " st AS (UPDATE " + s + ".streams SET next_version = ?, last_position = (SELECT last_position FROM p)"
                + " WHERE name = ?)"
                + " SELECT last_position, pg_notify('" + s + PostgresSchema.CHANNEL_SUFFIX
                + "', last_position::text) FROM p";
        String streamJoin = " FROM " + s + ".streams s LEFT JOIN LATERAL (SELECT " + EVENT_COLUMNS + " FROM " + s
                + ".events e WHERE e.stream = s.name AND ";
        this.readForward = "SELECT s.tombstoned, x.*" + streamJoin
                + "e.version >= greatest(?, s.first_version) ORDER BY e.version LIMIT ?) x ON true WHERE s.name = ?";
        this.readBackward = "SELECT s.tombstoned, x.*" + streamJoin
                + "e.version <= ? AND e.version >= s.first_version ORDER BY e.version DESC LIMIT ?) x ON true"
                + " WHERE s.name = ?";
        this.readAllSql = "SELECT " + EVENT_COLUMNS + " FROM " + s + ".events e WHERE e.position > ?"
                + " ORDER BY e.position LIMIT ?";
        this.lastPositionSql = "SELECT last_position FROM " + s + ".position_counter WHERE id = 1";
        this.listener = b.listen ? new NotificationListener(connections, schema + PostgresSchema.CHANNEL_SUFFIX,
                signal) : null;
    }

    /**
     * A builder for the database at {@code jdbcUrl}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}.
     *
     * @throws IllegalArgumentException if it is not a {@code jdbc:postgresql:} URL
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /** The PostgreSQL schema this store keeps its tables in. */
    public String schema() {
        return schema;
    }

    /**
     * The store's connection pool, for code that must write in the same database: a projection
     * that commits its read model with its checkpoint ({@link PostgresProjectionStore}), an outbox.
     */
    public DataSource dataSource() {
        ensureOpen();
        return pool;
    }

    // ------------------------------------------------------------------ append

    @Override
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> batch) {
        List<EventData> toWrite = AppendChecks.checkAppend(stream, expected, batch, maxEventSize);
        ensureOpen();
        if (toWrite.isEmpty()) {
            return emptyAppend(stream, expected);
        }
        try (Connection c = pool.getConnection()) {
            return appendIn(c, stream, expected, toWrite);
        } catch (SQLException e) {
            throw failure("append to stream '" + stream + "'", e);
        }
    }

    private AppendResult emptyAppend(StreamName stream, ExpectedVersion expected) {
        AppendRules.StreamRow row;
        try (Connection c = pool.getConnection()) {
            row = streamRow(c, stream, false);
        } catch (SQLException e) {
            throw failure("read stream '" + stream + "'", e);
        }
        try {
            return ((AppendRules.NoWrite) AppendRules.plan(stream, expected, List.of(), row, Map.of())).result();
        } catch (WrongExpectedVersionException e) {
            publishConflict(e);
            throw e;
        }
    }

    private AppendResult appendIn(Connection c, StreamName stream, ExpectedVersion expected, List<EventData> toWrite)
            throws SQLException {
        c.setAutoCommit(false);
        int backendPid = c.unwrap(PGConnection.class).getBackendPID();
        boolean commitSent = false;
        AppendResult result;
        long firstVersion;
        try {
            AppendRules.StreamRow row = streamRow(c, stream, true);
            AppendRules.Plan plan = AppendRules.plan(stream, expected, toWrite, row, storedIds(c, stream, toWrite));
            if (plan instanceof AppendRules.NoWrite noWrite) {
                c.rollback();
                if (events.hasListeners()) {
                    events.publish(new EventStoreEvent.Deduplicated(stream, noWrite.result()));
                }
                return noWrite.result();
            }
            firstVersion = ((AppendRules.Write) plan).firstVersion();
            long lastPosition = write(c, stream, firstVersion, toWrite);
            result = new AppendResult(stream, firstVersion + toWrite.size() - 1, lastPosition);
            commitSent = true;
            c.commit();
        } catch (WrongExpectedVersionException e) {
            rollbackQuietly(c);
            publishConflict(e);
            throw e;
        } catch (RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        } catch (SQLException e) {
            if (isConnectionLoss(e)) {
                return resolveLostAppend(stream, toWrite, backendPid, commitSent, e);
            }
            rollbackQuietly(c);
            throw e;
        } finally {
            restoreAutoCommit(c);
        }
        signal.advanced(result.lastPosition());
        if (events.hasListeners()) {
            events.publish(new EventStoreEvent.Appended(stream, firstVersion, result.nextExpectedVersion(),
                    result.lastPosition() - toWrite.size() + 1, result.lastPosition()));
        }
        return result;
    }

    private AppendRules.StreamRow streamRow(Connection c, StreamName stream, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lock ? lockStream : readStreamRow)) {
            ps.setString(1, stream.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return AppendRules.StreamRow.ABSENT;
                }
                long next = rs.getLong(1);
                return new AppendRules.StreamRow(!lock || next > 0 || rs.getBoolean(3), next, rs.getLong(2),
                        rs.getBoolean(3), rs.getLong(4));
            }
        }
    }

    private Map<UUID, AppendRules.StoredId> storedIds(Connection c, StreamName stream, List<EventData> toWrite)
            throws SQLException {
        UUID[] ids = new UUID[toWrite.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = toWrite.get(i).eventId();
        }
        Map<UUID, AppendRules.StoredId> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(findIds)) {
            ps.setString(1, stream.value());
            ps.setArray(2, c.createArrayOf("uuid", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getObject(1, UUID.class), new AppendRules.StoredId(rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return stored;
    }

    /** Takes the positions, inserts the events, moves the stream on and notifies; returns the last position. */
    private long write(Connection c, StreamName stream, long firstVersion, List<EventData> toWrite)
            throws SQLException {
        int n = toWrite.size();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] revisions = new Integer[n];
        byte[][] data = new byte[n][];
        String[] correlation = new String[n];
        String[] causation = new String[n];
        String[] headers = new String[n];
        for (int i = 0; i < n; i++) {
            EventData e = toWrite.get(i);
            ids[i] = e.eventId();
            types[i] = e.type();
            revisions[i] = e.revision();
            data[i] = e.data();
            correlation[i] = e.metadata().correlationId();
            causation[i] = e.metadata().causationId();
            headers[i] = AppendChecks.headersJson(e.metadata().headers());
        }
        try (PreparedStatement ps = c.prepareStatement(writeBatch)) {
            int p = 1;
            ps.setLong(p++, n);
            ps.setLong(p++, n);
            ps.setString(p++, stream.value());
            ps.setLong(p++, firstVersion);
            ps.setObject(p++, OffsetDateTime.ofInstant(timeSource.instant(), ZoneOffset.UTC));
            ps.setArray(p++, c.createArrayOf("uuid", ids));
            ps.setArray(p++, c.createArrayOf("text", types));
            ps.setArray(p++, c.createArrayOf("int4", revisions));
            ps.setArray(p++, c.createArrayOf("bytea", data));
            ps.setArray(p++, c.createArrayOf("text", correlation));
            ps.setArray(p++, c.createArrayOf("text", causation));
            ps.setArray(p++, c.createArrayOf("text", headers));
            ps.setLong(p++, firstVersion + n);
            ps.setString(p, stream.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The connection broke during an append. If COMMIT was never sent, PostgreSQL rolls the
     * transaction back. If it was, the outcome is decided on the server: end the old session (so
     * that it can no longer commit later), wait until it is gone, then look for the batch.
     */
    private AppendResult resolveLostAppend(StreamName stream, List<EventData> toWrite, int backendPid,
            boolean commitSent, SQLException cause) {
        if (!commitSent) {
            throw new AppendNotCommittedException(stream, connections.describe(), cause);
        }
        UUID lastId = toWrite.get(toWrite.size() - 1).eventId();
        try (Connection c = pool.getConnection(); PreparedStatement end = c.prepareStatement(
                "SELECT pg_terminate_backend(?)"); PreparedStatement alive = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ?"); PreparedStatement find = c.prepareStatement(
                "SELECT version, position FROM " + schema + ".events WHERE stream = ? AND event_id = ?")) {
            end.setInt(1, backendPid);
            end.execute();
            alive.setInt(1, backendPid);
            long deadline = System.nanoTime() + connectTimeoutNanos();
            while (true) {
                try (ResultSet rs = alive.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AppendOutcomeUnknownException(stream, connections.describe(), cause);
                }
                Thread.onSpinWait();
            }
            find.setString(1, stream.value());
            find.setObject(2, lastId);
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    AppendResult result = new AppendResult(stream, rs.getLong(1), rs.getLong(2));
                    LOG.warn("the connection dropped while committing an append to '{}'; it did commit ({})", stream,
                            result);
                    signal.advanced(result.lastPosition());
                    return result;
                }
            }
            throw new AppendNotCommittedException(stream, connections.describe(), cause);
        } catch (SQLException e) {
            AppendOutcomeUnknownException unknown = new AppendOutcomeUnknownException(stream, connections.describe(),
                    cause);
            unknown.addSuppressed(e);
            throw unknown;
        }
    }

    private long connectTimeoutNanos() {
        return Math.max(1, pool.getConnectionTimeout()) * 1_000_000L;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion, int maxCount) {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(direction, "direction must not be null");
        AppendChecks.checkReadArguments(fromVersion, "fromVersion", maxCount);
        ensureOpen();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        direction == ReadDirection.FORWARD ? readForward : readBackward)) {
            ps.setLong(1, fromVersion);
            ps.setInt(2, maxCount);
            ps.setString(3, stream.value());
            List<RecordedEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(1)) {
                        throw new StreamDeletedException(stream);
                    }
                    if (rs.getObject(2) != null) {
                        out.add(recorded(rs, 2));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read stream '" + stream + "'", e);
        }
    }

    @Override
    public List<RecordedEvent> readAll(long afterPosition, int maxCount) {
        AppendChecks.checkReadArguments(afterPosition, "afterPosition", maxCount);
        ensureOpen();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(readAllSql)) {
            ps.setLong(1, afterPosition);
            ps.setInt(2, maxCount);
            List<RecordedEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(recorded(rs, 1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read all events after position " + afterPosition, e);
        }
    }

    private static RecordedEvent recorded(ResultSet rs, int at) throws SQLException {
        Map<String, String> headers = Map.of();
        Array names = rs.getArray(at + 9);
        if (names != null) {
            String[] n = (String[]) names.getArray();
            String[] v = (String[]) rs.getArray(at + 10).getArray();
            TreeMap<String, String> h = new TreeMap<>();
            for (int i = 0; i < n.length; i++) {
                h.put(n[i], v[i]);
            }
            headers = h;
        }
        EventMetadata metadata = new EventMetadata(rs.getString(at + 7), rs.getString(at + 8), headers);
        return new RecordedEvent(StreamName.of(rs.getString(at + 1)), rs.getLong(at + 2), rs.getLong(at),
                rs.getObject(at + 3, UUID.class), rs.getString(at + 4), rs.getInt(at + 5), rs.getBytes(at + 6),
                metadata, rs.getObject(at + 11, OffsetDateTime.class).toInstant());
    }

    @Override
    public StreamInfo streamInfo(StreamName stream) {
        Objects.requireNonNull(stream, "stream must not be null");
        ensureOpen();
        AppendRules.StreamRow row;
        try (Connection c = pool.getConnection()) {
            row = streamRow(c, stream, false);
        } catch (SQLException e) {
            throw failure("read stream '" + stream + "'", e);
        }
        if (!row.exists()) {
            return new StreamInfo(stream, StreamStatus.NONE, NO_VERSION, 0, 0);
        }
        StreamStatus status = row.tombstoned() ? StreamStatus.TOMBSTONED
                : row.visibleVersion() == NO_VERSION ? StreamStatus.SOFT_DELETED : StreamStatus.ACTIVE;
        return new StreamInfo(stream, status, row.visibleVersion(), row.firstVersion(), row.nextVersion());
    }

    @Override
    public long lastPosition() {
        ensureOpen();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(lastPositionSql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long last = rs.getLong(1);
            signal.advanced(last);
            return last;
        } catch (SQLException e) {
            throw failure("read the last position", e);
        }
    }

    // ------------------------------------------------------------------ deletion

    @Override
    public void deleteStream(StreamName stream, ExpectedVersion expected) {
        delete(stream, expected, false);
    }

    @Override
    public void tombstoneStream(StreamName stream, ExpectedVersion expected) {
        delete(stream, expected, true);
    }

    private void delete(StreamName stream, ExpectedVersion expected, boolean tombstone) {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(expected, "expected must not be null");
        ensureOpen();
        boolean changed;
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                AppendRules.StreamRow row = streamRow(c, stream, true);
                changed = checkDelete(stream, expected, tombstone, row);
                if (changed) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".streams SET first_version"
                            + " = next_version, tombstoned = tombstoned OR ? WHERE name = ?")) {
                        ps.setBoolean(1, tombstone);
                        ps.setString(2, stream.value());
                        ps.executeUpdate();
                    }
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (WrongExpectedVersionException e) {
                rollbackQuietly(c);
                publishConflict(e);
                throw e;
            } catch (RuntimeException | SQLException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            throw failure((tombstone ? "tombstone" : "delete") + " stream '" + stream + "'", e);
        }
        if (changed) {
            events.publish(() -> new EventStoreEvent.StreamDeleted(stream, tombstone));
        }
    }

    private static boolean checkDelete(StreamName stream, ExpectedVersion expected, boolean tombstone,
            AppendRules.StreamRow row) {
        if (row.tombstoned()) {
            if (tombstone) {
                return false;
            }
            throw new StreamDeletedException(stream);
        }
        long actual = row.visibleVersion();
        if (!expected.isSatisfiedBy(actual)) {
            throw new WrongExpectedVersionException(stream, expected, actual);
        }
        return tombstone || actual != NO_VERSION;
    }

    // ------------------------------------------------------------------ live

    @Override
    public boolean awaitAppend(long afterPosition, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (signal.lastPosition() > afterPosition || lastPosition() > afterPosition) {
            return true;
        }
        if (signal.await(afterPosition, timeout)) {
            return true;
        }
        // a notification can be lost while the LISTEN connection reconnects: ask the database
        return !closed && lastPosition() > afterPosition;
    }

    @Override
    public EventPublisher<EventStoreEvent> events() {
        return events;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        signal.close();
        if (listener != null) {
            listener.close();
        }
        pool.close();
    }

    // ------------------------------------------------------------------ support

    private void ensureOpen() {
        if (closed) {
            throw new EventStoreException("the PostgreSQL event store (" + connections.describe() + ", schema "
                    + schema + ") is closed");
        }
    }

    private void publishConflict(WrongExpectedVersionException e) {
        if (events.hasListeners()) {
            events.publish(new EventStoreEvent.ConcurrencyConflict(e.stream(), e.expected(), e.actualVersion()));
        }
    }

    private EventStoreException failure(String what, SQLException e) {
        if (closed) {
            return new EventStoreException("the PostgreSQL event store (" + connections.describe() + ") is closed", e);
        }
        if (isConnectionLoss(e)) {
            return new EventStoreException("cannot " + what + ": lost the connection to PostgreSQL at "
                    + connections.describe() + ": " + e.getMessage(), e);
        }
        return new EventStoreException("cannot " + what + " in PostgreSQL (" + connections.describe() + ", schema "
                + schema + "): " + e.getMessage(), e);
    }

    /** SQLSTATE class 08 (connection exception), or pgjdbc's own I/O and timeout states. */
    static boolean isConnectionLoss(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().equals("57P01"))) {
                return true;
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed (the connection is probably gone)", e);
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.debug("could not reset autocommit (the pool will discard the connection)", e);
        }
    }

    @Override
    public String toString() {
        return "PostgresEventStore[" + connections.describe() + ", schema " + schema + "]";
    }

    /** Configures a {@link PostgresEventStore}. Not threadsafe; build once. */
    public static final class Builder {
        private final String url;
        private String user;
        private String password;
        private String schema = PostgresSchema.DEFAULT_SCHEMA;
        private boolean createSchema = true;
        private int maxPoolSize = 10;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private TimeSource timeSource = TimeSource.system();
        private int maxEventSize = AppendChecks.DEFAULT_MAX_EVENT_SIZE;
        private boolean listen = true;
        private boolean synchronousCommit = true;

        private Builder(String url) {
            Objects.requireNonNull(url, "jdbcUrl must not be null");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, but was '"
                        + Connections.redact(url) + "'");
            }
            this.url = url;
        }

        /** The database user (default: the one in the URL, else the driver's default). */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user must not be null");
            return this;
        }

        /** The password (never shown in messages). */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password must not be null");
            return this;
        }

        /**
         * The PostgreSQL schema of the tables (default {@value PostgresSchema#DEFAULT_SCHEMA}).
         *
         * @throws IllegalArgumentException if it is not a valid name; see {@link PostgresSchema#validateName}
         */
        public Builder schema(String schema) {
            this.schema = PostgresSchema.validateName(schema);
            return this;
        }

        /**
         * Whether {@link #open} creates or migrates the schema (default true). With false the
         * schema must already be at {@link PostgresSchema#CURRENT_VERSION} (an operator ran
         * {@link PostgresSchema#script}), else open fails.
         */
        public Builder createSchema(boolean createSchema) {
            this.createSchema = createSchema;
            return this;
        }

        /**
         * The most connections the pool opens (default 10), plus one for LISTEN.
         *
         * @throws IllegalArgumentException if not in [1, 1000]
         */
        public Builder maxPoolSize(int maxPoolSize) {
            if (maxPoolSize < 1 || maxPoolSize > 1000) {
                throw new IllegalArgumentException("maxPoolSize must be in [1, 1000], but was " + maxPoolSize);
            }
            this.maxPoolSize = maxPoolSize;
            return this;
        }

        /**
         * How long to wait for a connection before failing (default 5 s).
         *
         * @throws IllegalArgumentException if not in [250 ms, 10 min]
         */
        public Builder connectTimeout(Duration connectTimeout) {
            Objects.requireNonNull(connectTimeout, "connectTimeout must not be null");
            if (connectTimeout.compareTo(Duration.ofMillis(250)) < 0
                    || connectTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("connectTimeout must be in [250 ms, 10 min], but was "
                        + connectTimeout);
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Where recorded times come from (default: the system clock). Stored with microsecond precision. */
        public Builder timeSource(TimeSource timeSource) {
            this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
            return this;
        }

        /**
         * The largest event accepted, data plus type plus metadata, in bytes (default 1 MiB).
         *
         * @throws IllegalArgumentException if not in [1, 64 MiB]
         */
        public Builder maxEventSize(int maxEventSize) {
            this.maxEventSize = AppendChecks.checkMaxEventSize(maxEventSize);
            return this;
        }

        /**
         * Whether live waits are woken by LISTEN/NOTIFY (default true). Without it, a waiting
         * subscription notices other nodes' appends only when its wait times out.
         */
        public Builder listen(boolean listen) {
            this.listen = listen;
            return this;
        }

        /**
         * Whether an append returns only after PostgreSQL has flushed its commit to the WAL on disk
         * (default true: nothing acknowledged is lost if the server crashes). With false, the
         * store's sessions run with {@code synchronous_commit = off}: appends return before the
         * flush, several times faster because the position lock is no longer held across an
         * fsync, and a server crash (not a client crash) can lose the appends of the last
         * {@code 3 × wal_writer_delay} (600 ms by default). Never corrupts: the database stays
         * consistent, positions stay gap-free; acknowledged events can just be missing.
         */
        public Builder synchronousCommit(boolean synchronousCommit) {
            this.synchronousCommit = synchronousCommit;
            return this;
        }

        Connections connections() {
            return new Connections(url, user, password, connectTimeout, synchronousCommit);
        }

        /**
         * Connects, creates or checks the schema, and starts listening.
         *
         * @throws EventStoreException naming the URL (without password) if the database cannot be
         *         reached within the connect timeout
         * @throws PostgresSchema.SchemaVersionException if the schema's version does not fit
         */
        public PostgresEventStore open() {
            Connections connections = connections();
            HikariDataSource pool = connections.pool(maxPoolSize, "microlab-" + schema);
            try (Connection c = pool.getConnection()) {
                if (createSchema) {
                    PostgresSchema.migrate(c, schema);
                } else {
                    PostgresSchema.verify(c, schema);
                }
            } catch (SQLException e) {
                pool.close();
                throw new EventStoreException("cannot prepare schema '" + schema + "' in PostgreSQL at "
                        + connections.describe() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
            PostgresEventStore store = new PostgresEventStore(this, pool);
            if (store.listener != null) {
                store.listener.start();
            }
            return store;
        }
    }
}
