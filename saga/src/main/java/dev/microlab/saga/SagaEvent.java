package dev.microlab.saga;

/**
 * What a {@link SagaOrchestrator} reports, for logs, metrics and the catalog. Each event is
 * published after the matching entry is in the saga log.
 *
 * <pre>{@code
 * orchestrator.events().subscribe(e -> {
 *     if (e instanceof SagaEvent.SagaEnded end) metrics.count(end.state());
 * });
 * }</pre>
 *
 * <p>Events are immutable and threadsafe.
 */
public sealed interface SagaEvent {

    /** The saga instance the event is about. */
    String sagaId();

    /** A saga was started. */
    record SagaStarted(String sagaId, String sagaType) implements SagaEvent {
    }

    /** An attempt of a step's action is about to run. */
    record StepStarted(String sagaId, String step, int attempt) implements SagaEvent {
    }

    /** A step's action succeeded. */
    record StepSucceeded(String sagaId, String step, int attempt) implements SagaEvent {
    }

    /** An attempt of a step's action failed; {@code willRetry} says whether another follows. */
    record StepFailed(String sagaId, String step, int attempt, String error, boolean willRetry) implements SagaEvent {
    }

    /** An attempt of a compensation is about to run. */
    record CompensationStarted(String sagaId, String step, int attempt) implements SagaEvent {
    }

    /** A compensation succeeded. */
    record CompensationSucceeded(String sagaId, String step, int attempt) implements SagaEvent {
    }

    /** An attempt of a compensation failed; {@code willRetry} says whether another follows. */
    record CompensationFailed(String sagaId, String step, int attempt, String error, boolean willRetry)
            implements SagaEvent {
    }

    /** An operator cancelled the saga before its pivot; it compensates the steps that began. */
    record SagaCancelled(String sagaId, String reason) implements SagaEvent {
    }

    /** An operator reopened a FAILED saga: its failed compensations run again. */
    record CompensationRetried(String sagaId, String reason) implements SagaEvent {
    }

    /** An operator marked a FAILED saga resolved by hand. */
    record SagaResolved(String sagaId, String reason) implements SagaEvent {
    }

    /** The saga reached its terminal state. */
    record SagaEnded(String sagaId, SagaState state) implements SagaEvent {
    }

    /** Recovery found the saga unfinished in the log and resumed it. */
    record SagaResumed(String sagaId, SagaState state) implements SagaEvent {
    }

    /**
     * The saga log could not be written (store failure, or another orchestrator wrote the same
     * saga); this instance stopped before its next side effect. Recovery resumes it.
     */
    record SagaStalled(String sagaId, String error) implements SagaEvent {
    }
}
