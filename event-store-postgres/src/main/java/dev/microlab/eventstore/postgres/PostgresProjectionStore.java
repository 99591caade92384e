package dev.microlab.eventstore.postgres;

import dev.microlab.eventstore.CheckpointStore;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.RecordedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read model in PostgreSQL tables whose projection commits the model's rows and its checkpoint
 * in one transaction: after a crash, a restart resumes exactly where the model is, so no event is
 * applied twice and none is lost. The exact-once guarantee that a separate checkpoint store
 * cannot give.
 *
 * <p>Each {@link #catchUp} step is one transaction: it locks the projection's checkpoint row (so
 * that two nodes running the same projection take turns instead of applying events twice),
 * applies the next events with the {@link ProjectionWriter}, moves the checkpoint and commits. A
 * writer that throws rolls the whole step back: the model and the checkpoint stay at the last
 * good event, and the exception names the event.
 *
 * <pre>{@code
 * PostgresProjectionStore projections = new PostgresProjectionStore(store);
 * projections.drain("order-counts", counts);               // catch up now
 * try (var live = projections.start("order-counts", counts, Duration.ofSeconds(1))) { ... }
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class PostgresProjectionStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresProjectionStore.class);

    private final PostgresEventStore store;
    private final PostgresCheckpointStore checkpoints;
    private final DataSource dataSource;
    private final int batchSize;

    /** Projections over {@code store}, applying up to 256 events per transaction. */
    public PostgresProjectionStore(PostgresEventStore store) {
        this(store, 256);
    }

    /**
     * Projections over {@code store}, applying up to {@code batchSize} events per transaction.
     *
     * @throws IllegalArgumentException if {@code batchSize} is not in [1, 100000]
     */
    public PostgresProjectionStore(PostgresEventStore store, int batchSize) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batchSize must be in [1, 100000], but was " + batchSize);
        }
        this.checkpoints = new PostgresCheckpointStore(store);
        this.dataSource = store.dataSource();
        this.batchSize = batchSize;
    }

    /** The position of the last event applied to {@code projection}'s model ({@link EventStore#START}: none). */
    public long checkpoint(String projection) {
        return checkpoints.load(projection).orElse(EventStore.START);
    }

    /**
     * Applies the next events (up to the batch size) after the checkpoint, in one transaction with
     * the checkpoint's move.
     *
     * @return how many events were applied (0: the model is up to date)
     * @throws EventStoreException if the writer or the database fails; nothing of the step is kept
     */
    public int catchUp(String projection, ProjectionWriter writer) {
        CheckpointStore.validateName(projection);
        Objects.requireNonNull(writer, "writer must not be null");
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            try {
                long after = lockCheckpoint(tx, projection);
                List<RecordedEvent> batch = store.readAll(after, batchSize);
                for (RecordedEvent e : batch) {
                    try {
                        writer.apply(tx, e);
                    } catch (SQLException | RuntimeException failure) {
                        tx.rollback();
                        throw new EventStoreException("projection '" + projection + "' failed on the event at"
                                + " position " + e.position() + " (" + e.type() + " in " + e.stream() + "); its model"
                                + " and checkpoint stay at position " + after + ": " + failure.getMessage(), failure);
                    }
                }
                if (!batch.isEmpty()) {
                    checkpoints.save(tx, projection, batch.get(batch.size() - 1).position());
                }
                tx.commit();
                return batch.size();
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                throw e;
            } finally {
                tx.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new EventStoreException("projection '" + projection + "' could not commit: " + e.getMessage(), e);
        }
    }

    private long lockCheckpoint(Connection tx, String projection) throws SQLException {
        try (var ps = tx.prepareStatement("INSERT INTO " + store.schema() + ".checkpoints (name, position)"
                + " VALUES (?, 0) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, projection);
            ps.executeUpdate();
        }
        OptionalLong at = PostgresCheckpointStore.load(tx, store.schema(), projection, true);
        return at.orElse(EventStore.START);
    }

    /**
     * Repeats {@link #catchUp} until the model is up to date.
     *
     * @return the checkpoint afterwards
     */
    public long drain(String projection, ProjectionWriter writer) {
        while (catchUp(projection, writer) > 0) {
            // next batch
        }
        return checkpoint(projection);
    }

    /**
     * Keeps {@code projection} up to date on a daemon thread: catches up, then waits for new events
     * (woken by NOTIFY, or after {@code idleWait}). A failing step is logged and retried after
     * {@code idleWait}: the model never moves past a failing event.
     */
    public Running start(String projection, ProjectionWriter writer, Duration idleWait) {
        CheckpointStore.validateName(projection);
        Objects.requireNonNull(writer, "writer must not be null");
        Objects.requireNonNull(idleWait, "idleWait must not be null");
        Running running = new Running(projection, writer, idleWait);
        running.thread.start();
        return running;
    }

    /** A projection kept up to date by {@link #start}; close it to stop. */
    public final class Running implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stopped;

        private Running(String projection, ProjectionWriter writer, Duration idleWait) {
            this.thread = new Thread(() -> loop(projection, writer, idleWait), "microlab-projection-" + projection);
            this.thread.setDaemon(true);
        }

        private void loop(String projection, ProjectionWriter writer, Duration idleWait) {
            while (!stopped) {
                try {
                    long at = drain(projection, writer);
                    store.awaitAppend(at, idleWait);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (stopped) {
                        return;
                    }
                    LOG.warn("projection '{}' step failed, retrying: {}", projection, e.getMessage());
                    try {
                        store.awaitAppend(Long.MAX_VALUE, idleWait);
                    } catch (InterruptedException ie) {
                        return;
                    } catch (RuntimeException closed) {
                        return;
                    }
                }
            }
        }

        /** Stops the thread after its current step (which commits or rolls back whole), and waits for it. */
        @Override
        public void close() {
            stopped = true;
            thread.interrupt();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
