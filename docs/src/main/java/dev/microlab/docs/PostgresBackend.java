package dev.microlab.docs;

import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.postgres.PostgresEventStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The catalog's {@code --postgres} flag: the event-store scenario on a real PostgreSQL, in schema
 * {@value #SCHEMA} (emptied before each run so the story reads the same every time). The server
 * is {@code --postgres=<jdbc url>}, else {@code MICROLAB_POSTGRES_URL}, else
 * {@value #DEFAULT_URL}; the user is {@code MICROLAB_POSTGRES_USER}, else postgres.
 *
 * <p>This class is threadsafe (stateless).
 */
final class PostgresBackend {

    static final String FLAG = "--postgres";
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String SCHEMA = "microlab_catalog";
    static final String HOW_TO_START = "Start one with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql)"
            + " main start   (or point MICROLAB_POSTGRES_URL, or --postgres=<jdbc url>, at a server)";

    private final String url;
    private final String user;

    private PostgresBackend(String url, String user) {
        this.url = url;
        this.user = user;
    }

    /** The backend a flag names ({@code --postgres} or {@code --postgres=<url>}). */
    static PostgresBackend fromFlag(String flag) {
        String given = flag.startsWith(FLAG + "=") ? flag.substring(FLAG.length() + 1) : null;
        String url = given != null ? given : env("MICROLAB_POSTGRES_URL", DEFAULT_URL);
        return new PostgresBackend(url, env("MICROLAB_POSTGRES_USER", "postgres"));
    }

    static boolean isFlag(String word) {
        return word.equals(FLAG) || word.startsWith(FLAG + "=");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Why the server cannot be used (the store's message, then how to start one), or empty if it can. */
    Optional<String> problem() {
        try {
            open(TimeSource.system()).close();
            return Optional.empty();
        } catch (EventStoreException | IllegalArgumentException e) {
            return Optional.of(e.getMessage() + "\n" + HOW_TO_START);
        }
    }

    /** Opens an empty store on the virtual clock of the scenario. */
    Function<TimeSource, EventStore> stores() {
        return this::emptyStore;
    }

    private EventStore emptyStore(TimeSource time) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            throw new EventStoreException("cannot empty schema " + SCHEMA + ": " + e.getMessage(), e);
        }
        return open(time);
    }

    private PostgresEventStore open(TimeSource time) {
        return PostgresEventStore.builder(url).user(user).schema(SCHEMA).timeSource(time)
                .connectTimeout(Duration.ofSeconds(3)).open();
    }
}
