package dev.microlab.registry;

import java.util.Objects;

/**
 * Where {@link TrafficRouter} sends one request.
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
