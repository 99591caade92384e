package dev.microlab.exercises.grading;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One graded check and how it ended.
 *
 * @param exercise    the exercise it grades (from the test class's tag)
 * @param name        its learner-language name: the nested display names and the test's
 *                    {@code @DisplayName}, joined with " › "
 * @param outcome     pass, fail or error
 * @param explanation for a check that did not pass, what was expected and what happened
 * @param testClass   the top-level test class it is written in, for ordering
 * @param sourceLine  its line in that class's source, for ordering (large if unknown)
 * @param testCode    its source code, when found
 */
public record GradedCheck(LearningPath exercise, String name, Outcome outcome,
                          Optional<FailureExplanation> explanation, String testClass, int sourceLine,
                          Optional<String> testCode) {

    public GradedCheck {
        Objects.requireNonNull(exercise, "exercise must not be null");
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(outcome, "outcome must not be null");
        Objects.requireNonNull(explanation, "explanation must not be null");
        Objects.requireNonNull(testClass, "testClass must not be null");
        Objects.requireNonNull(testCode, "testCode must not be null");
    }

    static GradedCheck passed(LearningPath exercise, String name, String testClass, int sourceLine,
                              Optional<String> testCode) {
        return new GradedCheck(exercise, name, Outcome.PASS, Optional.empty(), testClass, sourceLine, testCode);
    }

    static GradedCheck notPassed(LearningPath exercise, String name, FailureExplanation why, String testClass,
                                 int sourceLine, Optional<String> testCode) {
        return new GradedCheck(exercise, name, why.outcome(), Optional.of(why), testClass, sourceLine, testCode);
    }

    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    /** The explanation's lines, or none for a passed check. */
    public List<String> explanationLines() {
        return explanation.map(FailureExplanation::lines).orElse(List.of());
    }
}
