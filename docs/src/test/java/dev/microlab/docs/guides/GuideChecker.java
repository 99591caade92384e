package dev.microlab.docs.guides;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the Markdown guides honest; {@code GuidesTest} runs it on {@code docs/*.md}.
 *
 * <ol>
 *   <li><b>Snippets.</b> Every {@code ```java} block must sit right under a marker (blank lines
 *       may separate them):
 *       <ul>
 *         <li>{@code <!-- snippet: dev.microlab.docs.examples.ResilienceExamplesTest#retry -->}:
 *             the block's lines must appear, in order and contiguous, in that source file (inside
 *             member {@code retry} when {@code #member} is given). Comparison ignores indentation,
 *             trailing spaces and blank lines; everything else is verbatim. The source file is
 *             looked up under every module's {@code src/main/java} and {@code src/test/java}, so it
 *             is compiled, and run by the test suite when it is a test.</li>
 *         <li>{@code <!-- illustrative: why this block cannot be real code -->}: not checked; the
 *             reason is required (e.g. a deliberately broken anti-pattern).</li>
 *       </ul>
 *       A marker with no java block under it is an error too (a stale marker).</li>
 *   <li><b>Spanish versions.</b> Every guide {@code X.md} (except {@code README.md}) has an
 *       {@code X.es.md} with the same {@code ##} sections: the same count, and in the same order
 *       — checked by comparing, section by section, the kinds of fenced blocks each holds
 *       ({@code java}, {@code mermaid}, ...), since titles are translated. An {@code X.es.md}
 *       without {@code X.md} is an error.</li>
 * </ol>
 *
 * Problems are reported as readable messages naming the guide, the snippet and its line.
 */
final class GuideChecker {

    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([\\w+-]*).*$");
    private static final Pattern SNIPPET = Pattern.compile("^\\s*<!--\\s*snippet:\\s*([\\w.$]+)(?:#(\\w+))?\\s*-->\\s*$");
    private static final Pattern ILLUSTRATIVE = Pattern.compile("^\\s*<!--\\s*illustrative:(.*)-->\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*(snippet|illustrative)\\b.*$");

    private final Path guidesDir;
    private final List<Path> sourceRoots;

    /**
     * @param guidesDir   the folder of {@code *.md} guides
     * @param sourceRoots where {@code snippet:} markers look for source files
     */
    GuideChecker(Path guidesDir, List<Path> sourceRoots) {
        this.guidesDir = Objects.requireNonNull(guidesDir, "guidesDir must not be null");
        this.sourceRoots = List.copyOf(sourceRoots);
    }

    /** Every {@code src/main/java} and {@code src/test/java} of the modules directly under {@code repo}. */
    static List<Path> sourceRootsOf(Path repo) {
        try (Stream<Path> modules = Files.list(repo)) {
            return modules.sorted()
                    .flatMap(m -> Stream.of(m.resolve("src/main/java"), m.resolve("src/test/java")))
                    .filter(Files::isDirectory)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the modules of " + repo, e);
        }
    }

    /** Every Markdown file in the folder, sorted. */
    List<Path> markdownFiles() {
        try (Stream<Path> files = Files.list(guidesDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the guides in " + guidesDir, e);
        }
    }

    /** The guides that need a Spanish version: every {@code X.md} but {@code README.md} and {@code *.es.md}. */
    List<Path> guides() {
        return markdownFiles().stream()
                .filter(p -> !p.getFileName().toString().endsWith(".es.md"))
                .filter(p -> !p.getFileName().toString().equals("README.md"))
                .toList();
    }

    /** Every problem in the folder; empty when the guides are honest. */
    List<String> check() {
        List<String> problems = new ArrayList<>();
        for (Path md : markdownFiles()) {
            problems.addAll(checkSnippets(md));
        }
        problems.addAll(checkTranslations());
        return problems;
    }

    // ---- snippets ---------------------------------------------------------------------------

    /** The snippet problems of one Markdown file. */
    List<String> checkSnippets(Path md) {
        List<String> lines = read(md);
        List<String> problems = new ArrayList<>();
        String guide = md.getFileName().toString();
        int snippetNumber = 0;
        String pendingMarker = null;
        int pendingMarkerLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                String lang = fence.group(1);
                int end = closingFence(lines, i);
                List<String> body = lines.subList(i + 1, end);
                if (lang.equals("java")) {
                    snippetNumber++;
                    String where = guide + ", java snippet #" + snippetNumber + " (line " + (i + 1) + ")";
                    if (pendingMarker == null) {
                        problems.add(where + " has no marker: put <!-- snippet: fully.qualified.Class#member -->"
                                + " above it (pointing at a tested source file holding the same code), or"
                                + " <!-- illustrative: why it cannot be real code -->. It starts: "
                                + firstCodeLine(body));
                    } else {
                        problems.addAll(checkMarker(where, pendingMarker, body));
                    }
                } else if (pendingMarker != null) {
                    problems.add(staleMarker(guide, pendingMarkerLine));
                }
                pendingMarker = null;
                i = end;
                continue;
            }
            if (MARKER.matcher(line).matches()) {
                if (pendingMarker != null) {
                    problems.add(staleMarker(guide, pendingMarkerLine));
                }
                pendingMarker = line;
                pendingMarkerLine = i + 1;
            } else if (!line.isBlank() && pendingMarker != null) {
                problems.add(staleMarker(guide, pendingMarkerLine));
                pendingMarker = null;
            }
        }
        if (pendingMarker != null) {
            problems.add(staleMarker(guide, pendingMarkerLine));
        }
        return problems;
    }

    private static String staleMarker(String guide, int line) {
        return guide + ", line " + line + ": a snippet/illustrative marker must sit directly above a ```java block"
                + " (blank lines allowed); this one is not — remove it or move it";
    }

    private List<String> checkMarker(String where, String marker, List<String> body) {
        Matcher illustrative = ILLUSTRATIVE.matcher(marker);
        if (illustrative.matches()) {
            return illustrative.group(1).isBlank()
                    ? List.of(where + " is marked illustrative without a reason: write <!-- illustrative: why -->")
                    : List.of();
        }
        Matcher snippet = SNIPPET.matcher(marker);
        if (!snippet.matches()) {
            return List.of(where + ": cannot read marker '" + marker.strip()
                    + "'; write <!-- snippet: fully.qualified.Class --> or <!-- snippet: fully.qualified.Class#member -->");
        }
        String className = snippet.group(1);
        String member = snippet.group(2);
        Optional<Path> source = sourceOf(className);
        if (source.isEmpty()) {
            return List.of(where + " points at " + className + ", but no " + className.replace('.', '/')
                    + ".java exists under any module's src/main/java or src/test/java");
        }
        List<String> file = read(source.get());
        int from = 0;
        int to = file.size();
        if (member != null) {
            int[] region = memberRegion(file, member);
            if (region == null) {
                return List.of(where + " points at " + className + "#" + member + ", but "
                        + source.get().getFileName() + " declares no member '" + member + "'");
            }
            from = region[0];
            to = region[1];
        }
        List<Numbered> wanted = normalize(body, 0, body.size());
        if (wanted.isEmpty()) {
            return List.of(where + " is empty");
        }
        List<Numbered> have = normalize(file, from, to);
        int bestStart = -1;
        int bestLength = 0;
        for (int s = 0; s < have.size(); s++) {
            int n = 0;
            while (n < wanted.size() && s + n < have.size() && have.get(s + n).text.equals(wanted.get(n).text)) {
                n++;
            }
            if (n == wanted.size()) {
                return List.of();
            }
            if (n > bestLength) {
                bestLength = n;
                bestStart = s;
            }
        }
        String target = className + (member == null ? "" : "#" + member);
        if (bestStart < 0) {
            return List.of(where + " does not appear in " + target + " (" + source.get().getFileName()
                    + "): not even its first line `" + wanted.get(0).text + "` is there. Copy the code from the"
                    + " source file, or change the source file and let its test prove it");
        }
        Numbered diverging = wanted.get(bestLength);
        String found = bestStart + bestLength < have.size()
                ? "`" + have.get(bestStart + bestLength).text + "` (" + source.get().getFileName() + ":"
                        + (have.get(bestStart + bestLength).line + 1) + ")"
                : "the end of the " + (member == null ? "file" : "member");
        return List.of(where + " differs from " + target + ": the first " + bestLength + " line(s) match from "
                + source.get().getFileName() + ":" + (have.get(bestStart).line + 1) + ", then the guide has `"
                + diverging.text + "` where the source has " + found);
    }

    private Optional<Path> sourceOf(String className) {
        String name = className;
        while (true) {
            String relative = name.replace('.', '/') + ".java";
            for (Path root : sourceRoots) {
                Path candidate = root.resolve(relative);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
            int dot = name.lastIndexOf('.');
            // a nested class: Outer.Inner lives in Outer.java
            if (dot < 0 || !Character.isUpperCase(name.charAt(dot + 1)) || !hasUpperCaseSegment(name.substring(0, dot))) {
                return Optional.empty();
            }
            name = name.substring(0, dot);
        }
    }

    private static boolean hasUpperCaseSegment(String name) {
        for (String segment : name.split("\\.")) {
            if (!segment.isEmpty() && Character.isUpperCase(segment.charAt(0))) {
                return true;
            }
        }
        return false;
    }

    /** The lines [start, end) of the member's declaration through its closing brace, or null. */
    static int[] memberRegion(List<String> file, String member) {
        Pattern declaration = Pattern.compile(
                "^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|static|final|abstract|synchronized"
                        + "|default|sealed|non-sealed)\\s+)*(?:(?:class|record|interface|enum)\\s+" + member
                        + "\\b|(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]+\\s+" + member + "\\s*\\().*");
        for (int i = 0; i < file.size(); i++) {
            String line = file.get(i);
            String stripped = line.strip();
            if (stripped.startsWith("return ") || stripped.startsWith("//") || stripped.startsWith("*")
                    || !declaration.matcher(line).matches()) {
                continue;
            }
            int end = closingBrace(file, i);
            if (end >= 0) {
                return new int[] {i, end + 1};
            }
        }
        return null;
    }

    /** The line holding the brace that closes the first '{' at or after {@code start}, or -1. */
    private static int closingBrace(List<String> file, int start) {
        int depth = 0;
        boolean opened = false;
        boolean blockComment = false;
        boolean textBlock = false;
        for (int i = start; i < file.size(); i++) {
            String line = file.get(i);
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (blockComment) {
                    if (line.startsWith("*/", c)) {
                        blockComment = false;
                        c++;
                    }
                } else if (textBlock) {
                    if (line.startsWith("\"\"\"", c)) {
                        textBlock = false;
                        c += 2;
                    }
                } else if (line.startsWith("//", c)) {
                    break;
                } else if (line.startsWith("/*", c)) {
                    blockComment = true;
                    c++;
                } else if (line.startsWith("\"\"\"", c)) {
                    textBlock = true;
                    c += 2;
                } else if (ch == '"' || ch == '\'') {
                    c++;
                    while (c < line.length() && line.charAt(c) != ch) {
                        if (line.charAt(c) == '\\') {
                            c++;
                        }
                        c++;
                    }
                } else if (ch == '{') {
                    depth++;
                    opened = true;
                } else if (ch == '}') {
                    depth--;
                    if (opened && depth == 0) {
                        return i;
                    }
                } else if (ch == ';' && !opened && depth == 0) {
                    return -1; // an abstract method or a field: no body
                }
            }
        }
        return -1;
    }

    private record Numbered(int line, String text) {
    }

    private static List<Numbered> normalize(List<String> lines, int from, int to) {
        List<Numbered> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String text = lines.get(i).strip();
            if (!text.isEmpty()) {
                out.add(new Numbered(i, text));
            }
        }
        return out;
    }

    private static String firstCodeLine(List<String> body) {
        return body.stream().map(String::strip).filter(s -> !s.isEmpty()).findFirst()
                .map(s -> "`" + s + "`").orElse("(empty)");
    }

    private static int closingFence(List<String> lines, int open) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).strip().startsWith("```")) {
                return j;
            }
        }
        return lines.size();
    }

    // ---- Spanish versions ------------------------------------------------------------------

    /** One {@code ##} section: its title and the kinds of fenced blocks it holds, in order. */
    record Section(String title, List<String> blocks) {
        @Override
        public String toString() {
            return title + " " + blocks;
        }
    }

    /** The translation problems of the folder. */
    List<String> checkTranslations() {
        List<String> problems = new ArrayList<>();
        for (Path guide : guides()) {
            String name = guide.getFileName().toString();
            Path spanish = guide.resolveSibling(name.substring(0, name.length() - 3) + ".es.md");
            if (!Files.isRegularFile(spanish)) {
                problems.add(name + " has no Spanish version: write " + spanish.getFileName()
                        + " with the same ## sections (the course this grew from is in Spanish)");
                continue;
            }
            problems.addAll(compareSections(guide, spanish));
        }
        for (Path md : markdownFiles()) {
            String name = md.getFileName().toString();
            if (name.endsWith(".es.md") && !Files.isRegularFile(md.resolveSibling(name.replace(".es.md", ".md")))) {
                problems.add(name + " is a Spanish version of " + name.replace(".es.md", ".md")
                        + ", which does not exist: add the English guide or remove this file");
            }
        }
        return problems;
    }

    private List<String> compareSections(Path english, Path spanish) {
        List<Section> en = sections(read(english));
        List<Section> es = sections(read(spanish));
        String header = english.getFileName() + " and " + spanish.getFileName();
        if (en.size() != es.size()) {
            return List.of(header + " must have the same ## sections, but have " + en.size() + " and " + es.size()
                    + ":\n" + sideBySide(english, en, spanish, es));
        }
        for (int i = 0; i < en.size(); i++) {
            if (!en.get(i).blocks().equals(es.get(i).blocks())) {
                return List.of(header + " must have the same ## sections in the same order, but section "
                        + (i + 1) + " holds " + en.get(i).blocks() + " in one and " + es.get(i).blocks()
                        + " in the other (are sections swapped, or a block missing?):\n"
                        + sideBySide(english, en, spanish, es));
            }
        }
        return List.of();
    }

    private static String sideBySide(Path english, List<Section> en, Path spanish, List<Section> es) {
        return "  " + english.getFileName() + ":\n" + numbered(en) + "  " + spanish.getFileName() + ":\n" + numbered(es);
    }

    private static String numbered(List<Section> sections) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sections.size(); i++) {
            sb.append("    ").append(i + 1).append(". ").append(sections.get(i)).append('\n');
        }
        return sb.toString();
    }

    /** The {@code ##} sections of a Markdown text, ignoring lines inside fenced blocks. */
    static List<Section> sections(List<String> lines) {
        List<Section> sections = new ArrayList<>();
        String title = null;
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                blocks.add(fence.group(1).isEmpty() ? "text" : fence.group(1));
                i = closingFence(lines, i);
                continue;
            }
            if (line.startsWith("## ")) {
                if (title != null) {
                    sections.add(new Section(title, List.copyOf(blocks)));
                }
                title = line.substring(3).strip();
                blocks.clear();
            }
        }
        if (title != null) {
            sections.add(new Section(title, List.copyOf(blocks)));
        }
        return sections;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public String toString() {
        return "GuideChecker[" + guidesDir + ", sources " + sourceRoots.stream().map(Path::toString)
                .collect(Collectors.joining(", ")) + "]";
    }
}
