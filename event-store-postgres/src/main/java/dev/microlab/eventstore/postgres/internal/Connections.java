package dev.microlab.eventstore.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.microlab.eventstore.EventStoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * How the store reaches PostgreSQL: the pool for appends and reads, a dedicated connection for
 * LISTEN, connect timeouts, and error messages that name the URL without its password.
 */
public final class Connections {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&]password=)[^&]*");

    private final String url;
    private final String user;
    private final String password;
    private final Duration connectTimeout;
    private final boolean synchronousCommit;

    public Connections(String url, String user, String password, Duration connectTimeout, boolean synchronousCommit) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.connectTimeout = connectTimeout;
        this.synchronousCommit = synchronousCommit;
    }

    /** The URL with any password parameter masked: safe for messages and logs. */
    public static String redact(String url) {
        return PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    }

    /** The redacted URL plus the user, for messages. */
    public String describe() {
        return redact(url) + (user == null ? "" : " (user " + user + ")");
    }

    private Properties properties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        // pgjdbc takes seconds; round up so that a sub-second timeout still times out.
        String seconds = Long.toString(Math.max(1, (connectTimeout.toMillis() + 999) / 1000));
        p.setProperty("connectTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "microlab-event-store");
        if (!synchronousCommit) {
            p.setProperty("options", "-c synchronous_commit=off");
        }
        return p;
    }

    /**
     * A pool of up to {@code maxPoolSize} connections, checked by one connection at start.
     *
     * @throws EventStoreException naming the URL (no password) if the database cannot be reached
     *         within the connect timeout
     */
    public HikariDataSource pool(int maxPoolSize, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setDataSourceProperties(properties());
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setPoolName(poolName);
        long millis = Math.max(250, connectTimeout.toMillis());
        config.setConnectionTimeout(millis);
        config.setInitializationFailTimeout(millis);
        config.setValidationTimeout(Math.max(250, Math.min(millis, 5000)));
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw unreachable(rootCause(e));
        }
    }

    /** A connection outside the pool (the LISTEN connection). */
    public Connection open() throws SQLException {
        return DriverManager.getConnection(url, properties());
    }

    /** The error for a database that cannot be reached. */
    public EventStoreException unreachable(Throwable cause) {
        return new EventStoreException("cannot connect to PostgreSQL at " + describe() + " within "
                + connectTimeout.toMillis() + " ms: " + cause.getMessage()
                + " (is the server running and the URL right?)", cause);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t instanceof SQLException || t.getMessage() != null ? t : e;
    }
}
