package dev.microlab.registry;

import dev.microlab.registry.internal.LeastRequestLoadBalancer;
import dev.microlab.registry.internal.RandomLoadBalancer;
import dev.microlab.registry.internal.RoundRobinLoadBalancer;
import dev.microlab.registry.internal.SmoothWeightedRoundRobinLoadBalancer;
import dev.microlab.registry.internal.ZonePreferenceLoadBalancer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Picks one instance among candidates: the last step of client-side load balancing, after
 * routing and outlier filtering have chosen the candidates.
 *
 * <p>The factories give the usual policies of Spring Cloud LoadBalancer, nginx and Envoy:
 * <ul>
 *   <li>{@link #roundRobin()}: each candidate in turn; over {@code k·n} picks each gets exactly {@code k}.</li>
 *   <li>{@link #random(RandomGenerator)}: uniform, seedable.</li>
 *   <li>{@link #weightedRoundRobin()}: nginx's smooth weighted round robin on
 *       {@link ServiceInstance#weight()}: over one cycle of {@code sum(weights)} picks each candidate
 *       gets exactly its weight, interleaved rather than in bursts; a peer keeps its current weight
 *       while it is left out of the candidates, and state is kept per group; a pick on an unchanged
 *       list costs the same at any size (a precomputed cycle).</li>
 *   <li>{@link #leastRequest(ToIntFunction, RandomGenerator)}: Envoy's least request by the power of
 *       two choices: two random candidates, the one with fewer outstanding requests wins.</li>
 *   <li>{@link #zonePreference(String, LoadBalancer)}: candidates in the caller's zone if any, else all.</li>
 * </ul>
 *
 * <p>Candidate lists come from a {@link ServiceSnapshot} (ordered by instance id); a balancer keeps
 * state across calls, so use one balancer per service.
 *
 * <pre>{@code
 * LoadBalancer balancer = LoadBalancer.zonePreference("eu-west-1a", LoadBalancer.roundRobin());
 * ServiceInstance target = balancer.choose(registry.passingInstances("orders")).orElseThrow();
 * }</pre>
 *
 * <p>Implementations must be thread-safe; every factory here returns a threadsafe balancer.
 */
@FunctionalInterface
public interface LoadBalancer {

    /**
     * Picks one of {@code candidates}.
     *
     * @return the chosen instance, or empty if {@code candidates} is empty
     * @throws NullPointerException if {@code candidates} is null
     */
    Optional<ServiceInstance> choose(List<ServiceInstance> candidates);

    /**
     * Picks one of {@code candidates}, a set named {@code group}. A balancer that keeps state keeps
     * it per group, as nginx keeps it per {@code upstream} block: {@link ServiceClient} passes the
     * route's subset (or {@code ""}), so a 90/10 split over two subsets gives each subset its own
     * exact shares. The default ignores the group.
     *
     * @return the chosen instance, or empty if {@code candidates} is empty
     * @throws NullPointerException if an argument is null
     */
    default Optional<ServiceInstance> choose(String group, List<ServiceInstance> candidates) {
        Objects.requireNonNull(group, "group must not be null");
        return choose(candidates);
    }

    /** Round robin starting at the first candidate. */
    static LoadBalancer roundRobin() {
        return new RoundRobinLoadBalancer(0);
    }

    /**
     * Round robin whose position counter starts at {@code startPosition} (a random start spreads
     * many clients over the instances, as Spring Cloud LoadBalancer does). The counter is a
     * {@code long}: it does not overflow in practice, and never fails if it does.
     */
    static LoadBalancer roundRobin(long startPosition) {
        return new RoundRobinLoadBalancer(startPosition);
    }

    /** Uniformly random picks from {@code random}; pass a seeded, threadsafe generator for repeatable runs. */
    static LoadBalancer random(RandomGenerator random) {
        return new RandomLoadBalancer(Objects.requireNonNull(random, "random must not be null"));
    }

    /** Smooth weighted round robin on {@link ServiceInstance#weight()}. */
    static LoadBalancer weightedRoundRobin() {
        return weightedRoundRobin(ServiceInstance::weight);
    }

    /**
     * Smooth weighted round robin on the weights {@code weigher} gives.
     *
     * @throws IllegalArgumentException from {@code choose} if a weight is &lt;= 0
     */
    static LoadBalancer weightedRoundRobin(ToIntFunction<ServiceInstance> weigher) {
        return new SmoothWeightedRoundRobinLoadBalancer(Objects.requireNonNull(weigher, "weigher must not be null"));
    }

    /**
     * Least request by the power of two choices: of two distinct random candidates, the one with
     * fewer {@code outstanding} requests (Envoy's {@code LEAST_REQUEST} with {@code choice_count: 2}).
     */
    static LoadBalancer leastRequest(ToIntFunction<ServiceInstance> outstanding, RandomGenerator random) {
        return leastRequest(outstanding, random, 2);
    }

    /**
     * Least request among {@code choiceCount} random candidates; a {@code choiceCount} at least the
     * number of candidates scans them all (true least outstanding requests, ties broken at random).
     *
     * @throws IllegalArgumentException if {@code choiceCount < 2}
     */
    static LoadBalancer leastRequest(ToIntFunction<ServiceInstance> outstanding, RandomGenerator random,
                                     int choiceCount) {
        return new LeastRequestLoadBalancer(Objects.requireNonNull(outstanding, "outstanding must not be null"),
                Objects.requireNonNull(random, "random must not be null"), choiceCount);
    }

    /**
     * Prefers the candidates whose {@code zone} label is {@code zone}, and falls back to all
     * candidates when none is in the zone; {@code delegate} picks among them.
     */
    static LoadBalancer zonePreference(String zone, LoadBalancer delegate) {
        return new ZonePreferenceLoadBalancer(ServiceInstance.requireName(zone, "zone"),
                Objects.requireNonNull(delegate, "delegate must not be null"));
    }
}
