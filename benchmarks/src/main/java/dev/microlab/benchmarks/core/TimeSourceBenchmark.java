package dev.microlab.benchmarks.core;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.TimeSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What reading a {@link TimeSource} costs: the manual source every test uses (one volatile
 * read) next to the system source production code uses ({@link System#nanoTime()}).
 *
 * <p>A pattern reads its time source on every call (a breaker's slow-call timer, a rate
 * limiter's refill), so this is the floor under their hot paths.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimeSourceBenchmark {

    private final ManualTimeSource manual = new ManualTimeSource();
    private final TimeSource system = TimeSource.system();

    @Benchmark
    public long manualNanoTime() {
        return manual.nanoTime();
    }

    @Benchmark
    public long systemNanoTime() {
        return system.nanoTime();
    }
}
