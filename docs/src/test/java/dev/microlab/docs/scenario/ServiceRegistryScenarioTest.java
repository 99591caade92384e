package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The service registry scenario")
class ServiceRegistryScenarioTest {

    private final Narrator narrator = Narrator.silent();

    @BeforeEach
    void play() throws Exception {
        new ServiceRegistryScenario().run(narrator);
    }

    @Test
    @DisplayName("reaches its milestones in story order")
    void milestonesInOrder() {
        assertThat(narrator.milestoneIds()).containsExactly("instances-registered", "round-robin", "outlier-ejected",
                "traffic-avoids-ejected", "lease-expired", "host-returned", "traffic-after");
    }

    /** The "a b c" part of a milestone like "6 calls go round-robin: a b c — ...". */
    private static String calls(String text) {
        String afterColon = text.substring(text.indexOf(": ") + 2);
        int dash = afterColon.indexOf(" — ");
        return dash < 0 ? afterColon : afterColon.substring(0, dash);
    }

    @Test
    @DisplayName("spreads calls round-robin over the three instances")
    void roundRobin() {
        assertThat(narrator.milestone("round-robin").text()).endsWith("a b c a b c");
    }

    @Test
    @DisplayName("ejects b after 3 consecutive 503s and sends it nothing while ejected")
    void ejection() {
        assertThat(narrator.milestone("outlier-ejected").text()).startsWith("payments-b failed 3 calls in a row");
        String spread = calls(narrator.milestone("traffic-avoids-ejected").text());
        String afterEjection = spread.substring(spread.lastIndexOf("b(503)") + "b(503)".length()).strip();
        assertThat(afterEjection.split(" ")).as("who served the calls after the third 503")
                .isNotEmpty().doesNotContain("b").contains("a", "c");
    }

    @Test
    @DisplayName("evicts c 30 s after its last renewal, and b returns after its 30 s ejection")
    void leaseAndReturn() {
        assertThat(narrator.milestone("lease-expired").at()).isEqualTo(Duration.ofSeconds(30));
        assertThat(narrator.milestone("host-returned").at().minus(narrator.milestone("outlier-ejected").at()))
                .as("returned at the first interval run after 30 s").isGreaterThanOrEqualTo(Duration.ofSeconds(30))
                .isLessThan(Duration.ofSeconds(40));
        assertThat(calls(narrator.milestone("traffic-after").text()).split(" "))
                .as("a and b share the traffic, c is gone").containsOnly("a", "b").contains("a", "b");
    }
}
