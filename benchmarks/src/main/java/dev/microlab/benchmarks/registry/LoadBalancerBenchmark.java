package dev.microlab.benchmarks.registry;

import dev.microlab.registry.InFlightRequests;
import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.ServiceInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/**
 * One load-balancer pick among {@code instances} candidates: the same immutable list on every
 * call, as a client holding a registry snapshot passes it. {@code balancer}:
 * <ul>
 *   <li>{@code round-robin}: {@link LoadBalancer#roundRobin()}, constant time;</li>
 *   <li>{@code smooth-weighted}: {@link LoadBalancer#weightedRoundRobin()} (nginx's smooth
 *       weighted round robin, weights 1 to 5): the cycle of {@code sum(weights)} picks is computed
 *       once for the list, so a pick is one atomic increment and an array read at any size
 *       (the goal: within 2x of round robin);</li>
 *   <li>{@code least-request}: {@link LoadBalancer#leastRequest} with two choices over an
 *       {@link InFlightRequests} in which every tenth instance has a request outstanding, and a
 *       seeded {@link Random}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LoadBalancerBenchmark {

    /** Candidates to pick from. */
    @Param({"10", "1000", "10000"})
    public int instances;

    /** Which balancer: {@code round-robin}, {@code smooth-weighted} or {@code least-request}. */
    @Param({"round-robin", "smooth-weighted", "least-request"})
    public String balancer;

    private List<ServiceInstance> candidates;
    private LoadBalancer loadBalancer;

    @Setup
    public void setUp() {
        List<ServiceInstance> list = new ArrayList<>(instances);
        InFlightRequests inFlight = new InFlightRequests();
        for (int i = 0; i < instances; i++) {
            ServiceInstance instance = ServiceInstance.builder("orders", String.format("orders-%05d", i))
                    .host("10.0." + (i / 250) + "." + (i % 250 + 1)).port(8080).weight(i % 5 + 1).build();
            list.add(instance);
            if (i % 10 == 0) {
                inFlight.increment(instance);
            }
        }
        candidates = List.copyOf(list);
        loadBalancer = switch (balancer) {
            case "round-robin" -> LoadBalancer.roundRobin();
            case "smooth-weighted" -> LoadBalancer.weightedRoundRobin();
            case "least-request" -> LoadBalancer.leastRequest(inFlight::get, new Random(42));
            default -> throw new IllegalArgumentException("balancer must be one of [round-robin, smooth-weighted, "
                    + "least-request], but was '" + balancer + "'");
        };
        loadBalancer.choose(candidates).orElseThrow(); // the weighted balancer computes its cycle once, here
    }

    /** One pick. */
    @Benchmark
    public Optional<ServiceInstance> choose() {
        return loadBalancer.choose(candidates);
    }
}
