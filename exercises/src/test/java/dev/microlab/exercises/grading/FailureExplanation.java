package dev.microlab.exercises.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed check tells the student, distilled from the throwable the test ended with:
 * the assertion's "why" (its {@code .as(...)} description), what was expected and what
 * happened — or, for a method still throwing {@code UnsupportedOperationException("TODO: ...")},
 * which TODO is left and where.
 *
 * @param outcome    {@link Outcome#FAIL} for a failed assertion, {@link Outcome#ERROR} for a throw
 * @param lines      the explanation, a few short lines, most important first
 */
public record FailureExplanation(Outcome outcome, List<String> lines) {

    /** Lines of an assertion message kept in the report; the rest is in the test's own output. */
    static final int MAX_LINES = 6;
    static final int MAX_LINE_LENGTH = 160;

    private static final Pattern TODO = Pattern.compile("UnsupportedOperationException: (TODO[^\\n]*)");
    private static final Pattern DESCRIPTION = Pattern.compile("^\\[(.*)]\\s*$");

    public FailureExplanation {
        Objects.requireNonNull(outcome, "outcome must not be null");
        lines = List.copyOf(lines);
    }

    /** The explanation as one text, lines joined with newlines (the results.json message). */
    public String message() {
        return String.join("\n", lines);
    }

    /** Explains {@code failure}, the throwable a graded test ended with. */
    public static FailureExplanation of(Throwable failure) {
        Objects.requireNonNull(failure, "failure must not be null");
        Throwable todo = findTodo(failure);
        if (todo != null) {
            return new FailureExplanation(Outcome.ERROR,
                    List.of("not implemented yet: " + clip(todo.getMessage()) + where(todo)));
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        Matcher todoInMessage = TODO.matcher(message);
        if (todoInMessage.find()) {
            // AssertJ's assertThatThrownBy reports the unexpected exception inside its message.
            return new FailureExplanation(Outcome.ERROR, List.of("not implemented yet: " + clip(todoInMessage.group(1))));
        }
        if (failure instanceof java.util.concurrent.TimeoutException) {
            return new FailureExplanation(Outcome.ERROR, List.of("did not finish in time (" + clip(message)
                    + ") — an endless loop, or a wait that never ends?" + where(failure)));
        }
        if (failure instanceof AssertionError) {
            return new FailureExplanation(Outcome.FAIL, assertionLines(message));
        }
        return new FailureExplanation(Outcome.ERROR, List.of("threw " + failure.getClass().getSimpleName()
                + (message.isBlank() ? "" : ": " + clip(firstLine(message))) + where(failure)));
    }

    private static Throwable findTodo(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnsupportedOperationException && t.getMessage() != null
                    && t.getMessage().startsWith("TODO")) {
                return t;
            }
        }
        return null;
    }

    private static List<String> assertionLines(String message) {
        List<String> lines = new ArrayList<>();
        for (String raw : message.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("at ")) {
                continue;
            }
            if (line.equals("Expecting code to raise a throwable.")) {
                line = "expected an exception, but the code returned normally";
            }
            Matcher description = DESCRIPTION.matcher(line);
            if (lines.isEmpty() && description.matches()) {
                line = "why: " + description.group(1);
            }
            lines.add(clip(line));
            if (lines.size() == MAX_LINES) {
                break;
            }
        }
        if (lines.isEmpty()) {
            lines.add("an assertion failed (no message)");
        }
        return lines;
    }

    /** " (at CircuitBreaker.java:42)": the first frame in exercise code that is not a test. */
    private static String where(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            String cls = frame.getClassName();
            if (cls.startsWith("dev.microlab.exercises.") && !cls.startsWith("dev.microlab.exercises.grading.")
                    && !cls.matches(".*Test(\\$.*)?$") && frame.getFileName() != null) {
                return " (at " + frame.getFileName() + ":" + frame.getLineNumber() + ")";
            }
        }
        return "";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String clip(String line) {
        // Package names of the exercises add length, not meaning: CircuitBreaker, not dev.microlab.exercises.circuitbreaker.CircuitBreaker.
        String oneLine = firstLine(line == null ? "" : line).strip().replaceAll("dev\\.microlab\\.exercises\\.([a-z]+\\.)*", "");
        return oneLine.length() <= MAX_LINE_LENGTH ? oneLine : oneLine.substring(0, MAX_LINE_LENGTH - 1) + "…";
    }
}
