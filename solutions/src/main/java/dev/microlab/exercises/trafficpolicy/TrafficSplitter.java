package dev.microlab.exercises.trafficpolicy;

import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exercise 3, part 3: the course's virtual service — a weighted split between the subsets
 * {@code v1} and {@code v2} (90/10 in the course), and a header that sends a request straight to
 * {@code v2}: {@code canary: true} (the header name in any case, the value exactly "true").
 *
 * <pre>{@code
 * TrafficSplitter splitter = new TrafficSplitter(90, 10, new Random());
 * String subset = splitter.route(Map.of("canary", "true"));   // "v2"
 * }</pre>
 *
 * <p>This class is as threadsafe as the random generator it is given.
 */
public final class TrafficSplitter {

    /** The subset names. */
    public static final String V1 = "v1";
    public static final String V2 = "v2";

    private final int v1Weight;
    private final int v2Weight;
    private final RandomGenerator random;

    /**
     * @param v1Weight percent of the requests for v1, 0 to 100
     * @param v2Weight percent of the requests for v2, 0 to 100; the two add up to 100
     * @param random   the source of the split's randomness (seeded in tests)
     * @throws IllegalArgumentException if a weight is negative or they do not add up to 100
     */
    public TrafficSplitter(int v1Weight, int v2Weight, RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random must not be null");
        if (v1Weight < 0 || v2Weight < 0 || v1Weight + v2Weight != 100) {
            throw new IllegalArgumentException("v1Weight and v2Weight must be >= 0 and add up to 100, but were "
                    + v1Weight + " and " + v2Weight);
        }
        this.v1Weight = v1Weight;
        this.v2Weight = v2Weight;
    }

    /** The subset, {@link #V1} or {@link #V2}, for a request with these headers. */
    public String route(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers must not be null");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if ("canary".equalsIgnoreCase(header.getKey()) && "true".equals(header.getValue())) {
                return V2;
            }
        }
        return random.nextInt(v1Weight + v2Weight) < v1Weight ? V1 : V2;
    }
}
