package dev.microlab.eventstore;

/** Which way a stream read walks: towards newer events, or towards older ones.
 *
 * <pre>{@code
 * List<RecordedEvent> lastThree = store.readStream(stream, ReadDirection.BACKWARD, EventStore.END, 3);
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public enum ReadDirection {
    /** From older to newer (increasing versions). */
    FORWARD,
    /** From newer to older (decreasing versions). */
    BACKWARD
}
