package dev.microlab.exercises.trafficpolicy;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Exercise 3, part 3: the course's virtual service — a weighted split between the subsets
 * {@code v1} and {@code v2} (90/10 in the course), and a header that sends a request straight to
 * {@code v2}: {@code canary: true} (the header name in any case, the value exactly "true").
 * Instructions: {@code exercises/instructions/03-traffic-policy/README.md}.
 *
 * <pre>{@code
 * TrafficSplitter splitter = new TrafficSplitter(90, 10, new Random());
 * String subset = splitter.route(Map.of("canary", "true"));   // "v2"
 * }</pre>
 */
public final class TrafficSplitter {

    /** The subset names. */
    public static final String V1 = "v1";
    public static final String V2 = "v2";

    /**
     * @param v1Weight percent of the requests for v1, 0 to 100
     * @param v2Weight percent of the requests for v2, 0 to 100; the two add up to 100
     * @param random   the source of the split's randomness (seeded in tests)
     * @throws IllegalArgumentException if a weight is negative or they do not add up to 100
     */
    public TrafficSplitter(int v1Weight, int v2Weight, RandomGenerator random) {
        throw new UnsupportedOperationException("TODO: validate the weights and keep them with the random generator");
    }

    /** The subset, {@link #V1} or {@link #V2}, for a request with these headers. */
    public String route(Map<String, String> headers) {
        throw new UnsupportedOperationException("TODO: canary: true goes to v2, else draw by weight");
    }
}
