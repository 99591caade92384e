package dev.microlab.cqrs;

/**
 * A command or query was sent to a bus that has no handler registered for its type: a wiring
 * mistake, reported with the type's name.
 *
 * <pre>{@code
 * bus.dispatch(new ShipOrderCommand("42"));   // NoHandlerException: no command handler is registered for ...
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class NoHandlerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String messageType;

    /** For a message of {@code type}; {@code kind} is "command" or "query". */
    public NoHandlerException(String kind, Class<?> type) {
        super("no " + kind + " handler is registered for " + type.getName() + "; register one with "
                + "register(" + type.getSimpleName() + ".class, handler)");
        this.messageType = type.getName();
    }

    /** The name of the message's class. */
    public String messageType() {
        return messageType;
    }
}
