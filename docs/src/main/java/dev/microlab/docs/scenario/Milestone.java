package dev.microlab.docs.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * A point of a scenario's story worth asserting on: "the breaker opened", "the third attempt
 * succeeded". Tests check a scenario by the ids of its milestones and when they happened on the
 * virtual clock, not by the wording of the narration.
 *
 * <pre>{@code
 * assertThat(narrator.milestoneIds()).containsSubsequence("retry-recovered", "bulkhead-rejected");
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param id   a stable kebab-case id, e.g. {@code "breaker-opened"}
 * @param at   virtual time elapsed since the scenario started
 * @param text what the narrator said
 */
public record Milestone(String id, Duration at, String text) {

    /** Checks that every component is present and the id is kebab-case. */
    public Milestone {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(text, "text must not be null");
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException(
                    "id must be kebab-case (lower-case words joined by '-'), but was '" + id + "'");
        }
    }
}
