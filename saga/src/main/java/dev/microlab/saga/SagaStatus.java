package dev.microlab.saga;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the saga log says about one saga instance: its state, the steps that succeeded and
 * were compensated, and why it failed, if it did. Returned by the orchestrator's query API.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param sagaId             the instance
 * @param sagaType           the definition's name
 * @param state              the current state
 * @param completedSteps     the steps whose action succeeded, in order
 * @param compensatedSteps   the steps whose compensation succeeded, in the order they ran
 * @param failedStep         the step whose failure started the compensation, if any
 * @param failure            the last error recorded (of a step or a compensation), if any
 * @param logVersion         the version of the last event in the saga's stream
 */
public record SagaStatus(String sagaId, String sagaType, SagaState state, List<String> completedSteps,
        List<String> compensatedSteps, Optional<String> failedStep, Optional<String> failure, long logVersion) {

    /** Validates and copies. */
    public SagaStatus {
        Objects.requireNonNull(sagaId, "sagaId must not be null");
        Objects.requireNonNull(sagaType, "sagaType must not be null");
        Objects.requireNonNull(state, "state must not be null");
        completedSteps = List.copyOf(completedSteps);
        compensatedSteps = List.copyOf(compensatedSteps);
        Objects.requireNonNull(failedStep, "failedStep must not be null");
        Objects.requireNonNull(failure, "failure must not be null");
    }
}
