package dev.microlab.eventstore.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.AppendSignal;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventStoreArguments;
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
import dev.microlab.eventstore.postgres.internal.AppendRules;
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
 * <p><b>Appends</b> run in a transaction: lock the stream's row, check the expected version
 * (and recognise a retry by its event ids, as KurrentDB does: the same ids at the position the
 * expected version names), take the next positions from the one-row {@code position_counter}
 * and insert the events. A unique constraint on (stream, version) is the last line of defence.
 * <b>Global order</b>: because every transaction holds the counter row's lock until it commits,
 * positions become visible strictly in order and without holes, so a reader that reads "after
 * position p" can never skip an event that commits later with a smaller number. The price:
 * transactions commit one at a time, so concurrent appends of this process share one
 * transaction and one commit (a group commit); see the guide for the figures.
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
    private final GroupCommit groupCommit = new GroupCommit();
    private final GroupCommit.Statements groupSql;
    private volatile boolean closed;

    // SQL, with the schema filled in once
    private final String lockStream;
    private final String readStreamRow;
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
        this.groupSql = new GroupCommit.Statements(s);
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
        List<EventData> toWrite = EventStoreArguments.checkAppend(stream, expected, batch, maxEventSize);
        ensureOpen();
        if (toWrite.isEmpty()) {
            return emptyAppend(stream, expected);
        }
        GroupCommit.Pending mine = new GroupCommit.Pending(stream, expected, toWrite);
        groupCommit.submit(mine, this::runGroup);
        publish(mine.toPublish);
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
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

    private AppendRules.StreamRow streamRow(Connection c, StreamName stream, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lock ? lockStream : readStreamRow)) {
            ps.setString(1, stream.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return AppendRules.StreamRow.ABSENT;
                }
                long next = rs.getLong(1);
                return new AppendRules.StreamRow(next > 0 || rs.getBoolean(3), next, rs.getLong(2),
                        rs.getBoolean(3), rs.getLong(4));
            }
        }
    }

    /** Runs one group of appends as one transaction; every append of the group gets its answer. */
    private void runGroup(List<GroupCommit.Pending> group) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            int backendPid = c.unwrap(PGConnection.class).getBackendPID();
            boolean commitSent = false;
            try {
                long last = GroupCommit.decideAndWrite(c, groupSql, group, timeSource.instant(),
                        events.hasListeners());
                if (last < 0) {
                    c.rollback();
                } else {
                    commitSent = true;
                    c.commit();
                    signal.advanced(last);
                }
            } catch (SQLException e) {
                if (isConnectionLoss(e)) {
                    resolveLostGroup(group, backendPid, commitSent, e);
                    return;
                }
                rollbackQuietly(c);
                failAll(group, failure("append", e));
                return;
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                failAll(group, e);
                return;
            } finally {
                restoreAutoCommit(c);
            }
            for (GroupCommit.Pending p : group) {
                if (p.failure instanceof WrongExpectedVersionException w && events.hasListeners()) {
                    p.toPublish = new EventStoreEvent.ConcurrencyConflict(w.stream(), w.expected(), w.actualVersion());
                }
                p.done = true;
            }
        } catch (SQLException e) {
            failAll(group, failure("append", e));
        }
    }

    private static void failAll(List<GroupCommit.Pending> group, RuntimeException failure) {
        for (GroupCommit.Pending p : group) {
            p.result = null;
            p.toPublish = null;
            p.failure = failure;
            p.done = true;
        }
    }

    private void publish(EventStoreEvent event) {
        if (event != null && events.hasListeners()) {
            events.publish(event);
        }
    }

    /**
     * The connection broke during a group's transaction. If COMMIT was never sent, PostgreSQL rolls
     * the transaction back. If it was, the outcome is decided on the server: end the old session
     * (so that it can no longer commit later), wait until it is gone, then look for the group's
     * events (all or none of them are there: one transaction).
     */
    private void resolveLostGroup(List<GroupCommit.Pending> group, int backendPid, boolean commitSent,
            SQLException cause) {
        GroupCommit.Pending written = null;
        for (GroupCommit.Pending p : group) {
            if (p.written) {
                written = p;
            }
        }
        if (!commitSent || written == null) {
            for (GroupCommit.Pending p : group) {
                notCommitted(p, cause);
            }
            return;
        }
        Boolean committed;
        try {
            committed = committed(written.stream, written.events.get(written.events.size() - 1).eventId(), backendPid);
        } catch (SQLException e) {
            cause.addSuppressed(e);
            committed = null;
        }
        for (GroupCommit.Pending p : group) {
            if (committed == null) {
                p.failure = new AppendOutcomeUnknownException(p.stream, connections.describe(), cause);
                p.result = null;
                p.toPublish = null;
            } else if (committed) {
                LOG.warn("the connection dropped while committing appends; they did commit (last {})", written.result);
                if (p.failure instanceof WrongExpectedVersionException w && events.hasListeners()) {
                    p.toPublish = new EventStoreEvent.ConcurrencyConflict(w.stream(), w.expected(), w.actualVersion());
                }
            } else {
                notCommitted(p, cause);
            }
            p.done = true;
        }
        if (Boolean.TRUE.equals(committed)) {
            signal.advanced(written.result.lastPosition());
        }
    }

    private void notCommitted(GroupCommit.Pending p, SQLException cause) {
        p.failure = new AppendNotCommittedException(p.stream, connections.describe(), cause);
        p.result = null;
        p.toPublish = null;
        p.done = true;
    }

    /** Ends session {@code backendPid}, waits until it is gone, then says whether {@code lastId} is stored. */
    private Boolean committed(StreamName stream, UUID lastId, int backendPid) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement end = c.prepareStatement(
                "SELECT pg_terminate_backend(?)"); PreparedStatement alive = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ?"); PreparedStatement find = c.prepareStatement(
                "SELECT 1 FROM " + schema + ".events WHERE stream = ? AND event_id = ?")) {
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
                    return null;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            find.setString(1, stream.value());
            find.setObject(2, lastId);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next();
            }
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
        EventStoreArguments.checkRead(fromVersion, "fromVersion", maxCount);
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
        EventStoreArguments.checkRead(afterPosition, "afterPosition", maxCount);
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
    public EventPublisher<EventStoreEvent> eventPublisher() {
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
        private int maxEventSize = EventStoreArguments.DEFAULT_MAX_EVENT_SIZE;
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
            this.maxEventSize = EventStoreArguments.checkMaxEventSize(maxEventSize);
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
