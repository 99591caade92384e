package dev.microlab.docs.diagram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Mermaid {@code sequenceDiagram}: who called whom, in order, e.g. a saga's steps and
 * compensations, or a caller's attempts through a retry.
 *
 * <pre>{@code
 * SequenceDiagram d = new SequenceDiagram("retry")
 *         .participant("C", "checkout")
 *         .participant("P", "payments");
 * d.call("C", "P", "charge #1").failure("P", "C", "timeout");
 * d.note("C", "backoff 100 ms");
 * }</pre>
 *
 * <p>Participants appear in the order declared; a message to an undeclared participant is an
 * error (a typo would otherwise add a stray box). This class is threadsafe.
 */
public final class SequenceDiagram implements Diagram {

    private final String title;
    private final Map<String, String> participants = new LinkedHashMap<>();
    private final List<String> statements = new ArrayList<>();

    /** An empty sequence diagram. */
    public SequenceDiagram(String title) {
        this.title = Objects.requireNonNull(title, "title must not be null");
    }

    @Override
    public String title() {
        return title;
    }

    /** Declares a participant drawn with a readable {@code name}. */
    public synchronized SequenceDiagram participant(String id, String name) {
        participants.put(Diagram.id("participant id", id), Diagram.label(name));
        return this;
    }

    /** A request: a solid arrow {@code from ->> to}. */
    public SequenceDiagram call(String from, String to, String text) {
        return message(from, "->>", to, text);
    }

    /** A successful reply: a dashed arrow {@code from -->> to}. */
    public SequenceDiagram reply(String from, String to, String text) {
        return message(from, "-->>", to, text);
    }

    /** A failed call or error reply: a dashed arrow with a cross {@code from --x to}. */
    public SequenceDiagram failure(String from, String to, String text) {
        return message(from, "--x", to, text);
    }

    /** A note over one participant. */
    public synchronized SequenceDiagram note(String over, String text) {
        statements.add("Note over " + known(over) + ": " + Diagram.label(text));
        return this;
    }

    private synchronized SequenceDiagram message(String from, String arrow, String to, String text) {
        statements.add(known(from) + arrow + known(to) + ": " + Diagram.label(text));
        return this;
    }

    private String known(String id) {
        Objects.requireNonNull(id, "participant id must not be null");
        if (!participants.containsKey(id)) {
            throw new IllegalArgumentException("participant '" + id + "' was not declared; declared: "
                    + participants.keySet());
        }
        return id;
    }

    @Override
    public synchronized String render() {
        StringBuilder sb = new StringBuilder("sequenceDiagram\n");
        if (!title.isBlank()) {
            sb.append("    %% ").append(Diagram.label(title)).append('\n');
        }
        participants.forEach((id, name) -> sb.append("    participant ").append(id).append(" as ").append(name).append('\n'));
        statements.forEach(s -> sb.append("    ").append(s).append('\n'));
        return sb.toString();
    }
}
