package dev.microlab.eventstore;

/**
 * The base of every failure specific to the event store (conflicts, deleted streams,
 * corruption, locked directories). Bad arguments are reported with the standard
 * {@link IllegalArgumentException} and {@link NullPointerException} instead.
 *
 * <pre>{@code
 * try {
 *     store.append(stream, expected, events);
 * } catch (WrongExpectedVersionException e) {
 *     // reload and retry
 * } catch (EventStoreException e) {
 *     // closed, deleted, corrupted, cannot write
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public class EventStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message. */
    public EventStoreException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
