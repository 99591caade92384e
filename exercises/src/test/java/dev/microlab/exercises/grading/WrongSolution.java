package dev.microlab.exercises.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plausible wrong answer to an exercise, written as a student would get it wrong (off by one,
 * the wrong clock, state shared between calls, a partial update, no synchronization, a swallowed
 * error…), kept as a fixture so that the build proves the grading catches it
 * ({@link WrongSolutionCheck}).
 *
 * <p>A fixture is a small text file, {@code solutions/src/wrong-solutions/NN-slug/<name>.wrong},
 * that says how the wrong answer differs from the reference answer, in a diff-like shape without
 * line numbers:
 *
 * <pre>
 * # the half-open success streak is never restarted: a streak from an earlier episode counts
 * --- circuitbreaker/CircuitBreaker.java
 *              state = CircuitState.HALF_OPEN;
 * -            successCount = 0;
 * </pre>
 *
 * <p>Lines starting with {@code #} before the first file describe the mistake. {@code --- path}
 * names a reference file under {@code dev/microlab/exercises/}: a Java source, or a resource such as
 * exercise 3's {@code trafficpolicy/virtual-service.yml} (under {@code src/main/resources}). Then hunks, separated by a line
 * {@code @@}: a line starting with a space is context (kept), {@code -} is removed and {@code +}
 * is added. The hunk's "before" text (context and removed lines) must occur exactly once in the
 * reference file, so a fixture that no longer fits the reference fails the build instead of
 * silently testing nothing.
 *
 * @param exercise the exercise it is a wrong answer to (from its folder)
 * @param name     the file name without {@code .wrong}
 * @param mistake  what is wrong, in a student's terms
 * @param edits    per reference file (relative to {@code dev/microlab/exercises/}), its hunks in order
 */
record WrongSolution(LearningPath exercise, String name, String mistake, Map<String, List<Hunk>> edits) {

    /** One replacement: {@code before} must occur exactly once and becomes {@code after}. */
    record Hunk(String before, String after) {
    }

    WrongSolution {
        Objects.requireNonNull(exercise, "exercise must not be null");
        edits = Map.copyOf(edits);
    }

    /** Reads every fixture under {@code root} (one folder per exercise, named like its instructions). */
    static List<WrongSolution> readAll(Path root) {
        List<WrongSolution> all = new ArrayList<>();
        for (LearningPath exercise : LearningPath.values()) {
            Path folder = root.resolve(exercise.instructionsFolder());
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".wrong")).sorted().toList()) {
                    String name = file.getFileName().toString().replaceFirst("\\.wrong$", "");
                    all.add(parse(exercise, name, Files.readString(file, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the wrong solutions in " + folder, e);
            }
        }
        return all;
    }

    static WrongSolution parse(LearningPath exercise, String name, String text) {
        StringBuilder mistake = new StringBuilder();
        Map<String, List<Hunk>> edits = new LinkedHashMap<>();
        String file = null;
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (file == null && line.startsWith("#")) {
                mistake.append(mistake.length() == 0 ? "" : " ").append(line.substring(1).strip());
            } else if (line.startsWith("--- ") || line.equals("@@")) {
                if (file != null) {
                    addHunk(edits, file, before, after, name, lineNumber);
                }
                if (line.startsWith("--- ")) {
                    file = line.substring(4).strip();
                }
            } else if (file == null) {
                if (!line.isBlank()) {
                    throw new IllegalArgumentException(name + ".wrong line " + lineNumber
                            + ": expected '# the mistake' or '--- path/File.java', but was: " + line);
                }
            } else if (line.startsWith(" ") || line.isEmpty()) {
                String kept = line.isEmpty() ? "" : line.substring(1);
                before.append(kept).append('\n');
                after.append(kept).append('\n');
            } else if (line.startsWith("-")) {
                before.append(line.substring(1)).append('\n');
            } else if (line.startsWith("+")) {
                after.append(line.substring(1)).append('\n');
            } else {
                throw new IllegalArgumentException(name + ".wrong line " + lineNumber
                        + ": a hunk line starts with ' ', '-' or '+', but was: " + line);
            }
        }
        if (file != null) {
            addHunk(edits, file, before, after, name, lineNumber);
        }
        if (mistake.length() == 0 || edits.isEmpty()) {
            throw new IllegalArgumentException(name + ".wrong must start with '# the mistake' and change at least one file");
        }
        return new WrongSolution(exercise, name, mistake.toString(), edits);
    }

    private static void addHunk(Map<String, List<Hunk>> edits, String file, StringBuilder before, StringBuilder after,
                                String name, int lineNumber) {
        // Blank lines at the end of a hunk are only spacing between hunks.
        String b = before.toString().replaceAll("\\n+$", "");
        String a = after.toString().replaceAll("\\n+$", "");
        b = b.isEmpty() ? b : b + "\n";
        a = a.isEmpty() ? a : a + "\n";
        before.setLength(0);
        after.setLength(0);
        if (b.isBlank()) {
            throw new IllegalArgumentException(name + ".wrong, hunk ending at line " + lineNumber
                    + ": a hunk needs context or removed lines to find its place");
        }
        edits.computeIfAbsent(file, f -> new ArrayList<>()).add(new Hunk(b, a));
    }

    /** The reference source of {@code file} with this fixture's hunks applied. */
    String apply(String file, String reference) {
        String text = reference;
        for (Hunk hunk : edits.get(file)) {
            int at = text.indexOf(hunk.before());
            if (at < 0 || text.indexOf(hunk.before(), at + 1) >= 0) {
                throw new IllegalStateException(exercise.slug() + "/" + name + ".wrong no longer fits " + file + ": "
                        + (at < 0 ? "this text is not in it" : "this text is in it more than once") + ":\n"
                        + hunk.before());
            }
            text = text.substring(0, at) + hunk.after() + text.substring(at + hunk.before().length());
        }
        return text;
    }
}
