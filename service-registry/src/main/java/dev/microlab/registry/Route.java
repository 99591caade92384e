package dev.microlab.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One rule of a {@link TrafficRouter}: when it applies (any of its {@link RouteMatch}es, or
 * always) and where the traffic goes (one subset, or a weighted split over subsets), like one
 * {@code http} entry of an Istio {@code VirtualService}.
 *
 * <pre>{@code
 * Route canaryHeader = Route.when(RouteMatch.header("canary", "true")).to("v2");
 * Route canarySplit = Route.always().split("v1", 90).split("v2", 10).build();
 * }</pre>
 *
 * <p>A destination with weight 0 is never chosen; the chance of a destination is its weight
 * divided by the sum of weights. This class is immutable and threadsafe.
 */
public final class Route {

    /**
     * Where a share of the route's traffic goes.
     *
     * @param subset the subset name, or null for every instance of the service
     * @param weight the share, &gt;= 0
     */
    public record Destination(String subset, int weight) {
        /** Validates. */
        public Destination {
            if (subset != null) {
                ServiceInstance.requireName(subset, "subset");
            }
            if (weight < 0) {
                throw new IllegalArgumentException("weight must be in [0, 2147483647], but was " + weight);
            }
        }
    }

    private final String name;
    private final List<RouteMatch> matches;
    private final List<Destination> destinations;
    private final int[] cumulative;
    private final int totalWeight;

    private Route(Builder b) {
        this.name = b.name;
        this.matches = List.copyOf(b.matches);
        this.destinations = List.copyOf(b.destinations);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("route '" + name + "' must have at least one destination");
        }
        this.cumulative = new int[destinations.size()];
        long sum = 0;
        for (int i = 0; i < destinations.size(); i++) {
            sum += destinations.get(i).weight();
            if (sum > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the weights of route '" + name + "' must sum to at most "
                        + Integer.MAX_VALUE + ", but sum to more");
            }
            cumulative[i] = (int) sum;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("the weights of route '" + name
                    + "' must sum to more than 0, but were all 0");
        }
        this.totalWeight = (int) sum;
    }

    /** A route that applies when any of {@code matches} holds. */
    public static Builder when(RouteMatch... matches) {
        Objects.requireNonNull(matches, "matches must not be null");
        if (matches.length == 0) {
            throw new IllegalArgumentException("when(...) needs at least one match; use always() for a catch-all");
        }
        for (RouteMatch match : matches) {
            Objects.requireNonNull(match, "matches must not contain null");
        }
        return new Builder(Arrays.asList(matches));
    }

    /** A catch-all route: it matches every request. */
    public static Builder always() {
        return new Builder(List.of());
    }

    /** The route's name (for logs and decisions). */
    public String name() {
        return name;
    }

    /** The matches, any of which selects this route; empty for a catch-all. */
    public List<RouteMatch> matches() {
        return matches;
    }

    /** Where the traffic goes. */
    public List<Destination> destinations() {
        return destinations;
    }

    /** Whether this route applies to {@code attributes}. */
    public boolean matches(RequestAttributes attributes) {
        if (matches.isEmpty()) {
            return true;
        }
        for (RouteMatch match : matches) {
            if (match.matches(attributes)) {
                return true;
            }
        }
        return false;
    }

    /** The destination for a draw {@code r} in [0, total weight). */
    Destination destinationAt(int r) {
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return destinations.get(i);
            }
        }
        throw new IllegalStateException("draw " + r + " out of [0, " + totalWeight + ")");
    }

    int totalWeight() {
        return totalWeight;
    }

    @Override
    public String toString() {
        return "Route[" + name + ", matches=" + matches + ", destinations=" + destinations + "]";
    }

    /** Builds a {@link Route}; not threadsafe. */
    public static final class Builder {
        private final List<RouteMatch> matches;
        private final List<Destination> destinations = new ArrayList<>();
        private String name;

        private Builder(List<RouteMatch> matches) {
            this.matches = List.copyOf(matches);
            this.name = matches.isEmpty() ? "default" : "match" + matches;
        }

        /** Names the route. */
        public Builder named(String name) {
            this.name = ServiceInstance.requireName(name, "name");
            return this;
        }

        /** All traffic of this route to {@code subset}. */
        public Route to(String subset) {
            return split(Objects.requireNonNull(subset, "subset must not be null"), 100).build();
        }

        /** All traffic of this route to every instance of the service. */
        public Route toAll() {
            destinations.add(new Destination(null, 100));
            return build();
        }

        /** Sends {@code weight} shares to {@code subset}. */
        public Builder split(String subset, int weight) {
            destinations.add(new Destination(Objects.requireNonNull(subset, "subset must not be null"), weight));
            return this;
        }

        /** Builds the route. */
        public Route build() {
            return new Route(this);
        }
    }
}
