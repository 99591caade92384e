package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The CQRS scenario")
class CqrsScenarioTest {

    private final Narrator narrator = Narrator.silent();

    @BeforeEach
    void play() throws Exception {
        new CqrsScenario().run(narrator);
    }

    @Test
    @DisplayName("reaches its milestones in story order")
    void milestonesInOrder() {
        assertThat(narrator.milestoneIds())
                .containsExactly("read-model-behind", "read-model-caught-up", "rule-refused", "rebuilt");
    }

    @Test
    @DisplayName("the read model trails the write side until the projection runs")
    void readModelLags() {
        assertThat(narrator.milestone("read-model-behind").text())
                .contains("up to position 2").contains("the read model is at 0").endsWith("false");
        assertThat(narrator.milestone("read-model-caught-up").at()).isEqualTo(Duration.ofMillis(200));
        assertThat(narrator.milestone("read-model-caught-up").text())
                .contains("at position 2").contains("total 25.00 EUR");
    }

    @Test
    @DisplayName("a business rule refuses a command and nothing is written")
    void ruleRefuses() {
        assertThat(narrator.milestone("rule-refused").text())
                .contains("order 8 has no item and cannot be confirmed").endsWith("nothing was written");
    }

    @Test
    @DisplayName("a rebuild replays the whole store into a fresh model")
    void rebuild() {
        assertThat(narrator.milestone("rebuilt").text()).contains("at position 3").contains("2 orders");
    }
}
