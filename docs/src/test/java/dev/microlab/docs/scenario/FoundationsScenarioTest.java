package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The foundations scenario")
class FoundationsScenarioTest {

    private final Narrator narrator = Narrator.silent();

    @BeforeEach
    void play() {
        new FoundationsScenario().run(narrator);
    }

    @Test
    @DisplayName("reaches its milestones in story order")
    void milestonesInOrder() {
        assertThat(narrator.milestoneIds()).as("the story's milestones").containsExactly(
                "clock-started", "check-scheduled", "first-check", "listener-failure-isolated",
                "no-listener-no-allocation", "task-cancelled");
    }

    @Test
    @DisplayName("the first check runs after 10 virtual seconds")
    void firstCheckAtTenSeconds() {
        assertThat(narrator.milestone("first-check").at()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("a throwing listener does not stop the audit log getting the event")
    void failureIsolated() {
        assertThat(narrator.milestone("listener-failure-isolated").text())
                .as("both events reached the audit log").contains("2 events audited");
    }

    @Test
    @DisplayName("with nobody listening, scheduled checks create no event")
    void noAllocationWithoutListeners() {
        assertThat(narrator.milestone("no-listener-no-allocation").text())
                .contains("ran 3 times").contains("created 0 events");
    }

    @Test
    @DisplayName("a cancelled task never runs again")
    void cancelled() {
        assertThat(narrator.milestone("task-cancelled").text()).contains("runs 0 tasks").contains("0 pending");
    }
}
