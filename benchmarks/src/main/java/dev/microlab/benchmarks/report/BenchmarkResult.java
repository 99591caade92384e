package dev.microlab.benchmarks.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of JMH's JSON output: one benchmark method, run in one mode with one thread count
 * and one combination of {@code @Param} values.
 *
 * <pre>{@code
 * List<BenchmarkResult> results = JmhJson.read(Path.of("benchmarks/target/jmh-result.json"));
 * results.get(0).impl();   // "failsafe", the value of its impl parameter
 * }</pre>
 *
 * <p>This class is immutable and threadsafe.
 *
 * @param benchmark the fully qualified method, e.g. {@code dev.microlab.benchmarks.core.TimeSourceBenchmark.manualNanoTime}
 * @param mode JMH's short mode label: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param threads how many threads ran the method at once
 * @param params the {@code @Param} values, by name, in JMH's order
 * @param score the primary score
 * @param scoreError half the width of JMH's 99.9% confidence interval; NaN if JMH could not compute one
 * @param unit the primary score's unit, e.g. {@code ops/us} or {@code us/op}
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} from {@code -prof gc}; NaN if the run had no GC profiler
 * @param jvm what ran it: JDK version, VM name and VM version
 * @param settings how JMH ran it: forks, warmup and measurement iterations
 */
public record BenchmarkResult(String benchmark, String mode, int threads, Map<String, String> params,
        double score, double scoreError, String unit, double allocBytesPerOp, String jvm, String settings) {

    /** The parameter that names the implementation of a side-by-side benchmark. */
    public static final String IMPL_PARAM = "impl";

    public BenchmarkResult {
        Objects.requireNonNull(benchmark, "benchmark must not be null");
        Objects.requireNonNull(mode, "mode must not be null");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params must not be null")));
        Objects.requireNonNull(unit, "unit must not be null");
        Objects.requireNonNull(jvm, "jvm must not be null");
        Objects.requireNonNull(settings, "settings must not be null");
        if (benchmark.lastIndexOf('.') < 0) {
            throw new IllegalArgumentException("benchmark must be a qualified method name like 'pkg.Class.method', but was '"
                    + benchmark + "'");
        }
    }

    /** The benchmark class, fully qualified. */
    public String className() {
        return benchmark.substring(0, benchmark.lastIndexOf('.'));
    }

    /** The benchmark class's simple name. */
    public String simpleClassName() {
        return simpleName(className());
    }

    /**
     * The name of {@code cls} without its package, keeping the outer class of a nested one:
     * JMH names a benchmark in a nested class {@code pkg.Outer.Inner.method}, and "Inner" alone
     * ({@code Append}, {@code Read}) would not say which benchmark it is.
     */
    public static String simpleName(String cls) {
        String[] parts = cls.split("\\.");
        int first = parts.length - 1;
        while (first > 0 && !parts[first - 1].isEmpty() && Character.isUpperCase(parts[first - 1].charAt(0))) {
            first--;
        }
        return String.join(".", java.util.Arrays.copyOfRange(parts, first, parts.length));
    }

    /** The benchmark method's name. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The value of the {@value #IMPL_PARAM} parameter, or null if the benchmark has none. */
    public String impl() {
        return params.get(IMPL_PARAM);
    }

    /** Whether a larger score is better (throughput); otherwise the score is a time per operation. */
    public boolean higherIsBetter() {
        return mode.equals("thrpt");
    }

    /** Whether the run measured allocation ({@code -prof gc}). */
    public boolean hasAllocation() {
        return !Double.isNaN(allocBytesPerOp);
    }
}
