package dev.microlab.messaging.internal;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** RabbitMQ's limits on names and routing keys ("short strings": at most 255 bytes of UTF-8). */
public final class Names {

    /** The longest AMQP short string, in bytes of UTF-8. */
    public static final int MAX_BYTES = 255;

    private Names() {
    }

    /**
     * Checks the name of an exchange or queue that a client may declare: 1 to 255 bytes of
     * UTF-8, not starting with {@code amq.}.
     *
     * @param kind "exchange" or "queue", for the message
     */
    public static String checkDeclarable(String kind, String name) {
        Objects.requireNonNull(name, kind + " name must not be null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException(kind + " name must not be empty (server-named " + kind
                    + "s are not supported; choose a name)");
        }
        checkLength(kind + " name", name);
        if (name.startsWith("amq.")) {
            throw new IllegalArgumentException(kind + " name '" + name + "' starts with 'amq.', which RabbitMQ reserves"
                    + " for its own " + kind + "s; choose another name");
        }
        return name;
    }

    /** Checks a short string (a routing key, a name): at most 255 bytes of UTF-8. */
    public static String checkLength(String field, String value) {
        Objects.requireNonNull(value, field + " must not be null");
        if (value.length() > MAX_BYTES / 3) { // only long strings can exceed 255 bytes
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BYTES) {
                throw new IllegalArgumentException(field + " must be at most " + MAX_BYTES + " bytes of UTF-8, but '"
                        + value.substring(0, Math.min(40, value.length())) + "...' has " + bytes + " bytes");
            }
        }
        return value;
    }
}
