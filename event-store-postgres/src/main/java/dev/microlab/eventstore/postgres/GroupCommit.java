package dev.microlab.eventstore.postgres;

import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStoreEvent;
import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.postgres.internal.AppendRules;
import dev.microlab.eventstore.postgres.internal.HeadersJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append path of {@link PostgresEventStore}: concurrent appends of this process are written
 * in one transaction and one commit (a group commit), because each commit holds the store-wide
 * position lock through its WAL flush and is therefore the unit that costs.
 *
 * <p>An appending thread queues its append and takes the leader lock; the thread that holds it
 * takes every queued append (the ones that arrived while the previous group was committing), and
 * runs them as one transaction: lock the streams' rows in name order, decide each append in
 * arrival order (expected version, retries) as if it ran alone, write all events with one
 * statement that takes their positions, commit. Each append then gets its own answer. A group
 * never holds two appends that share an event id (the later one waits for the next group), so
 * a retry racing its original is decided against committed data.
 *
 * <p>This class is threadsafe.
 */
final class GroupCommit {

    /** Most appends in one group. */
    static final int MAX_GROUP = 64;

    /** One append waiting for its group. */
    static final class Pending {
        final StreamName stream;
        final ExpectedVersion expected;
        final List<EventData> events;
        volatile boolean done;
        boolean written;
        AppendResult result;
        RuntimeException failure;
        EventStoreEvent toPublish;
        long firstVersion;
        int lastOrdinal;

        Pending(StreamName stream, ExpectedVersion expected, List<EventData> events) {
            this.stream = stream;
            this.expected = expected;
            this.events = events;
        }
    }

    /** How the store runs a group: on a connection, with the outcome of a lost commit resolved. */
    interface Runner {
        void run(List<Pending> group) throws SQLException;
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();

    /** Queues {@code mine}, and runs groups until it is done. */
    void submit(Pending mine, Runner runner) {
        queue.add(mine);
        while (!mine.done) {
            leader.lock();
            try {
                if (!mine.done) {
                    List<Pending> group = takeGroup();
                    try {
                        runner.run(group);
                    } catch (SQLException | RuntimeException unexpected) {
                        // no member of the group may be left waiting for an answer (the leader's own
                        // append may be in a later group: it goes on looping until that one is done)
                        for (Pending p : group) {
                            if (!p.done) {
                                p.failure = new EventStoreException("the append to stream '" + p.stream + "' failed"
                                        + " with its group: " + unexpected + "; retry with the same event ids (a"
                                        + " committed append is recognised as a retry)", unexpected);
                                p.result = null;
                                p.toPublish = null;
                                p.done = true;
                            }
                        }
                    }
                }
            } finally {
                leader.unlock();
            }
        }
    }

    private List<Pending> takeGroup() {
        List<Pending> group = new ArrayList<>();
        List<Pending> later = new ArrayList<>();
        Set<UUID> ids = new HashSet<>();
        Pending p;
        while (group.size() < MAX_GROUP && (p = queue.poll()) != null) {
            boolean shares = false;
            for (EventData e : p.events) {
                shares |= ids.contains(e.eventId());
            }
            if (shares) {
                later.add(p);
                continue;
            }
            p.events.forEach(e -> ids.add(e.eventId()));
            group.add(p);
        }
        queue.addAll(later);
        return group;
    }

    // ------------------------------------------------------------------ one group, one transaction

    /** The SQL of a group, for one schema. */
    static final class Statements {
        final String lockStream;
        final String findIds;
        final String write;

        Statements(String s) {
            // rows are inserted, hence locked, in the order of the SELECT: by name
            lockStream = "INSERT INTO " + s + ".streams AS st (name, next_version, first_version)"
                    + " SELECT u.name, 0, 0 FROM unnest(?::text[]) AS u(name) ORDER BY u.name"
                    + " ON CONFLICT (name) DO UPDATE SET name = st.name"
                    + " RETURNING name, next_version, first_version, tombstoned, last_position";
            findIds = "SELECT e.stream, e.event_id, e.version, e.position FROM " + s + ".events e"
                    + " JOIN unnest(?::text[], ?::uuid[]) AS u(stream, id) ON e.stream = u.stream AND e.event_id = u.id";
            write = "WITH p AS (UPDATE " + s + ".position_counter SET last_position = last_position + ?"
                    + " WHERE id = 1 RETURNING last_position),"
                    + " ins AS (INSERT INTO " + s + ".events (position, stream, version, event_id, type, revision, data,"
                    + " correlation_id, causation_id, headers, recorded_at)"
                    + " SELECT p.last_position - ? + e.ord, e.stream, e.version, e.id, e.type, e.revision, e.data,"
                    + " e.corr, e.caus, e.headers::jsonb, ? FROM p, unnest(?::text[], ?::bigint[], ?::uuid[],"
                    + " ?::text[], ?::int[], ?::bytea[], ?::text[], ?::text[], ?::text[])"
                    + " WITH ORDINALITY AS e(stream, version, id, type, revision, data, corr, caus, headers, ord)),"
                    + " st AS (UPDATE " + s + ".streams t SET next_version = u.next_version,"
                    + " last_position = (SELECT last_position FROM p) - ? + u.last_ordinal"
                    + " FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS u(name, next_version, last_ordinal)"
                    + " WHERE t.name = u.name)"
                    + " SELECT last_position, pg_notify('" + s + PostgresSchema.CHANNEL_SUFFIX
                    + "', last_position::text) FROM p";
        }
    }

    /**
     * Decides and writes {@code group} on {@code c} (auto-commit off), without committing.
     * Sets each append's result or failure (and, if {@code describe}, the event to publish);
     * returns the last position written, or -1 if the group wrote nothing.
     */
    static long decideAndWrite(Connection c, Statements sql, List<Pending> group, Instant now, boolean describe)
            throws SQLException {
        // 1. lock every stream of the group, in name order (two groups never wait on each other in a
        //    circle), with one statement
        Map<StreamName, AppendRules.StreamRow> rows = new TreeMap<>();
        Map<StreamName, List<UUID>> idsByStream = new HashMap<>();
        for (Pending p : group) {
            rows.put(p.stream, null);
            List<UUID> ids = idsByStream.computeIfAbsent(p.stream, s -> new ArrayList<>());
            p.events.forEach(e -> ids.add(e.eventId()));
        }
        String[] names = rows.keySet().stream().map(StreamName::value).toArray(String[]::new);
        try (PreparedStatement lock = c.prepareStatement(sql.lockStream)) {
            lock.setArray(1, c.createArrayOf("text", names));
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    long next = rs.getLong(2);
                    boolean tombstoned = rs.getBoolean(4);
                    rows.put(StreamName.of(rs.getString(1)), new AppendRules.StreamRow(next > 0 || tombstoned, next,
                            rs.getLong(3), tombstoned, rs.getLong(5)));
                }
            }
        }
        // 2. the stored events carrying the group's ids, per stream (committed data: ids never repeat in a group)
        Map<StreamName, Map<UUID, AppendRules.StoredId>> stored = new HashMap<>();
        List<String> idStreams = new ArrayList<>();
        List<UUID> idValues = new ArrayList<>();
        for (Map.Entry<StreamName, List<UUID>> e : idsByStream.entrySet()) {
            stored.put(e.getKey(), new HashMap<>());
            for (UUID id : e.getValue()) {
                idStreams.add(e.getKey().value());
                idValues.add(id);
            }
        }
        try (PreparedStatement find = c.prepareStatement(sql.findIds)) {
            find.setArray(1, c.createArrayOf("text", idStreams.toArray(new String[0])));
            find.setArray(2, c.createArrayOf("uuid", idValues.toArray(new UUID[0])));
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    stored.get(StreamName.of(rs.getString(1))).put(rs.getObject(2, UUID.class),
                            new AppendRules.StoredId(rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        // 3. decide each append in arrival order, as if it ran alone on the stream's current state
        List<Pending> writes = new ArrayList<>();
        Map<StreamName, Integer> lastOrdinal = new HashMap<>();
        int ordinal = 0;
        for (Pending p : group) {
            AppendRules.StreamRow row = rows.get(p.stream);
            AppendRules.Plan plan;
            try {
                plan = AppendRules.plan(p.stream, p.expected, p.events, row, stored.get(p.stream));
            } catch (RuntimeException refused) {
                p.failure = refused;
                continue;
            }
            if (plan instanceof AppendRules.NoWrite noWrite) {
                p.result = noWrite.result();
                p.toPublish = describe ? new EventStoreEvent.Deduplicated(p.stream, noWrite.result()) : null;
                continue;
            }
            p.firstVersion = ((AppendRules.Write) plan).firstVersion();
            ordinal += p.events.size();
            p.lastOrdinal = ordinal;
            lastOrdinal.put(p.stream, ordinal);
            long next = p.firstVersion + p.events.size();
            // the stream as the next append of the group sees it (its last position is filled in after the write)
            rows.put(p.stream, new AppendRules.StreamRow(true, next, row.firstVersion(), false, row.lastPosition()));
            writes.add(p);
        }
        if (writes.isEmpty()) {
            return -1;
        }
        // 4. one statement: take the positions, insert every event, move the streams on, notify
        int n = ordinal;
        String[] streams = new String[n];
        Long[] versions = new Long[n];
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] revisions = new Integer[n];
        byte[][] data = new byte[n][];
        String[] correlation = new String[n];
        String[] causation = new String[n];
        String[] headers = new String[n];
        int i = 0;
        for (Pending p : writes) {
            for (int k = 0; k < p.events.size(); k++, i++) {
                EventData e = p.events.get(k);
                streams[i] = p.stream.value();
                versions[i] = p.firstVersion + k;
                ids[i] = e.eventId();
                types[i] = e.type();
                revisions[i] = e.revision();
                data[i] = e.data();
                correlation[i] = e.metadata().correlationId();
                causation[i] = e.metadata().causationId();
                headers[i] = HeadersJson.of(e.metadata().headers());
            }
        }
        String[] streamNames = new String[lastOrdinal.size()];
        Long[] nextVersions = new Long[lastOrdinal.size()];
        Long[] lastOrdinals = new Long[lastOrdinal.size()];
        int j = 0;
        for (Map.Entry<StreamName, Integer> e : lastOrdinal.entrySet()) {
            streamNames[j] = e.getKey().value();
            nextVersions[j] = rows.get(e.getKey()).nextVersion();
            lastOrdinals[j] = (long) e.getValue();
            j++;
        }
        long lastPosition;
        try (PreparedStatement ps = c.prepareStatement(sql.write)) {
            int q = 1;
            ps.setLong(q++, n);
            ps.setLong(q++, n);
            ps.setObject(q++, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setArray(q++, c.createArrayOf("text", streams));
            ps.setArray(q++, c.createArrayOf("int8", versions));
            ps.setArray(q++, c.createArrayOf("uuid", ids));
            ps.setArray(q++, c.createArrayOf("text", types));
            ps.setArray(q++, c.createArrayOf("int4", revisions));
            ps.setArray(q++, c.createArrayOf("bytea", data));
            ps.setArray(q++, c.createArrayOf("text", correlation));
            ps.setArray(q++, c.createArrayOf("text", causation));
            ps.setArray(q++, c.createArrayOf("text", headers));
            ps.setLong(q++, n);
            ps.setArray(q++, c.createArrayOf("text", streamNames));
            ps.setArray(q++, c.createArrayOf("int8", nextVersions));
            ps.setArray(q, c.createArrayOf("int8", lastOrdinals));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                lastPosition = rs.getLong(1);
            }
        }
        for (Pending p : writes) {
            long last = lastPosition - n + p.lastOrdinal;
            p.result = new AppendResult(p.stream, p.firstVersion + p.events.size() - 1, last);
            p.written = true;
            p.toPublish = describe ? new EventStoreEvent.Appended(p.stream, p.firstVersion,
                    p.result.nextExpectedVersion(), last - p.events.size() + 1, last) : null;
        }
        return lastPosition;
    }
}
