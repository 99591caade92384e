package dev.microlab.exercises.grading;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a grading run, rendered for a person ({@link #text()}) and for an autograder
 * ({@link #resultsJson(List)}: Exercism's results.json, version 3).
 */
public final class GradingReport {

    private final Map<LearningPath, List<GradedCheck>> byExercise = new EnumMap<>(LearningPath.class);
    private final Map<LearningPath, String> compileErrors = new EnumMap<>(LearningPath.class);
    private final boolean spanish;

    public GradingReport(List<GradedCheck> checks) {
        this(checks, Map.of());
    }

    /**
     * @param checks        the checks that ran
     * @param compileErrors per exercise whose code did not compile (so none of its checks ran), the
     *                      compiler's messages about its files
     */
    public GradingReport(List<GradedCheck> checks, Map<LearningPath, String> compileErrors) {
        this(checks, compileErrors, false);
    }

    private GradingReport(List<GradedCheck> checks, Map<LearningPath, String> compileErrors, boolean spanish) {
        this.spanish = spanish;
        Objects.requireNonNull(checks, "checks must not be null");
        this.compileErrors.putAll(Objects.requireNonNull(compileErrors, "compileErrors must not be null"));
        for (GradedCheck check : checks) {
            byExercise.computeIfAbsent(check.exercise(), e -> new ArrayList<>()).add(check);
        }
        // The order they are written in: easy checks first. Classes of one exercise by name.
        byExercise.values().forEach(list -> list.sort(Comparator.comparing(GradedCheck::testClass)
                .thenComparingInt(GradedCheck::sourceLine)));
    }

    /** This report in Spanish: its own words, and every check's "why" from {@link Spanish}'s catalog. */
    public GradingReport inSpanish() {
        Spanish es = Spanish.instance();
        List<GradedCheck> translated = allChecks().stream().map(c -> c.explanation().isEmpty() ? c
                : new GradedCheck(c.exercise(), c.name(), c.outcome(),
                        Optional.of(new FailureExplanation(c.outcome(), c.explanationLines().stream().map(es::line).toList())),
                        c.testClass(), c.sourceLine(), c.testCode(), c.output(), c.taskId())).toList();
        return new GradingReport(translated, compileErrors, true);
    }

    private String word(String english, String spanishWord) {
        return spanish ? spanishWord : english;
    }

    /** The exercises that had at least one check in this run or did not compile, in learning-path order. */
    public List<LearningPath> exercises() {
        java.util.Set<LearningPath> all = java.util.EnumSet.noneOf(LearningPath.class);
        all.addAll(byExercise.keySet());
        all.addAll(compileErrors.keySet());
        return List.copyOf(all);
    }

    /** The checks of {@code exercise}, in the order they are written in the test sources. */
    public List<GradedCheck> checks(LearningPath exercise) {
        return List.copyOf(byExercise.getOrDefault(exercise, List.of()));
    }

    public List<GradedCheck> allChecks() {
        List<GradedCheck> all = new ArrayList<>();
        byExercise.values().forEach(all::addAll);
        return all;
    }

    /** "circuit-breaker: 7/9 checks", or "circuit-breaker: does not compile" */
    public String scoreLine(LearningPath exercise) {
        if (compileErrors.containsKey(exercise)) {
            return exercise.slug() + word(": does not compile", ": no compila");
        }
        List<GradedCheck> checks = checks(exercise);
        long passed = checks.stream().filter(GradedCheck::passed).count();
        return exercise.slug() + ": " + passed + "/" + checks.size() + word(" checks", " comprobaciones");
    }

    /** Whether every check of the run passed (and there was at least one). */
    public boolean allPassed() {
        List<GradedCheck> all = allChecks();
        return compileErrors.isEmpty() && !all.isEmpty() && all.stream().allMatch(GradedCheck::passed);
    }

    /** The readable report: each check ✔/✘ with what went wrong, then a score line per exercise. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (LearningPath exercise : exercises()) {
            out.append(word("Exercise ", "Ejercicio ")).append(exercise.number()).append(" · ").append(exercise.title())
                    .append("  (").append(exercise.slug()).append(")\n");
            String compileError = compileErrors.get(exercise);
            if (compileError != null) {
                out.append(word("  ✘ your code does not compile, so none of its checks ran:\n",
                        "  ✘ tu código no compila, así que no se ejecutó ninguna de sus comprobaciones:\n"));
                compileError.strip().lines().forEach(line -> out.append("      ").append(line).append('\n'));
            }
            for (GradedCheck check : checks(exercise)) {
                out.append("  ").append(check.passed() ? "✔ " : "✘ ").append(check.name()).append('\n');
                for (String line : check.explanationLines()) {
                    out.append("      ").append(line).append('\n');
                }
                if (!check.passed() && check.output().isPresent()) {
                    out.append(word("      your code printed:\n", "      tu código imprimió:\n"));
                    check.output().get().stripTrailing().lines()
                            .forEach(line -> out.append("        | ").append(line).append('\n'));
                }
            }
            out.append('\n');
        }
        for (LearningPath exercise : exercises()) {
            out.append(scoreLine(exercise)).append('\n');
        }
        if (exercises().isEmpty()) {
            out.append(word("no graded checks ran\n", "no se ejecutó ninguna comprobación\n"));
        }
        return out.toString();
    }

    /**
     * results.json (v3) for every exercise of this run; "error", naming them, when some did not
     * compile (the checks of the others are still listed).
     */
    public String resultsJson() {
        String message = null;
        if (!compileErrors.isEmpty()) {
            StringBuilder text = new StringBuilder();
            compileErrors.forEach((exercise, error) -> text.append(text.length() == 0 ? "" : "\n")
                    .append(exercise.slug()).append(" does not compile:\n").append(error.strip()));
            message = text.toString();
        }
        return resultsJson(allChecks(), message);
    }

    /** results.json (v3) for one exercise: "error" with the compiler's messages when it did not compile. */
    public String resultsJson(LearningPath exercise) {
        return resultsJson(checks(exercise), compileErrors.get(exercise));
    }

    private static String resultsJson(List<GradedCheck> checks, String compileError) {
        boolean pass = !checks.isEmpty() && checks.stream().allMatch(GradedCheck::passed);
        String status = compileError != null ? "error" : pass ? "pass" : "fail";
        StringBuilder out = new StringBuilder();
        out.append("{\n  \"version\": 3,\n  \"status\": ").append(Json.string(status))
                .append(",\n  \"message\": ").append(Json.string(compileError == null ? null : compileError.strip()))
                .append(",\n  \"tests\": [");
        for (int i = 0; i < checks.size(); i++) {
            GradedCheck check = checks.get(i);
            out.append(i == 0 ? "\n" : ",\n");
            out.append("    {\n");
            out.append("      \"name\": ").append(Json.string(check.exercise().title() + " › " + check.name())).append(",\n");
            out.append("      \"status\": ").append(Json.string(check.outcome().json())).append(",\n");
            out.append("      \"message\": ")
                    .append(Json.string(check.explanation().map(FailureExplanation::message).orElse(null))).append(",\n");
            out.append("      \"test_code\": ").append(Json.string(check.testCode().orElse(null)));
            check.output().ifPresent(o -> out.append(",\n      \"output\": ").append(Json.string(o)));
            // Exercism: task_id only for instructions with numbered tasks (a @Tag("task:N"); exercise 3 has two).
            check.taskId().ifPresent(task -> out.append(",\n      \"task_id\": ").append(task));
            out.append('\n');
            out.append("    }");
        }
        out.append(checks.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return out.toString();
    }
}
