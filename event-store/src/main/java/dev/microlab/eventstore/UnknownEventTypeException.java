package dev.microlab.eventstore;

/**
 * A stored event could not be turned into a Java object: its type alias is not registered,
 * or no upcaster brings its revision to the registered one. The event itself is untouched;
 * register the type (or an upcaster) and read again.
 *
 * <pre>{@code
 * try {
 *     Object event = serializer.deserialize(recorded);
 * } catch (UnknownEventTypeException e) {
 *     // register e.type() (or an upcaster from e.revision()) and read again
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class UnknownEventTypeException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final int revision;

    /** Describes the unreadable event. */
    public UnknownEventTypeException(String type, int revision, String detail) {
        super("cannot read event type '" + type + "' revision " + revision + ": " + detail);
        this.type = type;
        this.revision = revision;
    }

    /** The stored type alias (after upcasting). */
    public String type() {
        return type;
    }

    /** The stored revision (after upcasting). */
    public int revision() {
        return revision;
    }
}
