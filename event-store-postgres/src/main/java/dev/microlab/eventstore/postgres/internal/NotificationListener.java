package dev.microlab.eventstore.postgres.internal;

import dev.microlab.eventstore.AppendSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread per store that LISTENs on the store's channel with its own connection and
 * feeds the positions other nodes announce into the {@link AppendSignal}. If the connection
 * breaks it reconnects; waiters do not depend on it for correctness (a timed-out wait asks the
 * database), only for latency.
 */
public final class NotificationListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    private static final int POLL_MILLIS = 500;
    private static final long RECONNECT_MILLIS = 1000;

    private final Connections connections;
    private final String channel;
    private final AppendSignal signal;
    private final Thread thread;
    private final Object sleeper = new Object();
    private volatile boolean closed;

    public NotificationListener(Connections connections, String channel, AppendSignal signal) {
        this.connections = connections;
        this.channel = channel;
        this.signal = signal;
        this.thread = new Thread(this::run, "microlab-pg-listen-" + channel);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        while (!closed) {
            try (Connection c = connections.open(); Statement st = c.createStatement()) {
                st.execute("LISTEN " + channel);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notes = pg.getNotifications(POLL_MILLIS);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            signal.advanced(parse(n.getParameter()));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("LISTEN {} failed ({}); live readers fall back to polling until it reconnects", channel,
                        e.getMessage());
                synchronized (sleeper) {
                    try {
                        sleeper.wait(RECONNECT_MILLIS);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private static long parse(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        try {
            thread.join(POLL_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
