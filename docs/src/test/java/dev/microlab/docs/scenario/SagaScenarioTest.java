package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The saga scenario")
class SagaScenarioTest {

    private final Narrator narrator = Narrator.silent();

    @BeforeEach
    void play() throws Exception {
        new SagaScenario().run(narrator);
    }

    @Test
    @DisplayName("completes the first order, then compensates the declined one in reverse order")
    void milestonesInOrder() {
        assertThat(narrator.milestoneIds()).containsExactly("saga-completed", "pivot-failed",
                "compensated-reserve-inventory", "compensated-validate-order", "saga-compensated");
    }

    @Test
    @DisplayName("the first order is paid, shipped and takes one book")
    void completed() {
        assertThat(narrator.milestone("saga-completed").text())
                .contains("COMPLETED").contains("payment pay-o1").contains("tracking track-o1").contains("4 books left");
    }

    @Test
    @DisplayName("the declined order is cancelled, its stock released, nothing shipped")
    void compensated() {
        assertThat(narrator.milestone("pivot-failed").text()).startsWith("o2: process-payment failed");
        assertThat(narrator.milestone("saga-compensated").text())
                .contains("COMPENSATED").contains("CANCELLED").contains("back to 4 books").contains("1 shipment in all");
    }

    @Test
    @DisplayName("draws the saga as a sequence diagram with the compensations")
    void drawsSequence() {
        assertThat(narrator.diagrams()).singleElement().satisfies(d -> assertThat(d.render())
                .startsWith("sequenceDiagram")
                .contains("S->>Inventory: compensate reserve-inventory")
                .contains("Orders-->>S: validate-order compensated"));
    }
}
