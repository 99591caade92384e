package dev.microlab.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns JMH's JSON output into {@code docs/benchmarks.md}: one table per benchmark class
 * (score ± error, unit, bytes allocated per operation, and the ratio to each competing
 * implementation), the machine, JVM, date and exact command, and SVG charts of the scale
 * curves, linked from the Markdown.
 *
 * <p><b>How competitors are identified.</b> A side-by-side benchmark has a
 * {@code @Param("impl")} whose values name the implementations ({@code microlab...} for
 * ours, {@code resilience4j}, {@code failsafe}, {@code baseline-...} for naive baselines).
 * Rows of one benchmark method that have the same mode, threads and other parameters and
 * differ only in {@code impl} are compared; each other implementation of the class gets a
 * "vs X" column saying how many times faster the row is than X (above 1: faster).
 *
 * <p><b>Which charts.</b> One chart per comparison: for every benchmark method, each numeric
 * parameter with two or more values (a scale such as {@code storedEvents}, {@code instances})
 * becomes the x axis of one line chart per combination of the other parameters and thread
 * counts, with a line per implementation. Methods that differ only by a thread-count suffix
 * ({@code closedCall} with {@code @Threads(1)}, {@code closedCallTwoThreads} with
 * {@code @Threads(2)}) make one grouped bar chart, a group per thread count. Every point and bar
 * has JMH's 99.9 % error bar; scores are converted to µs ({@code µs/op}, {@code ops/µs}).
 *
 * <p>Command line (as {@code benchmarks/run} calls it):
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.microlab.benchmarks.report.ReportGenerator \
 *     --input benchmarks/target/jmh-result.json --output docs/benchmarks.md \
 *     --command "benchmarks/run quick" [--note "Preliminary figures: ..."]
 * }</pre>
 * The charts go next to the Markdown, in a folder named after it ({@code docs/benchmarks/}).
 *
 * <p>This class is threadsafe (it has no state).
 */
public final class ReportGenerator {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * What the report says about the run besides the results.
     *
     * @param machine where it ran
     * @param date when the report was made (right after the run)
     * @param command the exact command that produced the results
     * @param note a warning shown at the top (e.g. that figures are preliminary); empty for none
     * @param chartsFolder the charts' folder, relative to the Markdown file, e.g. {@code benchmarks}
     */
    public record RunInfo(Machine machine, Instant date, String command, String note, String chartsFolder) {
        public RunInfo {
            Objects.requireNonNull(machine, "machine must not be null");
            Objects.requireNonNull(date, "date must not be null");
            Objects.requireNonNull(command, "command must not be null");
            Objects.requireNonNull(note, "note must not be null");
            Objects.requireNonNull(chartsFolder, "chartsFolder must not be null");
        }
    }

    /**
     * A generated report.
     *
     * @param markdown the Markdown document
     * @param charts SVG documents by file name, to be written into {@link RunInfo#chartsFolder()}
     */
    public record Report(String markdown, Map<String, String> charts) {
        public Report {
            Objects.requireNonNull(markdown, "markdown must not be null");
            charts = Map.copyOf(charts);
        }
    }

    private ReportGenerator() {
    }

    /**
     * Runs the generator; see the class documentation for the options.
     *
     * @throws IOException if the input cannot be read or the output cannot be written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = parseArgs(args);
        Path input = Path.of(options.getOrDefault("--input", "benchmarks/target/jmh-result.json"));
        Path output = Path.of(options.getOrDefault("--output", "docs/benchmarks.md")).toAbsolutePath();
        String fileName = output.getFileName().toString();
        String chartsFolder = fileName.endsWith(".md") ? fileName.substring(0, fileName.length() - 3) : fileName + "-charts";
        RunInfo info = new RunInfo(Machine.current(), Instant.now(), options.getOrDefault("--command", "(not given)"),
                options.getOrDefault("--note", ""), chartsFolder);

        Report report = generate(JmhJson.read(input), info);

        Path chartsDir = output.resolveSibling(chartsFolder);
        Files.createDirectories(chartsDir);
        try (var old = Files.list(chartsDir)) {
            for (Path stale : old.filter(p -> p.toString().endsWith(".svg")).toList()) {
                Files.delete(stale);
            }
        }
        for (Map.Entry<String, String> chart : report.charts().entrySet()) {
            Files.writeString(chartsDir.resolve(chart.getKey()), chart.getValue(), StandardCharsets.UTF_8);
        }
        Files.writeString(output, report.markdown(), StandardCharsets.UTF_8);
        // A command-line tool's result line, not library logging.
        System.out.println("Wrote " + output + " and " + report.charts().size() + " chart(s) in " + chartsDir);
    }

    static Map<String, String> parseArgs(String[] args) {
        Set<String> known = Set.of("--input", "--output", "--command", "--note");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments must be pairs of " + known + " and a value, but got '"
                        + args[i] + "'" + (i + 1 >= args.length ? " without a value" : ""));
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    /**
     * Builds the report of {@code results}.
     *
     * @throws IllegalArgumentException if {@code results} is empty
     */
    public static Report generate(List<BenchmarkResult> results, RunInfo info) {
        Objects.requireNonNull(results, "results must not be null");
        Objects.requireNonNull(info, "info must not be null");
        if (results.isEmpty()) {
            throw new IllegalArgumentException("results must not be empty: did the JMH run fail or match no benchmark?");
        }
        Map<String, List<BenchmarkResult>> byClass = new TreeMap<>(Comparator
                .comparing((String c) -> BenchmarkResult.simpleName(c)).thenComparing(c -> c));
        for (BenchmarkResult r : results) {
            byClass.computeIfAbsent(r.className(), k -> new ArrayList<>()).add(r);
        }

        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        if (!info.note().isBlank()) {
            md.append("> [!WARNING]\n> **").append(info.note().strip().replace("\n", "\n> ")).append("**\n\n");
        }
        md.append("_Generated by `dev.microlab.benchmarks.report.ReportGenerator` from JMH's JSON output. "
                + "Do not edit by hand: rerun the command below (see `benchmarks/README.md`)._\n\n");
        md.append("## How this was run\n\n| | |\n| --- | --- |\n");
        md.append("| Date | ").append(DATE.format(info.date())).append(" |\n");
        md.append("| Machine | ").append(cell(info.machine().describe())).append(" |\n");
        md.append("| JVM | ").append(cell(distinct(results, BenchmarkResult::jvm))).append(" |\n");
        md.append("| JMH | ").append(cell(distinct(results, BenchmarkResult::settings))).append(" |\n");
        md.append("| Command | `").append(info.command().replace("`", "'").replace("|", "\\|")).append("` |\n\n");
        md.append("""
                ## How to read the tables

                - **Score ± error**: JMH's mean score and the half-width of its 99.9 % confidence interval \
                (`?` when there were too few iterations to compute one). In `ops/…` units higher is better; \
                in `…/op` units lower is better.
                - **Alloc (B/op)**: bytes allocated per operation (`gc.alloc.rate.norm` from `-prof gc`); \
                `≈ 0` means no allocation, `—` that the run had no GC profiler.
                - **vs X**: how many times faster this row is than implementation X on the same benchmark, \
                threads and parameters (above 1: faster; below 1: slower). Implementations are the values of \
                a benchmark's `impl` parameter: `microlab…` is ours, `resilience4j…` and `failsafe` are the \
                libraries, `baseline-…` are naive teaching-code versions kept in the benchmarks module.
                - **Charts** compare the implementations along one scale parameter (a line each; log scale when \
                it spans two decades or more) or along the thread count (grouped bars), with every other parameter \
                fixed: one chart per comparison. Scores are in µs per operation or operations per µs; each point or \
                bar carries its error bar, JMH's 99.9 % confidence interval: where two intervals overlap, the run \
                does not tell those two apart. microlab's series comes first, in bold with a thicker line or a \
                black outline; marker shapes, dashes and fill patterns tell the series apart without colour.

                """);
        md.append("## Contents\n\n");
        for (String cls : byClass.keySet()) {
            String simple = BenchmarkResult.simpleName(cls);
            // GitHub's anchor of the heading: lower case, without the dot of a nested class
            md.append("- [").append(simple).append("](#").append(simple.toLowerCase(Locale.ROOT).replace(".", ""))
                    .append(")\n");
        }
        md.append('\n');

        Map<String, String> charts = new LinkedHashMap<>();
        for (Map.Entry<String, List<BenchmarkResult>> entry : byClass.entrySet()) {
            renderClass(entry.getKey(), entry.getValue(), info, md, charts);
        }
        return new Report(md.toString(), charts);
    }

    private static void renderClass(String cls, List<BenchmarkResult> results, RunInfo info, StringBuilder md,
            Map<String, String> charts) {
        String simple = BenchmarkResult.simpleName(cls);
        md.append("## ").append(simple).append("\n\n`").append(cls).append("`\n\n");

        List<String> paramNames = new ArrayList<>();
        for (BenchmarkResult r : results) {
            for (String p : r.params().keySet()) {
                if (!p.equals(BenchmarkResult.IMPL_PARAM) && !paramNames.contains(p)) {
                    paramNames.add(p);
                }
            }
        }
        List<String> impls = results.stream().map(BenchmarkResult::impl).filter(Objects::nonNull).distinct()
                .sorted(IMPL_ORDER).toList();
        List<String> competitors = impls.stream().filter(i -> !isOurs(i)).toList();

        md.append("| Benchmark | Mode |");
        paramNames.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append(" Threads |");
        if (!impls.isEmpty()) {
            md.append(" impl |");
        }
        md.append(" Score ± error | Unit | Alloc (B/op) |");
        competitors.forEach(c -> md.append(" vs ").append(cell(c)).append(" |"));
        md.append('\n');
        int columns = 6 + paramNames.size() + (impls.isEmpty() ? 0 : 1) + competitors.size();
        md.append("|").append(" --- |".repeat(columns)).append('\n');

        Map<String, Map<String, BenchmarkResult>> groups = new LinkedHashMap<>();
        List<BenchmarkResult> sorted = new ArrayList<>(results);
        sorted.sort(rowOrder(paramNames));
        for (BenchmarkResult r : sorted) {
            groups.computeIfAbsent(groupKey(r), k -> new LinkedHashMap<>()).put(String.valueOf(r.impl()), r);
        }
        for (BenchmarkResult r : sorted) {
            md.append("| ").append(r.method()).append(" | ").append(r.mode()).append(" |");
            for (String p : paramNames) {
                md.append(' ').append(cell(r.params().getOrDefault(p, ""))).append(" |");
            }
            md.append(' ').append(r.threads()).append(" |");
            if (!impls.isEmpty()) {
                md.append(' ').append(r.impl() == null ? "" : (isOurs(r.impl()) ? "**" + cell(r.impl()) + "**" : cell(r.impl())))
                        .append(" |");
            }
            md.append(' ').append(scoreWithError(r.score(), r.scoreError())).append(" | ")
                    .append(r.unit()).append(" | ").append(alloc(r)).append(" |");
            for (String c : competitors) {
                BenchmarkResult other = groups.get(groupKey(r)).get(c);
                md.append(' ').append(other == null || other == r ? "" : ratio(r, other)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');

        for (Chart chart : charts(results)) {
            String file = simple + "-" + chart.method + "-" + chart.scaleParam + (chart.mode.equals("thrpt") ? "" : "-" + chart.mode)
                    + (chart.context.isEmpty() ? "" : "-" + chart.context.replaceAll("[^A-Za-z0-9.=-]+", "_")) + ".svg";
            charts.put(file, chart.svg);
            md.append("![").append(simple).append('.').append(chart.method).append(" by ").append(chart.scaleParam)
                    .append(chart.context.isEmpty() ? "" : " (" + chart.context + ")")
                    .append("](").append(info.chartsFolder()).append('/').append(file).append(")\n\n");
        }
    }

    /**
     * One chart: one comparison of implementations, along one scale ({@code scaleParam}, or
     * {@code threads}), with everything else fixed ({@code context} names what was fixed when
     * it varies across the method's runs, e.g. {@code listeners=4}).
     */
    private record Chart(String method, String mode, String scaleParam, String context, String svg) {
    }

    private static List<Chart> charts(List<BenchmarkResult> results) {
        List<Chart> charts = new ArrayList<>();
        Map<String, List<BenchmarkResult>> byMethod = new LinkedHashMap<>();
        for (BenchmarkResult r : results) {
            byMethod.computeIfAbsent(r.method() + "\u0000" + r.mode(), k -> new ArrayList<>()).add(r);
        }
        for (List<BenchmarkResult> method : byMethod.values()) {
            BenchmarkResult first = method.get(0);
            for (String param : first.params().keySet()) {
                Set<String> values = method.stream().map(r -> r.params().get(param)).filter(Objects::nonNull)
                        .collect(Collectors.toSet());
                if (values.size() < 2 || !values.stream().allMatch(ReportGenerator::isNumeric)) {
                    continue;
                }
                // one chart per comparison: split by everything but the implementation and the x axis
                Map<String, List<BenchmarkResult>> byContext = new TreeMap<>(ReportGenerator::compareValues);
                for (BenchmarkResult r : method) {
                    byContext.computeIfAbsent(context(r, param, method), k -> new ArrayList<>()).add(r);
                }
                for (Map.Entry<String, List<BenchmarkResult>> comparison : byContext.entrySet()) {
                    Map<String, List<SvgLineChart.Point>> series = new TreeMap<>(IMPL_ORDER);
                    for (BenchmarkResult r : comparison.getValue()) {
                        series.computeIfAbsent(r.impl() != null ? r.impl() : r.method(), k -> new ArrayList<>())
                                .add(new SvgLineChart.Point(Double.parseDouble(r.params().get(param)),
                                        toChartUnit(r, r.score()), toChartUnit(r, r.scoreError())));
                    }
                    List<SvgLineChart.Series> lines = series.entrySet().stream()
                            .map(e -> new SvgLineChart.Series(e.getKey(), e.getValue(), isOurs(e.getKey()))).toList();
                    String title = first.simpleClassName() + "." + first.method() + " (" + first.mode() + ")"
                            + (comparison.getKey().isEmpty() ? "" : ", " + comparison.getKey());
                    charts.add(new Chart(first.method(), first.mode(), param, comparison.getKey(),
                            new SvgLineChart(title, param, yLabel(first), lines).render()));
                }
            }
        }

        Map<String, List<BenchmarkResult>> byStem = new LinkedHashMap<>();
        for (BenchmarkResult r : results) {
            byStem.computeIfAbsent(threadStem(r.method()) + "\u0000" + r.mode(), k -> new ArrayList<>()).add(r);
        }
        for (List<BenchmarkResult> family : byStem.values()) {
            if (family.stream().map(BenchmarkResult::threads).distinct().count() < 2) {
                continue;
            }
            BenchmarkResult first = family.get(0);
            String stem = threadStem(first.method());
            // one chart per comparison: split by every parameter but the implementation
            Map<String, List<BenchmarkResult>> byContext = new TreeMap<>(ReportGenerator::compareValues);
            for (BenchmarkResult r : family) {
                byContext.computeIfAbsent(paramsContext(r, null, family), k -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<String, List<BenchmarkResult>> comparison : byContext.entrySet()) {
                List<BenchmarkResult> byThreads = new ArrayList<>(comparison.getValue());
                byThreads.sort(Comparator.comparingInt(BenchmarkResult::threads));
                Map<String, List<SvgBarChart.Bar>> series = new TreeMap<>(IMPL_ORDER);
                for (BenchmarkResult r : byThreads) {
                    series.computeIfAbsent(seriesLabel(r, null, comparison.getValue()), k -> new ArrayList<>())
                            .add(new SvgBarChart.Bar(r.threads() + (r.threads() == 1 ? " thread" : " threads"),
                                    toChartUnit(r, r.score()), toChartUnit(r, r.scoreError())));
                }
                // categories in thread order, whichever series met them first
                List<SvgBarChart.Series> bars = new ArrayList<>();
                series.forEach((name, list) -> bars.add(new SvgBarChart.Series(name, isOurs(name), list)));
                String title = first.simpleClassName() + "." + stem + " by threads (" + first.mode() + ")"
                        + (comparison.getKey().isEmpty() ? "" : ", " + comparison.getKey());
                SvgBarChart chart = new SvgBarChart(title, "threads", yLabel(first), bars);
                charts.add(new Chart(stem, first.mode(), "threads", comparison.getKey(), chart.render()));
            }
        }
        return charts;
    }

    /** What is fixed in r's comparison: the other parameters (not impl, not x) that vary, and the threads if they vary. */
    private static String context(BenchmarkResult r, String xParam, List<BenchmarkResult> method) {
        List<String> parts = new ArrayList<>();
        String params = paramsContext(r, xParam, method);
        if (!params.isEmpty()) {
            parts.add(params);
        }
        if (method.stream().map(BenchmarkResult::threads).distinct().count() > 1) {
            parts.add(r.threads() + (r.threads() == 1 ? " thread" : " threads"));
        }
        return String.join(", ", parts);
    }

    /** The parameters (not impl, not x) that vary across {@code method}, with r's values. */
    private static String paramsContext(BenchmarkResult r, String xParam, List<BenchmarkResult> method) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> p : r.params().entrySet()) {
            if (p.getKey().equals(xParam) || p.getKey().equals(BenchmarkResult.IMPL_PARAM)) {
                continue;
            }
            if (method.stream().map(m -> m.params().get(p.getKey())).distinct().count() > 1) {
                parts.add(p.getKey() + "=" + p.getValue());
            }
        }
        return String.join(", ", parts);
    }

    /**
     * A score (or error) in the charts' units, whatever JMH's unit: microseconds per operation
     * for time modes, operations per microsecond for throughput. Unknown units pass unchanged.
     */
    static double toChartUnit(BenchmarkResult r, double value) {
        String unit = r.unit();
        int slash = unit.indexOf('/');
        if (slash < 0) {
            return value;
        }
        if (r.higherIsBetter()) {
            double perUnit = microsIn(unit.substring(slash + 1));
            return Double.isNaN(perUnit) ? value : value / perUnit;
        }
        double inUnit = microsIn(unit.substring(0, slash));
        return Double.isNaN(inUnit) ? value : value * inUnit;
    }

    /** Microseconds in one {@code unit} (ns, us, ms, s, min); NaN for anything else. */
    private static double microsIn(String unit) {
        return switch (unit) {
            case "ns" -> 1e-3;
            case "us" -> 1;
            case "ms" -> 1e3;
            case "s" -> 1e6;
            case "min" -> 6e7;
            default -> Double.NaN;
        };
    }

    /**
     * The method name without its thread-count suffix: {@code closedCallTwoThreads} and
     * {@code closedCall4Threads} are the multi-thread variants of {@code closedCall}.
     */
    static String threadStem(String method) {
        return method.replaceFirst("(One|Two|Three|Four|Eight|Sixteen|\\d+)Threads?$", "");
    }

    /** The charts' y label, in their units (see {@link #toChartUnit}). */
    static String yLabel(BenchmarkResult r) {
        String unit = r.unit();
        int slash = unit.indexOf('/');
        boolean known = slash >= 0 && !Double.isNaN(microsIn(r.higherIsBetter() ? unit.substring(slash + 1) : unit.substring(0, slash)));
        String shown = !known ? unit : r.higherIsBetter() ? "ops/µs" : "µs/op";
        return shown + (r.higherIsBetter() ? ", higher is better" : ", lower is better");
    }

    /** The label of r's line: the values (other than the x parameter, or threads if it is null) that differ between lines. */
    private static String seriesLabel(BenchmarkResult r, String xParam, List<BenchmarkResult> method) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> p : r.params().entrySet()) {
            if (p.getKey().equals(xParam == null ? "" : xParam)) {
                continue;
            }
            long distinct = method.stream().map(m -> m.params().get(p.getKey())).distinct().count();
            if (distinct > 1) {
                parts.add(p.getKey().equals(BenchmarkResult.IMPL_PARAM) ? p.getValue() : p.getKey() + "=" + p.getValue());
            }
        }
        if (xParam != null && method.stream().map(BenchmarkResult::threads).distinct().count() > 1) {
            parts.add(r.threads() + (r.threads() == 1 ? " thread" : " threads"));
        }
        return parts.isEmpty() ? (r.impl() != null ? r.impl() : r.method()) : String.join(", ", parts);
    }

    private static String groupKey(BenchmarkResult r) {
        Map<String, String> others = new TreeMap<>(r.params());
        others.remove(BenchmarkResult.IMPL_PARAM);
        return r.method() + "|" + r.mode() + "|" + r.threads() + "|" + others;
    }

    private static Comparator<BenchmarkResult> rowOrder(List<String> paramNames) {
        Comparator<BenchmarkResult> order = Comparator.comparing(BenchmarkResult::method).thenComparing(BenchmarkResult::mode);
        for (String p : paramNames) {
            order = order.thenComparing(r -> r.params().getOrDefault(p, ""), ReportGenerator::compareValues);
        }
        return order.thenComparingInt(BenchmarkResult::threads)
                .thenComparing(r -> String.valueOf(r.impl()), IMPL_ORDER);
    }

    /** Ours first, then the libraries, then the baselines; alphabetical within each. */
    static final Comparator<String> IMPL_ORDER = Comparator
            .comparingInt((String impl) -> isOurs(impl) ? 0 : impl.startsWith("baseline") ? 2 : 1)
            .thenComparing(Comparator.naturalOrder());

    static boolean isOurs(String impl) {
        return impl.startsWith("microlab");
    }

    private static int compareValues(String a, String b) {
        if (isNumeric(a) && isNumeric(b)) {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        }
        return a.compareTo(b);
    }

    static boolean isNumeric(String value) {
        return value.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    }

    /** How many times faster {@code r} is than {@code other}: above 1 means faster. */
    static String ratio(BenchmarkResult r, BenchmarkResult other) {
        double times = r.higherIsBetter() ? r.score() / other.score() : other.score() / r.score();
        if (Double.isNaN(times) || Double.isInfinite(times)) {
            return "?";
        }
        String format = times >= 100 ? "%,.0f×" : times >= 10 ? "%.1f×" : "%.2f×";
        return String.format(Locale.ROOT, format, times);
    }

    /** A score with three significant digits (all digits from 1000 on), thousands grouped. */
    static String number(double v) {
        return number(v, decimals(v));
    }

    /** A score and its error, both with the score's decimals: {@code 10.0 ± 0.5}. */
    static String scoreWithError(double score, double error) {
        return number(score) + " ± " + number(error, decimals(score));
    }

    private static String number(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "?";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static int decimals(double v) {
        double abs = Math.abs(v);
        if (Double.isNaN(v) || Double.isInfinite(v) || abs >= 1000) {
            return 0;
        }
        if (abs == 0) {
            return 3;
        }
        return Math.max(0, 2 - (int) Math.floor(Math.log10(abs)));
    }

    private static String alloc(BenchmarkResult r) {
        if (!r.hasAllocation()) {
            return "—";
        }
        return r.allocBytesPerOp() < 0.5 ? "≈ 0" : String.format(Locale.ROOT, "%,.0f", r.allocBytesPerOp());
    }

    private static String distinct(List<BenchmarkResult> results, Function<BenchmarkResult, String> field) {
        Set<String> values = new LinkedHashSet<>();
        results.forEach(r -> values.add(field.apply(r)));
        return String.join("; ", values);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
