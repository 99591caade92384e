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
 * @param testCode    its body (the code between its braces), when found
 * @param output      what it printed to System.out (the student's code did), when anything, cut to
 *                    {@value #MAX_OUTPUT} characters
 * @param taskId      the numbered task of the instructions it checks, from a {@code @Tag("task:N")}
 *                    (Exercism's convention), when the instructions have numbered tasks
 */
public record GradedCheck(LearningPath exercise, String name, Outcome outcome,
                          Optional<FailureExplanation> explanation, String testClass, int sourceLine,
                          Optional<String> testCode, Optional<String> output, Optional<Integer> taskId) {

    /** Exercism shows at most 500 characters of a test's output. */
    public static final int MAX_OUTPUT = 500;

    public GradedCheck {
        Objects.requireNonNull(exercise, "exercise must not be null");
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(outcome, "outcome must not be null");
        Objects.requireNonNull(explanation, "explanation must not be null");
        Objects.requireNonNull(testClass, "testClass must not be null");
        Objects.requireNonNull(testCode, "testCode must not be null");
        Objects.requireNonNull(output, "output must not be null");
        Objects.requireNonNull(taskId, "taskId must not be null");
        output = output.filter(o -> !o.isBlank())
                .map(o -> o.length() <= MAX_OUTPUT ? o : o.substring(0, MAX_OUTPUT - 1) + "…");
    }

    /** This check with what it printed. */
    GradedCheck withOutput(Optional<String> printed) {
        return new GradedCheck(exercise, name, outcome, explanation, testClass, sourceLine, testCode, printed, taskId);
    }

    /** This check as part of numbered task {@code task} of the instructions. */
    GradedCheck withTaskId(Optional<Integer> task) {
        return new GradedCheck(exercise, name, outcome, explanation, testClass, sourceLine, testCode, output, task);
    }

    static GradedCheck passed(LearningPath exercise, String name, String testClass, int sourceLine,
                              Optional<String> testCode) {
        return new GradedCheck(exercise, name, Outcome.PASS, Optional.empty(), testClass, sourceLine, testCode,
                Optional.empty(), Optional.empty());
    }

    static GradedCheck notPassed(LearningPath exercise, String name, FailureExplanation why, String testClass,
                                 int sourceLine, Optional<String> testCode) {
        return new GradedCheck(exercise, name, why.outcome(), Optional.of(why), testClass, sourceLine, testCode,
                Optional.empty(), Optional.empty());
    }

    public boolean passed() {
        return outcome == Outcome.PASS;
    }

    /** The explanation's lines, or none for a passed check. */
    public List<String> explanationLines() {
        return explanation.map(FailureExplanation::lines).orElse(List.of());
    }
}
