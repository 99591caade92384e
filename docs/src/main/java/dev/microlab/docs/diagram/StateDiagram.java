package dev.microlab.docs.diagram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Mermaid {@code stateDiagram-v2}: the states a component went through and why, e.g. the
 * circuit breaker's CLOSED → OPEN → HALF_OPEN → CLOSED, each transition labelled with its
 * cause and virtual time.
 *
 * <pre>{@code
 * StateDiagram d = new StateDiagram("breaker 'payments'")
 *         .start("CLOSED")
 *         .transition("CLOSED", "OPEN", "+00:01.500 failure rate 60%")
 *         .describe("OPEN", "calls rejected fast");
 * }</pre>
 *
 * <p>Transitions are drawn in the order they were added; a repeated transition is drawn again
 * (a timeline of transitions, not a deduplicated state machine). This class is threadsafe.
 */
public final class StateDiagram implements Diagram {

    private final String title;
    private final List<String> statements = new ArrayList<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    /** An empty state diagram. */
    public StateDiagram(String title) {
        this.title = Objects.requireNonNull(title, "title must not be null");
    }

    @Override
    public String title() {
        return title;
    }

    /** Draws the initial arrow {@code [*] --> state}. */
    public synchronized StateDiagram start(String state) {
        statements.add("[*] --> " + Diagram.id("state", state));
        return this;
    }

    /** Draws {@code from --> to} labelled with {@code why}. */
    public synchronized StateDiagram transition(String from, String to, String why) {
        statements.add(Diagram.id("from", from) + " --> " + Diagram.id("to", to) + " : " + Diagram.label(why));
        return this;
    }

    /** Writes {@code description} inside the box of {@code state} (the last description wins). */
    public synchronized StateDiagram describe(String state, String description) {
        descriptions.put(Diagram.id("state", state), Diagram.label(description));
        return this;
    }

    @Override
    public synchronized String render() {
        StringBuilder sb = new StringBuilder("stateDiagram-v2\n");
        if (!title.isBlank()) {
            sb.append("    %% ").append(Diagram.label(title)).append('\n');
        }
        descriptions.forEach((state, text) -> sb.append("    ").append(state).append(" : ").append(text).append('\n'));
        statements.forEach(s -> sb.append("    ").append(s).append('\n'));
        return sb.toString();
    }
}
