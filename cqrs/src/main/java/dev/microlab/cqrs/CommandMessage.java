package dev.microlab.cqrs;

import dev.microlab.eventstore.EventMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A command on its way through the {@link CommandBus}: the payload plus the id and the
 * correlation id that every event it causes will carry.
 *
 * <p>The command id names this request: events written for it get it as their causation id,
 * and {@link AggregateRepository} derives their event ids from it, so sending the very same
 * message again after an unknown outcome does not write the events twice. The correlation id
 * ties the command to the conversation it belongs to (an HTTP request, a saga).
 *
 * <pre>{@code
 * CommandResult r = bus.dispatch(CommandMessage.of(new ConfirmOrderCommand("42")).withCorrelationId("req-7"));
 * }</pre>
 *
 * <p>This class is threadsafe (immutable, provided the payload is).
 *
 * @param commandId     unique id of this command
 * @param payload       the command itself, usually a record
 * @param correlationId the conversation it belongs to, or null
 * @param <C>           the command type
 */
public record CommandMessage<C>(UUID commandId, C payload, String correlationId) {

    /** Validates. */
    public CommandMessage {
        Objects.requireNonNull(commandId, "commandId must not be null");
        Objects.requireNonNull(payload, "payload must not be null");
    }

    /** A message with a random id and no correlation id. */
    public static <C> CommandMessage<C> of(C payload) {
        return new CommandMessage<>(UUID.randomUUID(), payload, null);
    }

    /** A copy with this correlation id. */
    public CommandMessage<C> withCorrelationId(String id) {
        return new CommandMessage<>(commandId, payload, id);
    }

    /** The payload's class: the key the bus dispatches on. */
    public Class<?> commandType() {
        return payload.getClass();
    }

    /**
     * The metadata for the events this command causes: its correlation id (or its own id when it
     * has none) and its id as causation id.
     */
    public EventMetadata eventMetadata() {
        String id = commandId.toString();
        return new EventMetadata(correlationId == null ? id : correlationId, id, Map.of());
    }
}
