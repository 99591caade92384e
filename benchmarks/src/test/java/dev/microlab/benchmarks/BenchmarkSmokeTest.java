package dev.microlab.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every JMH benchmark of this module once, in this JVM, with tiny iterations, so that a
 * broken benchmark (an exception in setup or in the measured method, a wrong {@code impl}
 * name) fails the build. It asserts that each benchmark produced a result, never how fast.
 *
 * <p>Benchmarks are discovered from the list JMH's annotation processor writes
 * ({@code META-INF/BenchmarkList}), so a benchmark added later is smoke-tested without any
 * change here. Every parameter value runs, except numeric values above
 * {@value #LARGEST_SMOKE_VALUE}: those are the far points of a scale curve (a million stored
 * events, ten thousand registered instances) whose small end already runs the same code, and
 * whose setup alone can take seconds.
 */
@Tag("campaign") // several JVMs or a JMH run: `./mvnw verify -Pcampaigns` (and CI) runs it
class BenchmarkSmokeTest {

    /** Larger numeric parameter values are skipped; the smallest value of a parameter always runs. */
    static final long LARGEST_SMOKE_VALUE = 1_000;

    private static final String PACKAGE = "dev\\.microlab\\.benchmarks\\..*";

    @Test
    @DisplayName("finds the benchmarks the annotation processor generated")
    void findsBenchmarks() {
        // Given / When
        List<String> names = benchmarks().stream().map(BenchmarkListEntry::getUsername).toList();

        // Then
        assertThat(names)
                .as("META-INF/BenchmarkList should list this module's benchmarks; if it is empty the JMH "
                        + "annotation processor did not run (see annotationProcessorPaths in benchmarks/pom.xml)")
                .contains("dev.microlab.benchmarks.circuitbreaker.CircuitBreakerBenchmark.closedCall",
                        "dev.microlab.benchmarks.core.EventPublisherBenchmark.publishGuarded");
    }

    @Test
    @DisplayName("keeps every value of a text parameter and only the small values of a numeric one")
    void smokeValuesOfAParameter() {
        assertThat(smokeValues(new String[] {"resilience4j", "failsafe"}))
                .as("every implementation must be smoke-tested")
                .containsExactly("resilience4j", "failsafe");
        assertThat(smokeValues(new String[] {"1000", "100000", "1000000"}))
                .as("only the small end of a scale curve runs")
                .containsExactly("1000");
        assertThat(smokeValues(new String[] {"10", "1000", "10000"}))
                .as("values up to the limit run")
                .containsExactly("10", "1000");
        assertThat(smokeValues(new String[] {"1000000", "20000"}))
                .as("the smallest value always runs, even when it is large")
                .containsExactly("20000");
    }

    @TestFactory
    @DisplayName("every benchmark runs once without failing")
    Stream<DynamicTest> everyBenchmarkRuns() {
        return benchmarks().stream().map(entry -> DynamicTest.dynamicTest(
                entry.getUsername().replace("dev.microlab.benchmarks.", "") + " (" + entry.getMode().shortLabel() + ")",
                () -> runOnce(entry)));
    }

    private static void runOnce(BenchmarkListEntry entry) throws RunnerException {
        // Given: the PostgreSQL benchmarks need a server, like the event-store-postgres tests
        if (entry.getUsername().contains(".PostgresEventStoreBenchmark")) {
            String unreachable = dev.microlab.benchmarks.eventstore.PostgresEventStoreBenchmark.unreachable();
            if (unreachable != null && !"true".equalsIgnoreCase(System.getenv("CI"))) {
                org.junit.jupiter.api.Assumptions.abort("skipped: " + unreachable);
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(entry.getUsername()) + "$")
                .mode(entry.getMode())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .timeUnit(TimeUnit.MICROSECONDS)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        int combinations = 1;
        for (Map.Entry<String, String[]> param : params(entry).entrySet()) {
            String[] values = smokeValues(param.getValue());
            options.param(param.getKey(), values);
            combinations *= values.length;
        }

        // When
        Collection<RunResult> results = new Runner(options.build()).run();

        // Then
        assertThat(results)
                .as("%s should produce one result per parameter combination", entry.getUsername())
                .hasSize(combinations);
        assertThat(results)
                .as("%s should have measured at least one operation", entry.getUsername())
                .allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount()).isPositive());
    }

    static String[] smokeValues(String[] values) {
        boolean numeric = Arrays.stream(values).allMatch(v -> v.matches("-?\\d+(\\.\\d+)?"));
        if (!numeric) {
            return values;
        }
        double smallest = Arrays.stream(values).mapToDouble(Double::parseDouble).min().orElseThrow();
        List<String> kept = new ArrayList<>();
        for (String v : values) {
            double d = Double.parseDouble(v);
            if (d <= LARGEST_SMOKE_VALUE || d == smallest) {
                kept.add(v);
            }
        }
        return kept.toArray(String[]::new);
    }

    private static Map<String, String[]> params(BenchmarkListEntry entry) {
        return entry.getParams().hasValue() ? entry.getParams().get() : Map.of();
    }

    private static SortedSet<BenchmarkListEntry> benchmarks() {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return BenchmarkList.defaultList().find(
                OutputFormatFactory.createFormatInstance(quiet, VerboseMode.SILENT), List.of(PACKAGE), List.of());
    }
}
