package dev.microlab.docs.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Mermaid builders")
class DiagramTest {

    @Test
    @DisplayName("a state diagram draws the start, descriptions and transitions in order")
    void stateDiagram() {
        // Given
        StateDiagram d = new StateDiagram("breaker")
                .start("CLOSED")
                .transition("CLOSED", "OPEN", "+00:01.500 failure rate 60%")
                .transition("OPEN", "HALF_OPEN", "wait over")
                .describe("OPEN", "calls rejected fast");
        // When
        String text = d.render();
        // Then
        assertThat(text).as("Mermaid source of the breaker's states").isEqualTo("""
                stateDiagram-v2
                    %% breaker
                    OPEN : calls rejected fast
                    [*] --> CLOSED
                    CLOSED --> OPEN : +00:01.500 failure rate 60%
                    OPEN --> HALF_OPEN : wait over
                """);
    }

    @Test
    @DisplayName("a timeline keeps Mermaid's ':' separator for its own use")
    void timelineEscapesColons() {
        Timeline t = new Timeline("retry").at("+00:00.100", "attempt 2: ok", "done");

        assertThat(t.render()).as("colons inside text become the look-alike ratio sign").isEqualTo("""
                timeline
                    title retry
                    +00∶00.100 : attempt 2∶ ok : done
                """);
    }

    @Test
    @DisplayName("a timeline draws events at the same period as the previous one on the same row")
    void timelineMergesSamePeriod() {
        Timeline t = new Timeline("t").at("+1 s", "a").at("+1 s", "b", "c").at("+2 s", "d").at("+1 s", "e");

        assertThat(t.render()).as("consecutive rows of one period merge; a later return starts a new row")
                .isEqualTo("""
                        timeline
                            title t
                            +1 s : a : b : c
                            +2 s : d
                            +1 s : e
                        """);
    }

    @Test
    @DisplayName("a timeline period needs at least one event")
    void timelineNeedsEvents() {
        assertThatThrownBy(() -> new Timeline("t").at("+1 s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'+1 s'");
    }

    @Test
    @DisplayName("a sequence diagram draws calls, replies, failures and notes")
    void sequenceDiagram() {
        // Given
        SequenceDiagram d = new SequenceDiagram("")
                .participant("C", "checkout")
                .participant("P", "payments");
        // When
        d.call("C", "P", "charge").failure("P", "C", "timeout").reply("P", "C", "ok").note("C", "backoff 100 ms");
        // Then
        assertThat(d.render()).isEqualTo("""
                sequenceDiagram
                    participant C as checkout
                    participant P as payments
                    C->>P: charge
                    P--xC: timeout
                    P-->>C: ok
                    Note over C: backoff 100 ms
                """);
    }

    @Test
    @DisplayName("a message to an undeclared participant is refused, naming the declared ones")
    void undeclaredParticipant() {
        SequenceDiagram d = new SequenceDiagram("x").participant("C", "checkout");

        assertThatThrownBy(() -> d.call("C", "Q", "hi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Q'").hasMessageContaining("[C]");
    }

    @Test
    @DisplayName("ids with spaces are refused; labels with Mermaid syntax characters are escaped")
    void idsAndLabels() {
        assertThatThrownBy(() -> new StateDiagram("x").start("HALF OPEN"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'HALF OPEN'");
        assertThat(Diagram.label("a;b #1\nc")).as("';' and '#' become entity codes, newlines spaces")
                .isEqualTo("a#59;b #35;1 c");
    }

    @Test
    @DisplayName("markdown() wraps the source in a mermaid fence")
    void markdownFence() {
        assertThat(new Timeline("t").at("p", "e").markdown())
                .startsWith("```mermaid\ntimeline\n").endsWith("```\n");
    }
}
