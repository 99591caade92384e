package dev.microlab.exercises.saga;

import java.util.Objects;

/**
 * One step of a saga: a local transaction in one service ({@code action}) and the action that
 * semantically undoes it ({@code compensation}) — reserve / release, charge / refund.
 */
public record SagaStep(String name, StepAction action, StepAction compensation) {

    public SagaStep {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(action, "action must not be null");
        Objects.requireNonNull(compensation, "compensation must not be null");
    }
}
