package dev.microlab.core.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a service finds its secrets — a JWT signing key, a database password, broker
 * credentials — so that none of them is written in a config file or a log line.
 *
 * <p>A secret named {@code db.password} is looked up, in order:
 * <ol>
 *   <li>in the file named by the environment variable {@code DB_PASSWORD_FILE} (the
 *       convention of Docker and Kubernetes secrets mounted as files; one trailing newline is
 *       dropped);</li>
 *   <li>in the environment variable {@code DB_PASSWORD}.</li>
 * </ol>
 * A missing secret is an error that names the secret and where it was looked for — never a
 * value. {@link #toString()} lists names only.
 *
 * <pre>{@code
 * Secrets secrets = Secrets.fromEnvironment();
 * char[] jwtKey = secrets.require("gateway.jwt.secret").toCharArray();   // GATEWAY_JWT_SECRET(_FILE)
 * Optional<String> password = secrets.find("db.password");
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class Secrets {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*([._-][a-z0-9]+)*");

    private final Map<String, String> environment;

    private Secrets(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Secrets from this process's environment (and the files it names). */
    public static Secrets fromEnvironment() {
        return new Secrets(System.getenv());
    }

    /** Secrets from {@code environment} (and the files it names): for tests and for embedders with their own. */
    public static Secrets from(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment must not be null");
        return new Secrets(environment);
    }

    /**
     * The environment variable that holds the secret {@code name}: upper case, with {@code .}
     * and {@code -} as {@code _} ({@code db.password} → {@code DB_PASSWORD}).
     *
     * @throws IllegalArgumentException if {@code name} is not lower-case words joined by {@code . _ -}
     */
    public static String variableOf(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("secret name must be lower-case words joined by '.', '_' or '-'"
                    + " (e.g. db.password), but was '" + name + "'");
        }
        return name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The secret {@code name}, or empty when neither its file variable nor its variable is set.
     *
     * @throws SecretException if the file variable names a file that cannot be read, or the
     *     secret is set but empty (the message names the secret and the file, never a value)
     */
    public Optional<String> find(String name) {
        String variable = variableOf(name);
        String file = environment.get(variable + "_FILE");
        if (file != null && !file.isBlank()) {
            String value;
            try {
                value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                throw new SecretException("secret '" + name + "': cannot read the file " + file + " named by "
                        + variable + "_FILE (" + e.getClass().getSimpleName() + ")");
            }
            return Optional.of(nonEmpty(name, variable + "_FILE (" + file + ")", stripOneNewline(value)));
        }
        String value = environment.get(variable);
        return value == null ? Optional.empty() : Optional.of(nonEmpty(name, variable, value));
    }

    /**
     * The secret {@code name}.
     *
     * @throws SecretException if it is not set (the message says which variables were looked at)
     */
    public String require(String name) {
        String variable = variableOf(name);
        return find(name).orElseThrow(() -> new SecretException("secret '" + name + "' is not set: set "
                + variable + ", or " + variable + "_FILE to the path of a file that holds it"));
    }

    private static String nonEmpty(String name, String where, String value) {
        if (value.isEmpty()) {
            throw new SecretException("secret '" + name + "' is empty in " + where);
        }
        return value;
    }

    private static String stripOneNewline(String value) {
        if (value.endsWith("\r\n")) {
            return value.substring(0, value.length() - 2);
        }
        return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    }

    /** Names only: a secret's value never appears in a string made from this object. */
    @Override
    public String toString() {
        return "Secrets[from " + environment.size() + " environment variables]";
    }

    /** A secret is missing, empty or unreadable; the message names it, never its value. */
    public static final class SecretException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SecretException(String message) {
            super(message);
        }
    }
}
