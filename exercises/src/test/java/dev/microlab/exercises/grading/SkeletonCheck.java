package dev.microlab.exercises.grading;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The project build's proof that no graded check is vacuous: runs every graded check against
 * the untouched skeletons of the exercises module, where each of them must fail, and checks
 * that every exercise of the {@link LearningPath} has checks and bilingual instructions with
 * hints. Exits with status 1, naming each problem, otherwise.
 *
 * <p>Run by the exercises module in the {@code verify} phase of {@code ./mvnw verify} (and so of
 * {@code .ci/run}); a student's {@code ./grade} does not run it. Usage:
 * {@code java -cp <test classpath> dev.microlab.exercises.grading.SkeletonCheck <exercises module dir>}.
 */
public final class SkeletonCheck {

    /** Spanish words that name the wrong thing, and what to write instead. */
    static final java.util.Map<String, String> MISTRANSLATIONS = java.util.Map.of(
            "cortocircuito", "a circuit breaker is not a short circuit; write \"interruptor automático (circuit breaker)\"");

    private SkeletonCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: SkeletonCheck <exercises module directory>");
            System.exit(2);
        }
        Path module = Path.of(args[0]);
        CheckCollector collector = new CheckCollector(module.resolve("src/test/java"));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("dev.microlab.exercises"))
                .filters(TagFilter.excludeTags(LearningPath.INFRASTRUCTURE_TAG, LearningPath.FIXTURE_TAG))
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, collector);

        List<String> problems = problems(collector, module);
        GradingReport report = collector.report();
        if (problems.isEmpty()) {
            System.out.println("[skeleton check] every graded check fails against the untouched skeletons:");
            for (LearningPath exercise : report.exercises()) {
                System.out.printf("[skeleton check]   %2d %-20s %3d checks, 0 pass%n",
                        exercise.number(), exercise.slug(), report.checks(exercise).size());
            }
            return;
        }
        System.err.println("[skeleton check] FAILED:");
        problems.forEach(p -> System.err.println("[skeleton check]   " + p));
        System.exit(1);
    }

    /** Everything wrong with the graded tests and instructions; empty when all is well. */
    static List<String> problems(CheckCollector collector, Path module) {
        List<String> problems = checkProblems(collector);
        GradingReport report = collector.report();
        for (LearningPath exercise : LearningPath.values()) {
            if (report.checks(exercise).isEmpty()) {
                problems.add(exercise.slug() + ": no graded check is tagged @Tag(\"" + exercise.slug() + "\")");
            }
            problems.addAll(instructionProblems(exercise, module.resolve("instructions").resolve(exercise.instructionsFolder())));
        }
        problems.addAll(spanishProblems(module.resolve("src/test/java"), Spanish.read()));
        Path reference = module.resolveSibling("solutions").resolve("src/main/java");
        if (Files.isDirectory(reference)) {
            java.util.Set<String> answer = codeLines(reference);
            for (LearningPath exercise : LearningPath.values()) {
                problems.addAll(lastHintProblems(exercise,
                        module.resolve("instructions").resolve(exercise.instructionsFolder()), answer));
            }
        }
        return problems;
    }

    private static final Pattern AS = Pattern.compile("\\.as\\(\\s*((?:\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\+?\\s*)+)[,)]");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Every "why" of the graded checks (their {@code .as("...")} descriptions, as written), in source order. */
    static List<String> descriptions(Path testSources) {
        List<String> found = new ArrayList<>();
        try (var files = Files.walk(testSources.resolve("dev/microlab/exercises"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("Test.java")
                    && !f.toString().contains("/grading/")).sorted().toList()) {
                Matcher as = AS.matcher(read(file));
                while (as.find()) {
                    StringBuilder text = new StringBuilder();
                    Matcher literal = LITERAL.matcher(as.group(1));
                    while (literal.find()) {
                        text.append(unescape(literal.group(1)));
                    }
                    found.add(text.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the grading tests in " + testSources, e);
        }
        return found;
    }

    /** The descriptions of the graded checks that have no Spanish version in {@code catalog}. */
    static List<String> spanishProblems(Path testSources, java.util.Map<String, String> catalog) {
        List<String> missing = descriptions(testSources).stream().distinct()
                .filter(d -> !catalog.containsKey(d)).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        problems.add(missing.size() + " check description(s) have no Spanish version in exercises/src/test/resources"
                + Spanish.CATALOG + " (add 'en: <description>' and 'es: <descripción>'):");
        missing.forEach(d -> problems.add("  en: " + d));
        return problems;
    }

    private static String unescape(String literal) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '\\' && i + 1 < literal.length()) {
                char next = literal.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Lines of code this long or longer, quoted in a last hint, give the answer away. */
    static final int ANSWER_LINE_LENGTH = 30;

    /**
     * The last hint (Hint 3 / Pista 3) is a nudge, not the answer: none of its lines may be a line
     * of the reference answer ({@code answer}, from {@link #codeLines(Path)}).
     */
    static List<String> lastHintProblems(LearningPath exercise, Path folder, java.util.Set<String> answer) {
        List<String> problems = new ArrayList<>();
        String[][] files = {{"README.md", "Hint 3"}, {"README.es.md", "Pista 3"}};
        for (String[] file : files) {
            Path path = folder.resolve(file[0]);
            if (!Files.isRegularFile(path)) {
                continue;
            }
            String text = read(path);
            int start = text.indexOf("<summary>" + file[1]);
            if (start < 0) {
                continue;
            }
            int end = text.indexOf("</details>", start);
            String hint = text.substring(start, end < 0 ? text.length() : end);
            for (String line : hint.split("\\R")) {
                String code = normalize(line);
                if (code.length() >= ANSWER_LINE_LENGTH && answer.contains(code)) {
                    problems.add(exercise.slug() + ": instructions/" + folder.getFileName() + "/" + file[0] + " "
                            + file[1] + " quotes the reference answer (" + code + "): make it a nudge, not the answer");
                    break;
                }
            }
        }
        return problems;
    }

    /** Every line of code under {@code sources} (comments and imports left out), whitespace collapsed. */
    static java.util.Set<String> codeLines(Path sources) {
        java.util.Set<String> lines = new java.util.HashSet<>();
        try (var files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : read(file).split("\\R")) {
                    String code = normalize(line);
                    if (!code.startsWith("*") && !code.startsWith("/") && !code.startsWith("import ")) {
                        lines.add(code);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference answers in " + sources, e);
        }
        return lines;
    }

    private static String normalize(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    /** Graded checks that passed against the skeletons, and tests that belong to no exercise. */
    static List<String> checkProblems(CheckCollector collector) {
        List<String> problems = new ArrayList<>();
        GradingReport report = collector.report();
        List<GradedCheck> vacuous = report.allChecks().stream().filter(GradedCheck::passed).toList();
        if (!vacuous.isEmpty()) {
            problems.add(vacuous.size() + " graded check(s) PASSED against the exercises module, which must hold "
                    + "the untouched skeletons (a check that passes before the student writes anything grades nothing):");
            vacuous.forEach(c -> problems.add("  - " + c.exercise().slug() + ": " + c.name()));
            problems.add("  (A student who completed these exercises: well done — this check is for the project's "
                    + "build; grade your work with ./grade instead.)");
        }
        for (CheckCollector.OtherTest test : collector.untaggedTests()) {
            problems.add("test without a known exercise tag (add @Tag(\"<slug>\") from LearningPath): "
                    + test.name() + " " + test.detail());
        }
        return problems;
    }

    /** Instructions in English and Spanish, each linking to the pattern's guide and giving hints. */
    static List<String> instructionProblems(LearningPath exercise, Path folder) {
        List<String> problems = new ArrayList<>();
        String[][] required = {{"README.md", "Hint 1"}, {"README.es.md", "Pista 1"}};
        for (String[] file : required) {
            Path path = folder.resolve(file[0]);
            String shown = "instructions/" + folder.getFileName() + "/" + file[0];
            if (!Files.isRegularFile(path)) {
                problems.add(exercise.slug() + ": missing instructions " + shown);
                continue;
            }
            String text = read(path);
            if (!text.contains("../../../docs/")) {
                problems.add(exercise.slug() + ": " + shown + " does not link to its pattern's guide (../../../docs/...)");
            }
            if (!text.contains(file[1])) {
                problems.add(exercise.slug() + ": " + shown + " has no progressive hints (\"" + file[1] + "\")");
            }
            if (file[0].endsWith(".es.md")) {
                MISTRANSLATIONS.forEach((wrong, right) -> {
                    if (text.toLowerCase(java.util.Locale.ROOT).contains(wrong)) {
                        problems.add(exercise.slug() + ": " + shown + " says \"" + wrong + "\": " + right);
                    }
                });
            }
        }
        return problems;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
