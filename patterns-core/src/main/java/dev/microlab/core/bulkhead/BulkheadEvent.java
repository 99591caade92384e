package dev.microlab.core.bulkhead;

/**
 * What a {@link Bulkhead} did with a call, published through {@link Bulkhead#events()}.
 *
 * <pre>{@code
 * bulkhead.events().subscribe(event -> {
 *     if (event instanceof BulkheadEvent.CallRejected rejected) {
 *         log.warn("call rejected by {}", rejected.bulkheadName());
 *     }
 * });
 * }</pre>
 *
 * <p>This class is threadsafe (immutable records).
 */
public sealed interface BulkheadEvent {

    /** The bulkhead that published the event. */
    String bulkheadName();

    /** A call got a permit. */
    record CallPermitted(String bulkheadName) implements BulkheadEvent {
    }

    /** A call found no permit (within {@code maxWait}) and did not run. */
    record CallRejected(String bulkheadName) implements BulkheadEvent {
    }

    /** A call gave its permit back. */
    record CallFinished(String bulkheadName) implements BulkheadEvent {
    }
}
