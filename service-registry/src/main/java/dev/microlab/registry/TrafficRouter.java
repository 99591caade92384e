package dev.microlab.registry;

import dev.microlab.registry.internal.Randoms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Client-side traffic routing in the style of Istio: named <em>subsets</em> of a service's
 * instances, selected by metadata labels (a {@code DestinationRule}), and ordered
 * <em>routes</em> that send each request to a subset or split it by weight (a
 * {@code VirtualService}). The first route that matches wins; a route matches when any of its
 * {@link RouteMatch}es does, and a match holds when all its conditions do.
 *
 * <p>The course's canary, 90 % to v1 and 10 % to v2 unless the request says {@code canary: true}:
 *
 * <pre>{@code
 * TrafficRouter router = TrafficRouter.builder()
 *         .subset("v1", Map.of("version", "v1"))
 *         .subset("v2", Map.of("version", "v2"))
 *         .route(Route.when(RouteMatch.header("canary", "true")).to("v2"))
 *         .route(Route.always().split("v1", 90).split("v2", 10))
 *         .random(new Random(42))
 *         .build();
 * }</pre>
 *
 * <p>This class is threadsafe if its random generator is. Subset lists are cached per input list,
 * so routing over an unchanged snapshot allocates nothing.
 */
public final class TrafficRouter {

    private static final Optional<RouteDecision> EVERYWHERE =
            Optional.of(new RouteDecision(Route.always().named("all").toAll(), null));

    private final Map<String, Map<String, String>> subsets;
    private final List<Route> routes;
    private final RandomGenerator random;
    private final Map<String, SubsetCache> caches;

    private TrafficRouter(Builder b) {
        this.subsets = Map.copyOf(b.subsets);
        this.routes = List.copyOf(b.routes);
        this.random = b.random;
        Map<String, SubsetCache> c = new LinkedHashMap<>();
        subsets.forEach((name, labels) -> c.put(name, new SubsetCache(labels)));
        this.caches = Map.copyOf(c);
        for (Route route : routes) {
            for (Route.Destination d : route.destinations()) {
                if (d.subset() != null && !subsets.containsKey(d.subset())) {
                    throw new IllegalArgumentException("route '" + route.name() + "' sends traffic to subset '"
                            + d.subset() + "', but only " + subsets.keySet() + " are defined");
                }
            }
        }
    }

    /** A router with no subsets and no routes. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The first matching route and the destination drawn from its weights, or empty when no route
     * matches. Without routes every request goes to every instance.
     */
    public Optional<RouteDecision> decide(RequestAttributes attributes) {
        Objects.requireNonNull(attributes, "attributes must not be null");
        for (Route route : routes) {
            if (route.matches(attributes)) {
                List<Route.Destination> ds = route.destinations();
                Route.Destination d = ds.size() == 1 ? ds.get(0) : route.destinationAt(random.nextInt(route.totalWeight()));
                return Optional.of(new RouteDecision(route, d.subset()));
            }
        }
        return routes.isEmpty() ? EVERYWHERE : Optional.empty();
    }

    /**
     * The instances of {@code instances} in {@code subset} (all of them for null).
     *
     * @throws IllegalArgumentException if the subset is not defined
     */
    public List<ServiceInstance> subset(List<ServiceInstance> instances, String subset) {
        Objects.requireNonNull(instances, "instances must not be null");
        if (subset == null) {
            return instances;
        }
        SubsetCache cache = caches.get(subset);
        if (cache == null) {
            throw new IllegalArgumentException("subset must be one of " + subsets.keySet() + ", but was '"
                    + subset + "'");
        }
        return cache.apply(instances);
    }

    /** The subsets and their labels. */
    public Map<String, Map<String, String>> subsets() {
        return subsets;
    }

    /** The routes, in matching order. */
    public List<Route> routes() {
        return routes;
    }

    @Override
    public String toString() {
        return "TrafficRouter[subsets=" + subsets + ", routes=" + routes + "]";
    }

    private static final class SubsetCache {
        private final Map<String, String> labels;
        private volatile Cached cached = new Cached(null, List.of());

        SubsetCache(Map<String, String> labels) {
            this.labels = labels;
        }

        List<ServiceInstance> apply(List<ServiceInstance> instances) {
            Cached c = cached;
            if (c.input == instances) {
                return c.output;
            }
            List<ServiceInstance> out = new ArrayList<>();
            for (ServiceInstance instance : instances) {
                if (instance.hasLabels(labels)) {
                    out.add(instance);
                }
            }
            List<ServiceInstance> result = List.copyOf(out);
            cached = new Cached(instances, result);
            return result;
        }
    }

    private static final class Cached {
        final List<ServiceInstance> input;
        final List<ServiceInstance> output;

        Cached(List<ServiceInstance> input, List<ServiceInstance> output) {
            this.input = input;
            this.output = output;
        }
    }

    /** Builds a {@link TrafficRouter}; not threadsafe. */
    public static final class Builder {
        private final Map<String, Map<String, String>> subsets = new LinkedHashMap<>();
        private final List<Route> routes = new ArrayList<>();
        private RandomGenerator random = Randoms.threadLocal();

        private Builder() {
        }

        /**
         * Defines subset {@code name}: the instances whose metadata has every label of {@code labels}.
         *
         * @throws IllegalArgumentException if the name is taken or the labels are empty
         */
        public Builder subset(String name, Map<String, String> labels) {
            ServiceInstance.requireName(name, "name");
            Objects.requireNonNull(labels, "labels must not be null");
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("labels of subset '" + name + "' must not be empty");
            }
            if (subsets.putIfAbsent(name, Map.copyOf(labels)) != null) {
                throw new IllegalArgumentException("subset '" + name + "' is already defined");
            }
            return this;
        }

        /** Appends a route; routes are tried in the order they were added. */
        public Builder route(Route route) {
            routes.add(Objects.requireNonNull(route, "route must not be null"));
            return this;
        }

        /** Appends the route {@code builder} builds. */
        public Builder route(Route.Builder builder) {
            return route(Objects.requireNonNull(builder, "builder must not be null").build());
        }

        /** The random source for weighted splits; seed it for repeatable runs. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        /**
         * Builds the router.
         *
         * @throws IllegalArgumentException if a route names an undefined subset
         */
        public TrafficRouter build() {
            return new TrafficRouter(this);
        }
    }
}
