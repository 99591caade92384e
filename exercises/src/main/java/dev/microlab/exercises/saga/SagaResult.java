package dev.microlab.exercises.saga;

import java.util.List;

/**
 * What a saga run did.
 *
 * @param status              how it ended
 * @param failedStep          the step that failed, or null if it completed
 * @param failure             that step's exception (with failed compensations' exceptions attached
 *                            as suppressed), or null if it completed
 * @param compensatedSteps    the steps compensated successfully, in the order the compensations ran
 * @param failedCompensations the steps whose compensation failed on every attempt
 */
public record SagaResult(SagaStatus status, String failedStep, Exception failure, List<String> compensatedSteps,
                         List<String> failedCompensations) {

    public SagaResult {
        compensatedSteps = List.copyOf(compensatedSteps);
        failedCompensations = List.copyOf(failedCompensations);
    }
}
