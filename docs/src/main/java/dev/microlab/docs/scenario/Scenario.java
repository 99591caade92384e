package dev.microlab.docs.scenario;

import java.util.List;

/**
 * A short story that runs one pattern on the real library and narrates what happens.
 *
 * <p>A scenario builds its components on the narrator's virtual clock and scheduler, drives
 * them through the pattern's interesting moments, and calls {@link Narrator#milestone} at
 * each one. It may {@link Narrator#draw draw} a Mermaid diagram of what it did. It must be
 * deterministic: the same run prints the same story (seed any randomness).
 *
 * <pre>{@code
 * final class HelloScenario implements Scenario {
 *     public String name() { return "hello"; }
 *     public String title() { return "the smallest scenario"; }
 *     public void run(Narrator narrator) {
 *         narrator.time().advance(Duration.ofSeconds(1));
 *         narrator.milestone("greeted", "one virtual second later, hello");
 *     }
 * }
 * }</pre>
 *
 * <p>Register a new scenario in {@link Scenarios#all()}. Implementations must be thread-safe
 * in the sense that {@link #run} keeps all its state local: the catalog may run a scenario
 * several times.
 */
public interface Scenario {

    /** What the catalog's {@code run} takes, kebab-case, e.g. {@code "resilience"}. */
    String name();

    /** One line saying what the story shows. */
    String title();

    /**
     * The catalog patterns ({@code Catalog.PATTERNS} names) this scenario demonstrates;
     * {@code run <pattern>} finds the scenario by these too. Empty for a scenario about the
     * foundations rather than a pattern.
     */
    default List<String> patterns() {
        return List.of();
    }

    /**
     * Plays the story. Throws only if the library did something the story did not expect:
     * that is a bug the scenario's test reports.
     */
    void run(Narrator narrator) throws Exception;
}
