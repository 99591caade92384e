package dev.microlab.exercises.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a test method in the grading tests' source tree: its line (so the report lists checks
 * in the order they are written, easy ones first) and its code (results.json's
 * {@code test_code}, so an autograder can show the student the check itself).
 *
 * <p>A light scanner, not a parser: it finds {@code void name(} after the declaration of the
 * (nested) class and matches braces, skipping strings, text blocks, characters and comments.
 */
final class TestSourceFile {

    /**
     * Where a test method starts and what it says.
     *
     * @param line its first line (annotations excluded)
     * @param code the whole method, dedented
     * @param body what is between its braces, dedented (results.json's {@code test_code})
     */
    record Method(int line, String code, String body) {
    }

    private final Path root;
    private final Map<Path, Optional<String>> files = new HashMap<>();

    TestSourceFile(Path root) {
        this.root = Objects.requireNonNull(root, "root must not be null");
    }

    /**
     * The method {@code methodName} of {@code className} (binary name, {@code Outer$Inner} for a
     * nested class), or empty if the source or the method cannot be found.
     */
    Optional<Method> find(String className, String methodName) {
        String topLevel = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        Path file = root.resolve(topLevel.replace('.', '/') + ".java");
        Optional<String> source = files.computeIfAbsent(file, TestSourceFile::read);
        return source.flatMap(text -> find(text, className, methodName));
    }

    static Optional<Method> find(String text, String className, String methodName) {
        int from = 0;
        String[] nesting = className.split("\\$");
        for (int i = 1; i < nesting.length; i++) {
            Matcher nested = Pattern.compile("\\b(class|record|interface)\\s+" + Pattern.quote(nesting[i]) + "\\b")
                    .matcher(text);
            if (!nested.find(from)) {
                return Optional.empty();
            }
            from = nested.end();
        }
        Matcher declaration = Pattern.compile("\\bvoid\\s+" + Pattern.quote(methodName) + "\\s*\\(").matcher(text);
        if (!declaration.find(from)) {
            return Optional.empty();
        }
        int start = text.lastIndexOf('\n', declaration.start()) + 1;
        int open = text.indexOf('{', declaration.end());
        if (open < 0) {
            return Optional.empty();
        }
        int end = matchingBrace(text, open);
        if (end < 0) {
            return Optional.empty();
        }
        int line = 1;
        for (int i = 0; i < start; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        String body = dedent(text.substring(open + 1, end)).replaceAll("^(\\s*\n)+", "").stripTrailing();
        return Optional.of(new Method(line, dedent(text.substring(start, end + 1)), body));
    }

    /**
     * The statement of {@code className}'s source that starts at (or runs through) {@code line}: that
     * line and the next ones up to the one ending with {@code ;} (at most a dozen), or empty.
     */
    Optional<String> statementAt(String className, int line) {
        String topLevel = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        Path file = root.resolve(topLevel.replace('.', '/') + ".java");
        return files.computeIfAbsent(file, TestSourceFile::read).flatMap(text -> statementIn(text, line));
    }

    static Optional<String> statementIn(String text, int line) {
        String[] lines = text.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return Optional.empty();
        }
        StringBuilder statement = new StringBuilder();
        for (int i = line - 1; i < lines.length && i < line + 11; i++) {
            statement.append(lines[i].strip()).append(' ');
            if (lines[i].stripTrailing().endsWith(";")) {
                break;
            }
        }
        return Optional.of(statement.toString().strip());
    }

    /** The index of the brace closing the one at {@code open}, or -1. */
    static int matchingBrace(String text, int open) {
        int depth = 0;
        int i = open;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                i = skipTo(text, i, "\n");
            } else if (text.startsWith("/*", i)) {
                i = skipTo(text, i + 2, "*/");
            } else if (text.startsWith("\"\"\"", i)) {
                i = skipTo(text, i + 3, "\"\"\"");
            } else if (c == '"' || c == '\'') {
                i = skipQuoted(text, i, c);
            } else {
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    private static int skipTo(String text, int from, String end) {
        int at = text.indexOf(end, from);
        return at < 0 ? text.length() : at + end.length();
    }

    private static int skipQuoted(String text, int open, char quote) {
        int i = open + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static String dedent(String code) {
        String[] lines = code.split("\n", -1);
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            out.append(line.isBlank() ? "" : line.substring(Math.min(indent, line.length())).stripTrailing());
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static Optional<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test source " + file, e);
        }
    }
}
