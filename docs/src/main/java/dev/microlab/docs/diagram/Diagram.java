package dev.microlab.docs.diagram;

/**
 * A Mermaid diagram a scenario draws of what it did. GitHub, GitLab and most Markdown
 * viewers render a {@code ```mermaid} block, so {@link #markdown()} can be pasted into a guide.
 *
 * <pre>{@code
 * StateDiagram states = new StateDiagram("circuit breaker 'payments'");
 * states.start("CLOSED").transition("CLOSED", "OPEN", "failure rate 60% >= 50%");
 * narrator.draw(states);
 * System.out.println(states.markdown());
 * }</pre>
 *
 * <p>Implementations are threadsafe.
 */
public sealed interface Diagram permits StateDiagram, Timeline, SequenceDiagram {

    /** What the diagram shows, e.g. {@code "retry on a flaky dependency"}. */
    String title();

    /** The Mermaid source, starting with the diagram keyword. */
    String render();

    /** The Mermaid source in a fenced {@code mermaid} block, ready for a Markdown file. */
    default String markdown() {
        return "```mermaid\n" + render() + "```\n";
    }

    /**
     * Makes free text safe inside a Mermaid label: no line breaks, and the characters Mermaid
     * reads as syntax ({@code ;} ends a statement, {@code #} starts an entity) written as
     * Mermaid entity codes.
     */
    static String label(String text) {
        java.util.Objects.requireNonNull(text, "text must not be null");
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '#' -> sb.append("#35;");
                case ';' -> sb.append("#59;");
                case '\r', '\n' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString().strip();
    }

    /**
     * Checks an identifier (a state or participant id) is one Mermaid accepts unquoted.
     *
     * @throws IllegalArgumentException otherwise, naming the id
     */
    static String id(String name, String id) {
        java.util.Objects.requireNonNull(id, name + " must not be null");
        if (!id.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(name + " must be letters, digits and '_' starting with a letter"
                    + " (Mermaid ids cannot hold spaces or punctuation), but was '" + id + "'");
        }
        return id;
    }
}
