package dev.microlab.exercises.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
    static final int MAX_LINES = 10;
    static final int MAX_LINE_LENGTH = 160;

    private static final Pattern TODO = Pattern.compile("UnsupportedOperationException: (TODO[^\\n]*)");
    private static final Pattern REMAINING_LINES = Pattern.compile("^\\.\\.\\.\\(\\d+ remaining lines? not displayed");
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
        return of(failure, Optional.empty());
    }

    /**
     * Explains {@code failure}, the throwable a graded test ended with; {@code statement}, the test's
     * statement that failed, fills in what AssertJ's message leaves out (the "why" and the expected
     * exception of an {@code assertThatThrownBy} whose code returned normally).
     */
    public static FailureExplanation of(Throwable failure, Optional<String> statement) {
        Objects.requireNonNull(failure, "failure must not be null");
        Objects.requireNonNull(statement, "statement must not be null");
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
        if (failure instanceof java.util.concurrent.TimeoutException && message.startsWith("not run:")) {
            return new FailureExplanation(Outcome.ERROR, List.of(message));
        }
        if (failure instanceof java.util.concurrent.TimeoutException) {
            List<String> lines = new ArrayList<>();
            lines.add("did not finish in time (" + clip(message) + ") — an endless loop, or a wait that never ends?");
            List<String> stuck = stuckFrames(failure);
            if (!stuck.isEmpty()) {
                lines.add("stuck at " + String.join(" ← ", stuck));
            }
            return new FailureExplanation(Outcome.ERROR, lines);
        }
        if (failure instanceof AssertionError) {
            return new FailureExplanation(Outcome.FAIL, expectedException(assertionLines(message), statement));
        }
        return new FailureExplanation(Outcome.ERROR, List.of("threw " + failure.getClass().getSimpleName()
                + (message.isBlank() ? "" : ": " + clip(firstLine(message))) + where(failure)));
    }

    private static final Pattern AS = Pattern.compile("\\.as\\(\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern EXPECTED_TYPE =
            Pattern.compile("\\.is(?:Exactly)?InstanceOf\\(([A-Za-z_$][\\w$.]*)\\.class\\)");
    static final String RETURNED_NORMALLY = "expected an exception, but the code returned normally";

    /**
     * A check that expected an exception and got a normal return: AssertJ's message says only that
     * (assertThatThrownBy fails before its {@code .as(...)} applies) or that the caught throwable
     * was null (catchThrowable). The failing statement still says why, and which exception.
     */
    private static List<String> expectedException(List<String> lines, Optional<String> statement) {
        boolean noThrow = lines.contains(RETURNED_NORMALLY);
        boolean nullThrowable = lines.stream().anyMatch(l -> l.equals("Expecting actual not to be null"));
        if (!noThrow && !nullThrowable) {
            return lines;
        }
        Optional<String> type = statement.map(EXPECTED_TYPE::matcher).filter(Matcher::find).map(m -> m.group(1));
        if (nullThrowable && type.isEmpty()) {
            return lines.stream().map(l -> l.equals("Expecting actual not to be null")
                    ? "expected a value, but got null" : l).toList();
        }
        List<String> out = new ArrayList<>();
        Optional<String> why = lines.stream().filter(l -> l.startsWith("why: ")).findFirst();
        if (why.isEmpty()) {
            why = statement.map(AS::matcher).filter(Matcher::find)
                    .map(m -> "why: " + clip(m.group(1).replace("\\\"", "\"").replace("%%", "%")));
        }
        why.ifPresent(out::add);
        out.add("expected: " + type.map(t -> t + " to be thrown").orElse("an exception"));
        out.add("but the code returned normally (nothing was thrown)");
        return out;
    }

    /** The top frames of a stuck check that are in the student's classes, e.g. "CircuitBreaker.call(CircuitBreaker.java:42)". */
    static List<String> stuckFrames(Throwable failure) {
        List<String> frames = new ArrayList<>();
        for (Throwable t = failure; t != null && frames.isEmpty(); t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (isStudentCode(frame)) {
                    String cls = frame.getClassName();
                    frames.add(cls.substring(cls.lastIndexOf('.') + 1) + "." + frame.getMethodName()
                            + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")");
                    if (frames.size() == 3) {
                        break;
                    }
                }
            }
        }
        return frames;
    }

    private static boolean isStudentCode(StackTraceElement frame) {
        String cls = frame.getClassName();
        return cls.startsWith("dev.microlab.exercises.") && !cls.startsWith("dev.microlab.exercises.grading.")
                && !cls.matches(".*Test(\\$.*)?$") && frame.getFileName() != null;
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
            if (line.isEmpty() || line.startsWith("at ") || REMAINING_LINES.matcher(line).find()) {
                continue; // stack frames, and AssertJ's "...(70 remaining lines not displayed - ...)"
            }
            if (line.equals("Expecting code to raise a throwable.")) {
                line = RETURNED_NORMALLY;
            }
            line = humanDurations(line);
            Matcher description = DESCRIPTION.matcher(line);
            if (lines.isEmpty() && description.matches()) {
                line = "why: " + description.group(1);
            }
            if (lines.size() == MAX_LINES - 1) {
                lines.add("…");  // visibly cut: the rest is in the test's own output
                break;
            }
            lines.add(clip(line));
        }
        if (lines.isEmpty()) {
            lines.add("an assertion failed (no message)");
        }
        return lines;
    }

    /** " (at CircuitBreaker.java:42)": the first frame in exercise code that is not a test. */
    private static String where(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (isStudentCode(frame)) {
                    return " (at " + frame.getFileName() + ":" + frame.getLineNumber() + ")";
                }
            }
        }
        return "";
    }

    private static final Pattern VALUE_LINE = Pattern.compile("^(expected|but was|Expecting actual|to be|but was not)(:\\s*)(.*)$");
    private static final Pattern ISO_DURATION = Pattern.compile("(?:PT)?(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?");

    /**
     * AssertJ prints a {@code Duration} as ISO-8601 without its "PT" ({@code 1M}, {@code 7M30S}):
     * "expected: 1M" becomes "expected: 1 min", "but was: 7M30S" becomes "but was: 7 min 30 s".
     */
    static String humanDurations(String line) {
        Matcher value = VALUE_LINE.matcher(line);
        if (!value.matches()) {
            return line;
        }
        String text = value.group(3).strip();
        Matcher iso = ISO_DURATION.matcher(text);
        if (text.isEmpty() || !iso.matches() || (iso.group(1) == null && iso.group(2) == null && iso.group(3) == null)) {
            return line;
        }
        java.time.Duration d = java.time.Duration.parse(text.startsWith("PT") ? text : "PT" + text);
        return value.group(1) + value.group(2) + human(d);
    }

    /** "1 h 5 min", "7 min 30 s", "59 s 999 ms", "1 ns", "0 s". */
    static String human(java.time.Duration d) {
        if (d.isZero()) {
            return "0 s";
        }
        String sign = d.isNegative() ? "-" : "";
        d = d.abs();
        List<String> parts = new ArrayList<>();
        long[] amounts = {d.toHours(), d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart(),
                d.toNanosPart() / 1000 % 1000, d.toNanosPart() % 1000};
        String[] units = {"h", "min", "s", "ms", "µs", "ns"};
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] != 0) {
                parts.add(amounts[i] + " " + units[i]);
            }
        }
        return sign + String.join(" ", parts);
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
