package dev.microlab.core.bulkhead;

/**
 * What a {@link Bulkhead} did with a call, published through {@link Bulkhead#eventPublisher()}.
 *
 * <pre>{@code
 * bulkhead.eventPublisher().subscribe(event -> {
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

    /**
     * The limit was changed at run time ({@link Bulkhead#changeConfig}): the bulkhead's state
     * changed. Listeners may receive racing changes out of order; {@code sequence} numbers the
     * changes of this bulkhead 1, 2, 3, … in the order they took effect, so sorting by it gives
     * the linear history, and the highest one received is the limit in effect.
     *
     * @param sequence this bulkhead's change number, strictly increasing from 1
     * @param oldMaxConcurrentCalls the limit before the change
     * @param newMaxConcurrentCalls the limit after it
     * @param maxWait the {@code maxWait} after it
     */
    record LimitChanged(String bulkheadName, long sequence, int oldMaxConcurrentCalls, int newMaxConcurrentCalls,
                        java.time.Duration maxWait) implements BulkheadEvent {
    }
}
