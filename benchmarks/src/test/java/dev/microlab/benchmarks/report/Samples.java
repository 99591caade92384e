package dev.microlab.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** The checked-in JMH sample and a fixed run description, shared by the report tests. */
final class Samples {

    static final String SAMPLE = "/jmh-sample.json";

    static final Machine MACHINE = new Machine(2, "Linux 6.1.0 (amd64)", "Test CPU @ 2.00GHz");

    static final ReportGenerator.RunInfo INFO = new ReportGenerator.RunInfo(MACHINE,
            Instant.parse("2026-12-01T07:15:00Z"), "benchmarks/run quick", "", "benchmarks");

    private Samples() {
    }

    static List<BenchmarkResult> results() {
        try (InputStream in = Samples.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException(SAMPLE + " is missing from the test resources");
            }
            return JmhJson.read(in, SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
