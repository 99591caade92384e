package dev.microlab.registry;

import java.util.Objects;

/**
 * Where {@link TrafficRouter} sends one request.
 *
 * <pre>{@code
 * String subset = router.decide(RequestAttributes.of("canary", "true")).orElseThrow().subset();   // "v2"
 * }</pre>
 *
 * <p>Records are immutable; this class is threadsafe.
 *
 * @param route  the route that matched
 * @param subset the chosen subset, or null for every instance
 */
public record RouteDecision(Route route, String subset) {

    /** Validates. */
    public RouteDecision {
        Objects.requireNonNull(route, "route must not be null");
    }
}
