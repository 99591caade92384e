package dev.microlab.docs.scenario;

import dev.microlab.docs.shop.ObservabilityScenario;
import dev.microlab.docs.shop.ShopScenario;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place where runnable scenarios are registered, in tour order.
 *
 * <p>To add a scenario: implement {@link Scenario}, add an instance to the list below, and add a
 * test asserting its milestones (see {@code docs/README.md}). The catalog's {@code list},
 * {@code run} and {@code tour} read this list; {@code ScenariosTest} runs every entry.
 *
 * <pre>{@code
 * Scenario scenario = Scenarios.find("retry").orElseThrow();   // the resilience scenario
 * scenario.run(new Narrator(System.out::println));
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable list of stateless scenarios).
 */
public final class Scenarios {

    /**
     * Every scenario, in the order the tour plays them. Pattern modules not yet on main have no
     * entry: their scenario is added here when they land.
     */
    private static final List<Scenario> ALL = List.of(
            new FoundationsScenario(),
            new ResilienceScenario(),
            new CircuitBreakerScenario(),
            new EventStoreScenario(),
            new CqrsScenario(),
            new ServiceRegistryScenario(),
            new SagaScenario(),
            new MessagingScenario(),
            new ShopScenario(),
            new ObservabilityScenario());

    private Scenarios() {
    }

    /** Every registered scenario, in tour order. */
    public static List<Scenario> all() {
        return ALL;
    }

    /**
     * The scenario called {@code nameOrPattern}, or else the first one demonstrating the
     * catalog pattern of that name.
     */
    public static Optional<Scenario> find(String nameOrPattern) {
        return find(ALL, nameOrPattern);
    }

    /**
     * The scenario of {@code scenarios} called {@code nameOrPattern}, or else the first one
     * demonstrating the catalog pattern of that name.
     */
    public static Optional<Scenario> find(List<Scenario> scenarios, String nameOrPattern) {
        Objects.requireNonNull(scenarios, "scenarios must not be null");
        Objects.requireNonNull(nameOrPattern, "nameOrPattern must not be null");
        return scenarios.stream().filter(s -> s.name().equals(nameOrPattern)).findFirst()
                .or(() -> scenarios.stream().filter(s -> s.patterns().contains(nameOrPattern)).findFirst());
    }
}
