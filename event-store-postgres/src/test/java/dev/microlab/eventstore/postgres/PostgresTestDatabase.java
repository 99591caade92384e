package dev.microlab.eventstore.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real PostgreSQL the tests run against: found through {@code MICROLAB_POSTGRES_URL}
 * (default {@value #DEFAULT_URL}, user {@code MICROLAB_POSTGRES_USER}, default postgres). Each test
 * class gets its own schema, dropped afterwards. Without a reachable server the class is skipped
 * with a message saying how to start one, except under {@code CI=true}, where that fails.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresTestDatabase db = new PostgresTestDatabase();
 * }</pre>
 */
final class PostgresTestDatabase implements BeforeAllCallback, AfterAllCallback {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String URL = env("MICROLAB_POSTGRES_URL", DEFAULT_URL);
    public static final String USER = env("MICROLAB_POSTGRES_USER", "postgres");
    public static final String PASSWORD = System.getenv("MICROLAB_POSTGRES_PASSWORD");

    static final String HOW_TO_START = "start one with: pg_ctlcluster --skip-systemctl-redirect"
            + " $(ls /etc/postgresql) main start   (or point MICROLAB_POSTGRES_URL at a server)";

    private static volatile String unreachable;
    private static volatile boolean probed;

    private String schema;
    private int depth;

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (depth++ > 0) {
            return;
        }
        String problem = probe();
        if (problem != null) {
            depth = 0;
            String message = "PostgreSQL is not reachable at " + URL + " (" + problem + "); " + HOW_TO_START;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true requires PostgreSQL: " + message);
            }
            Assumptions.abort("skipped: " + message);
        }
        String name = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "");
        schema = "t_" + name.substring(0, Math.min(name.length(), 36)) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws SQLException {
        if (depth == 0 || --depth > 0) {
            return;
        }
        drop();
    }

    private static synchronized String probe() {
        if (!probed) {
            try {
                connect(2).close();
                unreachable = null;
            } catch (SQLException e) {
                unreachable = e.getMessage();
            }
            probed = true;
        }
        return unreachable;
    }

    /** A plain connection to the test database (outside any store). */
    public static Connection connect() throws SQLException {
        return connect(5);
    }

    private static Connection connect(int timeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        if (PASSWORD != null) {
            p.setProperty("password", PASSWORD);
        }
        p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        return DriverManager.getConnection(URL, p);
    }

    /** This class's schema. */
    public synchronized String schema() {
        return schema;
    }

    /** Drops this class's schema (the next store opened on it starts empty). */
    public synchronized void drop() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A store builder for this class's schema. */
    public PostgresEventStore.Builder builder() {
        PostgresEventStore.Builder b = PostgresEventStore.builder(URL).user(USER).schema(schema());
        return PASSWORD == null ? b : b.password(PASSWORD);
    }
}
