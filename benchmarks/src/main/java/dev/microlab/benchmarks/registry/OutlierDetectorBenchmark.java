package dev.microlab.benchmarks.registry;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.registry.CallOutcome;
import dev.microlab.registry.OutlierDetector;
import dev.microlab.registry.ServiceInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What passive health checking adds to every call: {@link OutlierDetector#record} of a
 * successful call, rotating over {@value #HOSTS} hosts, on a detector with its default
 * settings, a manual clock and no interval task. {@code ejected}: {@code none}, or {@code one}
 * host ejected beforehand by five consecutive 5xx (the default threshold); the ejected host
 * keeps receiving recorded calls too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OutlierDetectorBenchmark {

    /** Hosts known to the detector. */
    static final int HOSTS = 10;

    /** Hosts ejected before measuring: {@code none} or {@code one}. */
    @Param({"none", "one"})
    public String ejected;

    private final ServiceInstance[] hosts = new ServiceInstance[HOSTS];
    private OutlierDetector detector;
    private int next;

    @Setup
    public void setUp() {
        List<ServiceInstance> list = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            hosts[i] = ServiceInstance.of("orders", "orders-" + i, "10.0.0." + (i + 1), 8080);
            list.add(hosts[i]);
        }
        detector = OutlierDetector.builder().timeSource(new ManualTimeSource()).random(new Random(42)).build();
        detector.updateHosts(list);
        int expected = switch (ejected) {
            case "none" -> 0;
            case "one" -> {
                for (int i = 0; i < 5; i++) {
                    detector.record(hosts[0], CallOutcome.SERVER_ERROR);
                }
                yield 1;
            }
            default -> throw new IllegalArgumentException("ejected must be one of [none, one], but was '" + ejected + "'");
        };
        if (detector.ejectedCount() != expected) {
            throw new IllegalStateException("expected " + expected + " ejected host(s), but the detector has "
                    + detector.ejectedCount());
        }
    }

    @TearDown
    public void tearDown() {
        detector.close();
    }

    /** One successful call recorded against the next host. */
    @Benchmark
    public void recordSuccess() {
        ServiceInstance host = hosts[next];
        next = next + 1 == HOSTS ? 0 : next + 1;
        detector.record(host, CallOutcome.SUCCESS);
    }
}
