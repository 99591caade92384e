package dev.microlab.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JmhJsonTest {

    @Test
    @DisplayName("reads each result's benchmark, mode, threads, parameters, score, error, unit and allocation")
    void readsEveryField() {
        // Given / When
        List<BenchmarkResult> results = Samples.results();

        // Then
        assertThat(results).as("the sample holds 12 results").hasSize(12);
        BenchmarkResult failsafe = results.get(1);
        assertThat(failsafe.benchmark()).isEqualTo("dev.microlab.benchmarks.circuitbreaker.CircuitBreakerBenchmark.closedCall");
        assertThat(failsafe.simpleClassName()).isEqualTo("CircuitBreakerBenchmark");
        assertThat(failsafe.method()).isEqualTo("closedCall");
        assertThat(failsafe.mode()).isEqualTo("thrpt");
        assertThat(failsafe.threads()).isEqualTo(1);
        assertThat(failsafe.params()).containsExactly(Map.entry("impl", "failsafe"), Map.entry("payloadTokens", "50"));
        assertThat(failsafe.impl()).isEqualTo("failsafe");
        assertThat(failsafe.score()).isEqualTo(5.0);
        assertThat(failsafe.scoreError()).isEqualTo(0.25);
        assertThat(failsafe.unit()).isEqualTo("ops/us");
        assertThat(failsafe.allocBytesPerOp()).as("gc.alloc.rate.norm is the allocation per op").isEqualTo(336.0);
        assertThat(failsafe.jvm()).isEqualTo("17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1)");
        assertThat(failsafe.settings()).isEqualTo("JMH 1.37, 1 fork(s), warmup 2 × 1 s, measurement 3 × 1 s");
    }

    @Test
    @DisplayName("reads JMH's \"NaN\" error as NaN and a run without -prof gc as having no allocation")
    void missingFigures() {
        // Given / When
        BenchmarkResult single = Samples.results().get(11);

        // Then
        assertThat(single.scoreError()).as("JMH writes NaN as a string when one iteration ran").isNaN();
        assertThat(single.hasAllocation()).as("this result has no gc.alloc.rate.norm").isFalse();
        assertThat(single.params()).as("JMH omits 'params' for a benchmark without any").isEmpty();
        assertThat(single.impl()).isNull();
    }

    @Test
    @DisplayName("also reads the middle-dot metric names of JMH before 1.33")
    void oldMetricNames() throws Exception {
        // Given
        String json = """
                [{"benchmark":"a.B.c","mode":"avgt","threads":1,"primaryMetric":{"score":1.5,"scoreError":0.1,"scoreUnit":"ns/op"},
                  "secondaryMetrics":{"\u00b7gc.alloc.rate.norm":{"score":48.0,"scoreUnit":"B/op"}}}]
                """;

        // When
        List<BenchmarkResult> results = JmhJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "old");

        // Then
        assertThat(results.get(0).allocBytesPerOp()).isEqualTo(48.0);
    }

    @Test
    @DisplayName("rejects a document that is not JMH's result array, saying what it got")
    void rejectsNonArray() {
        // Given
        byte[] json = "{\"benchmark\":\"a.B.c\"}".getBytes(StandardCharsets.UTF_8);

        // When / Then
        assertThatThrownBy(() -> JmhJson.read(new ByteArrayInputStream(json), "results.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("results.json")
                .hasMessageContaining("must be a JSON array")
                .hasMessageContaining("OBJECT");
    }

    @Test
    @DisplayName("rejects a result without a primary metric, naming the missing field")
    void rejectsMissingField() {
        // Given
        byte[] json = "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\"}]".getBytes(StandardCharsets.UTF_8);

        // When / Then
        assertThatThrownBy(() -> JmhJson.read(new ByteArrayInputStream(json), "results.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'primaryMetric'");
    }
}
