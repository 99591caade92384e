package dev.microlab.saga;

/**
 * What a {@link SagaOrchestrator} reports, for logs, metrics and the catalog. Each event is
 * published after the matching entry is in the saga log.
 *
 * <pre>{@code
 * orchestrator.eventPublisher().subscribe(e -> {
 *     if (e instanceof SagaEvent.SagaEnded end) metrics.count(end.state());
 * });
 * }</pre>
 *
 * <p><b>A linear history.</b> Every event carries a {@link #sequence()} number, increasing per
 * orchestrator with no gaps while a listener is subscribed. Steps of different sagas run on
 * different threads, so a listener can be called out of order; one that needs the history in
 * order holds an event back until the one numbered before it has arrived (a small priority queue
 * keyed by the sequence).
 *
 * <p>Events are immutable and threadsafe.
 */
public sealed interface SagaEvent {

    /** The saga instance the event is about. */
    String sagaId();

    /**
     * This event's number among the events of its orchestrator: 1, 2, 3 ... in the order the
     * changes they report were made (for one saga, the order of its log). Listeners may be
     * called from several threads at once and so see events out of order; sorting by this
     * number restores the orchestrator's history.
     */
    long sequence();

    /** A saga was started. */
    record SagaStarted(String sagaId, String sagaType, long sequence) implements SagaEvent {
    }

    /** An attempt of a step's action is about to run. */
    record StepStarted(String sagaId, String step, int attempt, long sequence) implements SagaEvent {
    }

    /** A step's action succeeded. */
    record StepSucceeded(String sagaId, String step, int attempt, long sequence) implements SagaEvent {
    }

    /** An attempt of a step's action failed; {@code willRetry} says whether another follows. */
    record StepFailed(String sagaId, String step, int attempt, String error, boolean willRetry, long sequence) implements SagaEvent {
    }

    /** An attempt of a compensation is about to run. */
    record CompensationStarted(String sagaId, String step, int attempt, long sequence) implements SagaEvent {
    }

    /** A compensation succeeded. */
    record CompensationSucceeded(String sagaId, String step, int attempt, long sequence) implements SagaEvent {
    }

    /** An attempt of a compensation failed; {@code willRetry} says whether another follows. */
    record CompensationFailed(String sagaId, String step, int attempt, String error, boolean willRetry, long sequence) implements SagaEvent {
    }

    /** An operator cancelled the saga before its pivot; it compensates the steps that began. */
    record SagaCancelled(String sagaId, String reason, long sequence) implements SagaEvent {
    }

    /** An operator reopened a FAILED saga: its failed compensations run again. */
    record CompensationRetried(String sagaId, String reason, long sequence) implements SagaEvent {
    }

    /** An operator marked a FAILED saga resolved by hand. */
    record SagaResolved(String sagaId, String reason, long sequence) implements SagaEvent {
    }

    /** The saga reached its terminal state. */
    record SagaEnded(String sagaId, SagaState state, long sequence) implements SagaEvent {
    }

    /** Recovery found the saga unfinished in the log and resumed it. */
    record SagaResumed(String sagaId, SagaState state, long sequence) implements SagaEvent {
    }

    /**
     * The saga log could not be written (store failure, or another orchestrator wrote the same
     * saga); this instance stopped before its next side effect. Recovery resumes it.
     */
    record SagaStalled(String sagaId, String error, long sequence) implements SagaEvent {
    }
}
