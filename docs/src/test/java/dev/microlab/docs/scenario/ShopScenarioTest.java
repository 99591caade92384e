package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shop scenario")
class ShopScenarioTest {

    private final Narrator narrator = Narrator.silent();

    @BeforeEach
    void play() throws Exception {
        new ShopScenario().run(narrator);
    }

    @Test
    @DisplayName("plays a normal order, a compensated one, and a flaky instance ejected, in that order")
    void milestonesInOrder() {
        assertThat(narrator.milestoneIds()).containsExactly("order-completed", "order-compensated",
                "instance-ejected", "retries-hide-flaky-instance", "orders-avoid-ejected");
    }

    @Test
    @DisplayName("the declined order gives its stock back")
    void compensation() {
        assertThat(narrator.milestone("order-completed").text()).contains("19 books left");
        assertThat(narrator.milestone("order-compensated").text()).contains("COMPENSATED").contains("19 books left");
    }

    @Test
    @DisplayName("retries keep every order completing while payment-2 fails, and the ejection stops traffic to it")
    void flakyInstance() {
        assertThat(narrator.milestone("instance-ejected").text()).startsWith("payment-2 failed 3 calls in a row");
        assertThat(narrator.milestone("retries-hide-flaky-instance").text())
                .doesNotContain("COMPENSATED").doesNotContain("FAILED");
        assertThat(narrator.milestone("orders-avoid-ejected").text()).contains("(0 calls reached it)");
    }

    @Test
    @DisplayName("draws the flow, the failed calls and the compensation as a sequence diagram")
    void diagram() {
        assertThat(narrator.diagrams()).singleElement().satisfies(d -> assertThat(d.render())
                .contains("P2--xO: connection reset, retry")
                .contains("O->>I: compensate reserve-stock")
                .contains("Note over P2: ejected for 30 s"));
    }
}
