package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The circuit breaker scenario")
class CircuitBreakerScenarioTest {

    private final Narrator narrator = Narrator.silent();

    @BeforeEach
    void play() {
        new CircuitBreakerScenario().run(narrator);
    }

    @Test
    @DisplayName("goes through the whole cycle in order")
    void milestonesInOrder() {
        assertThat(narrator.milestoneIds()).as("the story's milestones").containsExactly(
                "calls-succeed", "breaker-opened", "calls-rejected-fast", "breaker-half-open", "breaker-closed");
    }

    @Test
    @DisplayName("opens once 5 of the last 10 calls failed")
    void opensAtThreshold() {
        assertThat(narrator.milestone("breaker-opened").at()).as("6 good calls, then 4 bad ones, 100 ms apart")
                .isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    @DisplayName("rejects calls without reaching the backend while open")
    void rejectsFast() {
        assertThat(narrator.milestone("calls-rejected-fast").text())
                .contains("5 calls are rejected").contains("payments saw 0 of them");
    }

    @Test
    @DisplayName("goes half-open exactly 30 s after opening, by the scheduler")
    void halfOpenAfterWait() {
        assertThat(narrator.milestone("breaker-half-open").at().minus(narrator.milestone("breaker-opened").at()))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("closes after its 3 trial calls succeed")
    void closesAfterTrials() {
        assertThat(narrator.milestone("breaker-closed").at().minus(narrator.milestone("breaker-half-open").at()))
                .as("three trial calls 100 ms apart").isEqualTo(Duration.ofMillis(200));
    }

    @Test
    @DisplayName("draws the transitions as a state diagram")
    void drawsStates() {
        assertThat(narrator.diagrams()).singleElement().satisfies(d -> assertThat(d.render())
                .startsWith("stateDiagram-v2").contains("CLOSED --> OPEN : +00:01.000")
                .contains("OPEN --> HALF_OPEN : +00:31.000").contains("HALF_OPEN --> CLOSED"));
    }
}
