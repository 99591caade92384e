package dev.microlab.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the JSON that JMH writes with {@code -rf json -rff FILE} into {@link BenchmarkResult}s.
 *
 * <pre>{@code
 * List<BenchmarkResult> results = JmhJson.read(Path.of("benchmarks/target/jmh-result.json"));
 * }</pre>
 *
 * <p>This class is threadsafe (it has no state).
 */
public final class JmhJson {

    /** The secondary metric that {@code -prof gc} reports as bytes allocated per operation. */
    static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhJson() {
    }

    /**
     * Reads a JMH JSON result file.
     *
     * @throws UncheckedIOException if the file cannot be read or is not JSON
     * @throws IllegalArgumentException if the JSON is not a JMH result array
     */
    public static List<BenchmarkResult> read(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read JMH results from " + file, e);
        }
    }

    /**
     * Reads JMH JSON from a stream; {@code source} names it in error messages.
     *
     * @throws IOException if the stream cannot be read or is not JSON
     * @throws IllegalArgumentException if the JSON is not a JMH result array
     */
    public static List<BenchmarkResult> read(InputStream in, String source) throws IOException {
        Objects.requireNonNull(in, "in must not be null");
        JsonNode root = MAPPER.readTree(in);
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("JMH results in " + source
                    + " must be a JSON array (as written by -rf json), but the document is "
                    + (root == null ? "empty" : root.getNodeType()));
        }
        List<BenchmarkResult> results = new ArrayList<>();
        for (JsonNode node : root) {
            results.add(parse(node, source));
        }
        return results;
    }

    private static BenchmarkResult parse(JsonNode node, String source) {
        String benchmark = required(node, "benchmark", source).asText();
        JsonNode primary = required(node, "primaryMetric", source);
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode paramsNode = node.path("params");
        for (Map.Entry<String, JsonNode> param : paramsNode.properties()) {
            params.put(param.getKey(), param.getValue().asText());
        }
        double alloc = Double.NaN;
        for (Map.Entry<String, JsonNode> metric : node.path("secondaryMetrics").properties()) {
            // JMH before 1.33 prefixed profiler metrics with a middle dot: "·gc.alloc.rate.norm".
            if (metric.getKey().replace("\u00b7", "").equals(ALLOC_NORM)) {
                alloc = number(metric.getValue().path("score"));
            }
        }
        String jvm = String.join(" ", node.path("jdkVersion").asText("?"), "(" + node.path("vmName").asText("?"),
                node.path("vmVersion").asText("?") + ")");
        String settings = "JMH " + node.path("jmhVersion").asText("?")
                + ", " + node.path("forks").asInt() + " fork(s)"
                + ", warmup " + node.path("warmupIterations").asInt() + " × " + node.path("warmupTime").asText("?")
                + ", measurement " + node.path("measurementIterations").asInt() + " × "
                + node.path("measurementTime").asText("?");
        return new BenchmarkResult(benchmark, required(node, "mode", source).asText(),
                node.path("threads").asInt(1), params, number(required(primary, "score", source)),
                number(primary.path("scoreError")), primary.path("scoreUnit").asText(""), alloc, jvm, settings);
    }

    private static JsonNode required(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("JMH result in " + source + " has no '" + field
                    + "' field; is it JMH's JSON output (-rf json)? Entry: " + abbreviate(node.toString()));
        }
        return value;
    }

    /** JMH writes NaN and infinities as strings ("NaN"); a missing number is NaN. */
    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
