package dev.microlab.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class ReportGeneratorTest {

    private static final String CHART = "EventStoreReadBenchmark-readStream-storedEvents-avgt.svg";
    private static final String THREADS_CHART = "CircuitBreakerBenchmark-closedCall-threads.svg";

    private final ReportGenerator.Report report = ReportGenerator.generate(Samples.results(), Samples.INFO);
    private final String md = report.markdown();

    @Test
    @DisplayName("states the date, machine, JVM, JMH settings and the exact command")
    void statesTheRun() {
        assertThat(md)
                .as("the run's description should be at the top of the report")
                .contains("| Date | 2026-12-01 07:15 UTC |")
                .contains("| Machine | 2 cores, Linux 6.1.0 (amd64), Test CPU @ 2.00GHz |")
                .contains("| JVM | 17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1) |")
                .contains("JMH 1.37, 1 fork(s), warmup 2 × 1 s, measurement 3 × 1 s; "
                        + "JMH 1.37, 1 fork(s), warmup 2 × 1 s, measurement 1 × 1 s")
                .contains("| Command | `benchmarks/run quick` |");
    }

    @Test
    @DisplayName("has one section per benchmark class, listed in the contents")
    void sectionPerClass() {
        assertThat(md).contains("## CircuitBreakerBenchmark\n", "## EventStoreReadBenchmark\n", "## TimeSourceBenchmark\n");
        assertThat(md).contains("- [CircuitBreakerBenchmark](#circuitbreakerbenchmark)");
        assertThat(md.indexOf("## CircuitBreakerBenchmark"))
                .as("classes are sorted by simple name")
                .isLessThan(md.indexOf("## EventStoreReadBenchmark"));
    }

    @Test
    @DisplayName("names a benchmark in a nested class after its outer class too (JMH writes pkg.Outer.Inner.method)")
    void nestedClassName() {
        assertThat(BenchmarkResult.simpleName("dev.microlab.benchmarks.eventstore.PostgresEventStoreBenchmark.Append"))
                .isEqualTo("PostgresEventStoreBenchmark.Append");
        assertThat(BenchmarkResult.simpleName("dev.microlab.benchmarks.core.TimeSourceBenchmark"))
                .isEqualTo("TimeSourceBenchmark");
        assertThat(BenchmarkResult.simpleName("NoPackage")).isEqualTo("NoPackage");
    }

    @Test
    @DisplayName("gives each competitor a column; the libraries come before the baselines")
    void competitorColumns() {
        assertThat(md).contains("| Benchmark | Mode | payloadTokens | Threads | impl | Score ± error | Unit | Alloc (B/op) "
                + "| vs failsafe | vs resilience4j | vs baseline-synchronized |");
    }

    @Test
    @DisplayName("in throughput mode, the ratio is the row's score over the competitor's")
    void throughputRatio() {
        // resilience4j 10 ops/us, failsafe 5, baseline 8
        assertThat(row("closedCall", "resilience4j"))
                .containsExactly("closedCall", "thrpt", "50", "1", "resilience4j", "10.0 ± 0.5", "ops/us", "24",
                        "2.00×", "", "1.25×");
        assertThat(row("closedCall", "failsafe"))
                .as("a slower row gets a ratio below 1")
                .containsExactly("closedCall", "thrpt", "50", "1", "failsafe", "5.00 ± 0.25", "ops/us", "336",
                        "", "0.50×", "0.63×");
    }

    @Test
    @DisplayName("in time-per-operation mode, the ratio is the competitor's time over the row's")
    void timeRatio() {
        // microlab-memory 0.05 us/op, baseline 2500 us/op at a million events
        List<String> ours = row("readStream", "1000000 | 1 | **microlab-memory**");
        assertThat(ours).as("our row is bold and 50000 times faster than the baseline")
                .containsExactly("readStream", "avgt", "1000000", "1", "**microlab-memory**", "0.0500 ± 0.0010", "us/op",
                        "56", "50,000×");
    }

    @Test
    @DisplayName("every table's separator row has as many columns as its header")
    void wellFormedTables() {
        List<String> lines = md.lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| --- |")) {
                assertThat(lines.get(i).chars().filter(c -> c == '|').count())
                        .as("separator under '%s'", lines.get(i - 1))
                        .isEqualTo(lines.get(i - 1).chars().filter(c -> c == '|').count());
            }
        }
    }

    @Test
    @DisplayName("our own implementation is never a 'vs' column")
    void oursIsNotACompetitor() {
        assertThat(md).doesNotContain("vs microlab-memory").contains("| vs baseline-list-scan |");
    }

    @Test
    @DisplayName("leaves the ratio empty when the competitor did not run in the same group")
    void missingCompetitor() {
        assertThat(row("closedCallTwoThreads", "resilience4j"))
                .as("no baseline ran with two threads in the sample")
                .containsExactly("closedCallTwoThreads", "thrpt", "50", "2", "resilience4j", "12.0 ± 0.6", "ops/us",
                        "24", "3.00×", "", "");
    }

    @Test
    @DisplayName("shows ≈ 0 for a non-allocating call, — without the GC profiler, and ? for an unknown error")
    void allocationAndError() {
        assertThat(row("closedCall", "baseline-synchronized")).element(7).isEqualTo("≈ 0");
        assertThat(row("manualNanoTime", "avgt"))
                .containsExactly("manualNanoTime", "avgt", "1", "0.612 ± ?", "ns/op", "—");
    }

    @Test
    @DisplayName("puts a loud warning at the top when a note is given, and none otherwise")
    void note() {
        // Given
        ReportGenerator.RunInfo noisy = new ReportGenerator.RunInfo(Samples.MACHINE, Samples.INFO.date(),
                "benchmarks/run quick", "Preliminary figures: the machine was busy.", "benchmarks");

        // When
        String withNote = ReportGenerator.generate(Samples.results(), noisy).markdown();

        // Then
        assertThat(withNote).startsWith("# Benchmarks\n\n> [!WARNING]\n> **Preliminary figures: the machine was busy.**\n");
        assertThat(md).doesNotContain("[!WARNING]");
    }

    @Test
    @DisplayName("draws a chart for a numeric parameter with several values, and links it")
    void chartForScaleParameter() {
        assertThat(report.charts()).as("payloadTokens has one value, so storedEvents is the only parameter scale")
                .containsOnlyKeys(CHART, THREADS_CHART);
        assertThat(md).contains("![EventStoreReadBenchmark.readStream by storedEvents](benchmarks/" + CHART + ")");
        assertThat(md.indexOf("](benchmarks/" + CHART))
                .as("the chart sits in its class's section")
                .isGreaterThan(md.indexOf("## EventStoreReadBenchmark"))
                .isLessThan(md.indexOf("## TimeSourceBenchmark"));
    }

    @Test
    @DisplayName("the chart is valid SVG with one line per implementation over log-scaled axes")
    void chartContent() throws Exception {
        // Given
        Document svg = parse(report.charts().get(CHART));

        // When
        NodeList lines = svg.getElementsByTagName("polyline");
        List<String> legend = texts(svg, "legend");
        List<String> ticks = texts(svg, "tick");

        // Then
        assertThat(lines.getLength()).as("one line per impl").isEqualTo(2);
        for (int i = 0; i < lines.getLength(); i++) {
            String[] points = lines.item(i).getAttributes().getNamedItem("points").getNodeValue().split(" ");
            assertThat(points).as("each line has the three stored-event counts").hasSize(3);
        }
        assertThat(legend).containsExactly("microlab-memory", "baseline-list-scan");
        assertThat(ticks).as("x spans 1e3..1e6: log scale with a tick per decade").contains("1k", "10k", "100k", "1M");
        assertThat(report.charts().get(CHART)).contains("storedEvents (log scale)", "µs/op, lower is better (log scale)");
    }

    @Test
    @DisplayName("every point of a line chart carries its error bar, JMH's 99.9 % interval, as tall as twice the error")
    void errorBarsOnEveryPoint() throws Exception {
        // Given: baseline-list-scan at 100k events scores 250 ± 10 µs/op
        Document svg = parse(report.charts().get(CHART));

        // When
        List<String> bars = attributes(svg, "path", "error-bar", "d");

        // Then
        assertThat(bars).as("one error bar per point: 2 implementations × 3 sizes").hasSize(6);
        assertThat(report.charts().get(CHART)).as("the tooltip states the interval").contains("250 ± 10 µs/op");
    }

    @Test
    @DisplayName("microlab's series comes first and is marked: bold legend, thicker line")
    void oursFirstAndMarked() throws Exception {
        // When
        Document svg = parse(report.charts().get(CHART));
        NodeList groups = svg.getElementsByTagName("g");
        List<String> seriesClasses = new ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            String cls = groups.item(i).getAttributes().getNamedItem("class").getNodeValue();
            if (cls.startsWith("series")) {
                seriesClasses.add(cls);
            }
        }

        // Then
        assertThat(seriesClasses).containsExactly("series highlighted", "series");
        assertThat(report.charts().get(CHART)).contains("font-weight=\"bold\">microlab-memory</text>");
        assertThat(attributes(svg, "polyline", null, "stroke-width")).containsExactly("3", "1.5");
    }

    @Test
    @DisplayName("series differ without colour: each line has its own marker shape and dash pattern, each bar its own fill pattern")
    void distinguishableWithoutColour() throws Exception {
        // Given
        Document lines = parse(report.charts().get(CHART));
        Document bars = parse(report.charts().get(THREADS_CHART));

        // When
        List<String> shapes = attributes(lines, "circle", "marker", "data-shape");
        shapes.addAll(attributes(lines, "path", "marker", "data-shape"));
        List<String> dashes = attributes(lines, "polyline", null, "stroke-dasharray");
        List<String> patterns = attributes(bars, "g", null, "data-pattern");

        // Then
        assertThat(shapes.stream().distinct()).as("a shape per series").containsExactlyInAnyOrder("circle", "square");
        assertThat(dashes).as("the first line solid (no dasharray), the second dashed").containsExactly("7 4");
        assertThat(patterns).as("a fill pattern per series").doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    @DisplayName("charts are in µs whatever JMH's unit: ns/op and ms/op become µs/op, ops/s becomes ops/µs")
    void unitsInMicroseconds() {
        BenchmarkResult nanos = result("avgt", "ns/op", 612.34);
        BenchmarkResult millis = result("avgt", "ms/op", 2.5);
        BenchmarkResult perSecond = result("thrpt", "ops/s", 3_000_000);
        BenchmarkResult perMicro = result("thrpt", "ops/us", 8);

        assertThat(ReportGenerator.toChartUnit(nanos, nanos.score())).isCloseTo(0.61234, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ReportGenerator.toChartUnit(millis, millis.score())).isEqualTo(2500.0);
        assertThat(ReportGenerator.toChartUnit(perSecond, perSecond.score())).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ReportGenerator.toChartUnit(perMicro, perMicro.score())).isEqualTo(8.0);
        assertThat(List.of(ReportGenerator.yLabel(nanos), ReportGenerator.yLabel(perSecond)))
                .containsExactly("µs/op, lower is better", "ops/µs, higher is better");
    }

    @Test
    @DisplayName("one chart per comparison: a second parameter that varies splits the chart, each with a line per implementation")
    void oneChartPerComparison() throws Exception {
        // Given: two implementations, at 1 and 4 listeners, over three sizes
        List<BenchmarkResult> results = new ArrayList<>();
        for (String impl : List.of("microlab", "resilience4j")) {
            for (String listeners : List.of("1", "4")) {
                for (String size : List.of("10", "100", "1000")) {
                    results.add(new BenchmarkResult("x.PublishBenchmark.publish", "avgt", 1,
                            java.util.Map.of("impl", impl, "listeners", listeners, "size", size),
                            1 + Double.parseDouble(size) / 100, 0.1, "us/op", Double.NaN, "JDK 17", "1 fork"));
                }
            }
        }

        // When
        ReportGenerator.Report split = ReportGenerator.generate(results, Samples.INFO);

        // Then
        assertThat(split.charts().keySet()).contains(
                "PublishBenchmark-publish-size-avgt-listeners=1.svg", "PublishBenchmark-publish-size-avgt-listeners=4.svg");
        Document one = parse(split.charts().get("PublishBenchmark-publish-size-avgt-listeners=4.svg"));
        assertThat(texts(one, "legend")).as("a line per implementation, ours first").containsExactly("microlab", "resilience4j");
        assertThat(split.markdown()).contains("![PublishBenchmark.publish by size (listeners=4)](benchmarks/");
    }

    @Test
    @DisplayName("formats scores to three significant digits and errors with the score's decimals")
    void numbers() {
        assertThat(List.of(ReportGenerator.scoreWithError(2500, 100), ReportGenerator.scoreWithError(123.456, 1.23),
                ReportGenerator.scoreWithError(0.61234, Double.NaN), ReportGenerator.scoreWithError(12_345.6, 7.8)))
                .containsExactly("2,500 ± 100", "123 ± 1", "0.612 ± ?", "12,346 ± 8");
    }

    @Test
    @DisplayName("draws methods that differ only by a thread-count suffix as one chart over threads")
    void threadsChart() throws Exception {
        // Given
        Document svg = parse(report.charts().get(THREADS_CHART));

        // When
        List<String> bars = attributes(svg, "rect", "bar", "height");
        List<String> ticks = texts(svg, "tick");

        // Then
        assertThat(md).contains("![CircuitBreakerBenchmark.closedCall by threads](benchmarks/" + THREADS_CHART + ")");
        assertThat(texts(svg, "legend")).as("a bar series per impl, libraries before baselines")
                .containsExactly("failsafe", "resilience4j", "baseline-synchronized");
        assertThat(bars).as("failsafe and resilience4j at 1 and 2 threads, the baseline at 1 only").hasSize(5);
        assertThat(attributes(svg, "path", "error-bar", "d")).as("an error bar per bar").hasSize(5);
        assertThat(svg.getElementsByTagName("polyline").getLength()).as("no line between thread counts").isZero();
        assertThat(ticks).as("a group per thread count").contains("1 thread", "2 threads");
    }

    @Test
    @DisplayName("draws one threads chart per value of every other parameter, never two payloads in one chart")
    void threadsChartPerContext() {
        // Given: the sample's breaker results at payloadTokens=50, and the same at payloadTokens=10
        List<BenchmarkResult> results = new java.util.ArrayList<>(Samples.results());
        for (BenchmarkResult r : Samples.results()) {
            if (r.benchmark().contains("CircuitBreakerBenchmark")) {
                Map<String, String> params = new java.util.LinkedHashMap<>(r.params());
                params.put("payloadTokens", "10");
                results.add(new BenchmarkResult(r.benchmark(), r.mode(), r.threads(), params, r.score() * 2,
                        r.scoreError(), r.unit(), r.allocBytesPerOp(), r.jvm(), r.settings()));
            }
        }

        // When
        ReportGenerator.Report twoPayloads = ReportGenerator.generate(results, Samples.INFO);

        // Then
        List<String> threadCharts = twoPayloads.charts().keySet().stream()
                .filter(f -> f.startsWith("CircuitBreakerBenchmark-closedCall-threads")).sorted().toList();
        assertThat(threadCharts).as("a threads chart per payload")
                .containsExactly("CircuitBreakerBenchmark-closedCall-threads-payloadTokens=10.svg",
                        "CircuitBreakerBenchmark-closedCall-threads-payloadTokens=50.svg");
        assertThat(twoPayloads.charts().get(threadCharts.get(0)))
                .as("legends name the implementation only; the payload is in the title")
                .contains("payloadTokens=10").doesNotContain("resilience4j, payloadTokens");
    }

    @Test
    @DisplayName("recognises the thread-count suffix of a method name")
    void threadStem() {
        assertThat(List.of(ReportGenerator.threadStem("closedCallTwoThreads"), ReportGenerator.threadStem("read4Threads"),
                ReportGenerator.threadStem("closedCall"), ReportGenerator.threadStem("threads")))
                .containsExactly("closedCall", "read", "closedCall", "threads");
    }

    @Test
    @DisplayName("refuses to report an empty result set")
    void rejectsEmpty() {
        assertThatThrownBy(() -> ReportGenerator.generate(List.of(), Samples.INFO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("results must not be empty");
    }

    @Test
    @DisplayName("the command line writes the Markdown and the charts next to it, replacing stale charts")
    void commandLine(@TempDir Path dir) throws Exception {
        // Given
        Path input = dir.resolve("jmh-result.json");
        try (var in = Samples.class.getResourceAsStream(Samples.SAMPLE)) {
            Files.copy(in, input);
        }
        Path output = dir.resolve("docs/benchmarks.md");
        Files.createDirectories(dir.resolve("docs/benchmarks"));
        Files.writeString(dir.resolve("docs/benchmarks/stale.svg"), "<svg/>");

        // When
        ReportGenerator.main(new String[] {"--input", input.toString(), "--output", output.toString(),
            "--command", "benchmarks/run quick -p impl=failsafe", "--note", "Preliminary"});

        // Then
        assertThat(Files.readString(output)).contains("`benchmarks/run quick -p impl=failsafe`", "**Preliminary**");
        assertThat(dir.resolve("docs/benchmarks/" + CHART)).exists();
        assertThat(dir.resolve("docs/benchmarks/stale.svg")).as("charts of an older run are removed").doesNotExist();
    }

    @Test
    @DisplayName("rejects an unknown command-line option, listing the known ones")
    void rejectsUnknownOption() {
        assertThatThrownBy(() -> ReportGenerator.parseArgs(new String[] {"--inptu", "x.json"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--inptu")
                .hasMessageContaining("--input");
    }

    /** The cells of the one table row that starts with {@code method} and contains {@code marker}. */
    private List<String> row(String method, String marker) {
        List<String> rows = md.lines()
                .filter(l -> l.startsWith("| " + method + " |") && l.contains(marker))
                .toList();
        assertThat(rows).as("exactly one row of %s contains '%s'", method, marker).hasSize(1);
        String line = rows.get(0);
        return Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1)).map(String::strip).toList();
    }

    private static BenchmarkResult result(String mode, String unit, double score) {
        return new BenchmarkResult("x.Bench.m", mode, 1, java.util.Map.of(), score, Double.NaN, unit, Double.NaN, "JDK 17", "1 fork");
    }

    /** The {@code attribute} of every {@code tag} element whose class is {@code cssClass} (any class when null) and that has it. */
    private static List<String> attributes(Document svg, String tag, String cssClass, String attribute) {
        NodeList nodes = svg.getElementsByTagName(tag);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            var attrs = nodes.item(i).getAttributes();
            var cls = attrs.getNamedItem("class");
            var value = attrs.getNamedItem(attribute);
            if (value != null && (cssClass == null || cls != null && cls.getNodeValue().equals(cssClass))) {
                found.add(value.getNodeValue());
            }
        }
        return found;
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document svg, String cssClass) {
        NodeList texts = svg.getElementsByTagName("text");
        List<String> found = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            var cls = texts.item(i).getAttributes().getNamedItem("class");
            if (cls != null && cls.getNodeValue().equals(cssClass)) {
                found.add(texts.item(i).getTextContent());
            }
        }
        return found;
    }
}
