package dev.microlab.benchmarks.registry;

import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import java.util.List;
import java.util.Optional;
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
 * Service discovery on the caller's hot path: looking up the passing instances of a service
 * that has {@code instances} registered instances, and choosing one with a round-robin load
 * balancer, at 10, 1e3 and 1e4 instances. Another 99 services of 10 instances each are
 * registered too, so that the lookup is not measured on an otherwise empty registry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegistryLookupBenchmark {

    static final String SERVICE = "orders";
    static final int OTHER_SERVICES = 99;

    /** Registered instances of the looked-up service. */
    @Param({"10", "1000", "10000"})
    public int instances;

    private ServiceRegistry registry;
    private final LoadBalancer roundRobin = LoadBalancer.roundRobin();

    @Setup
    public void setUp() {
        registry = ServiceRegistry.builder().build();
        for (int i = 0; i < instances; i++) {
            registry.register(ServiceInstance.of(SERVICE, SERVICE + "-" + i, host(i), 8080));
        }
        for (int s = 0; s < OTHER_SERVICES; s++) {
            for (int i = 0; i < 10; i++) {
                registry.register(ServiceInstance.of("service-" + s, "service-" + s + "-" + i, host(i), 9000 + s));
            }
        }
    }

    @TearDown
    public void tearDown() {
        registry.close();
    }

    /** The passing instances of the service. */
    @Benchmark
    public List<ServiceInstance> passingInstances() {
        return registry.passingInstances(SERVICE);
    }

    /** Lookup plus a round-robin choice: what a client does before each call. */
    @Benchmark
    public Optional<ServiceInstance> lookUpAndChoose() {
        return roundRobin.choose(registry.passingInstances(SERVICE));
    }

    private static String host(int i) {
        return "10.0." + (i / 250) + "." + (i % 250 + 1);
    }
}
