package dev.microlab.cqrs;

import java.time.Duration;

/**
 * A query asked to see the effects of a write at {@code requiredPosition}, and the read model
 * had not got there when the wait ended. The write did happen; the read model is behind
 * (a slow or stopped projection). Retry later, or answer with what you have and say so.
 *
 * <pre>{@code
 * try {
 *     return queries.query(new GetOrderSummary(id), lastWrite, Duration.ofSeconds(2));
 * } catch (StaleReadModelException e) {
 *     return queries.query(new GetOrderSummary(id));   // shown with a "still updating" hint
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class StaleReadModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long requiredPosition;
    private final long reachedPosition;

    /** The read model was at {@code reachedPosition} after waiting {@code waited} for {@code requiredPosition}. */
    public StaleReadModelException(Class<?> queryType, long requiredPosition, long reachedPosition, Duration waited,
            Throwable cause) {
        super("the read model of " + queryType.getSimpleName() + " is at position " + reachedPosition
                + ", but the query needs position " + requiredPosition + "; gave up after " + waited, cause);
        this.requiredPosition = requiredPosition;
        this.reachedPosition = reachedPosition;
    }

    /** The position the query needed. */
    public long requiredPosition() {
        return requiredPosition;
    }

    /** The position the read model had reached. */
    public long reachedPosition() {
        return reachedPosition;
    }
}
