package dev.microlab.messaging;

import dev.microlab.messaging.internal.Names;
import java.util.Objects;

/**
 * An exchange to declare: its name, its {@link ExchangeType} and whether it is durable
 * (survives a broker restart).
 *
 * <pre>{@code
 * broker.declareExchange(ExchangeSpec.durable("events", ExchangeType.TOPIC));
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param name    1 to 255 bytes of UTF-8, not starting with {@code amq.} (reserved by RabbitMQ)
 * @param type    how it routes
 * @param durable whether its declaration survives a restart
 */
public record ExchangeSpec(String name, ExchangeType type, boolean durable) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the name is empty, longer than 255 bytes or reserved
     */
    public ExchangeSpec {
        Names.checkDeclarable("exchange", name);
        Objects.requireNonNull(type, "type must not be null");
    }

    /** A durable exchange. */
    public static ExchangeSpec durable(String name, ExchangeType type) {
        return new ExchangeSpec(name, type, true);
    }

    /** A transient exchange (gone after a restart). */
    public static ExchangeSpec transientExchange(String name, ExchangeType type) {
        return new ExchangeSpec(name, type, false);
    }
}
