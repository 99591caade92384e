package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The event store scenario")
class EventStoreScenarioTest {

    private final Narrator narrator = Narrator.silent();

    @BeforeEach
    void play() throws Exception {
        new EventStoreScenario().run(narrator);
    }

    @Test
    @DisplayName("reaches its milestones in story order")
    void milestonesInOrder() {
        assertThat(narrator.milestoneIds()).containsExactly("stream-created", "concurrency-conflict-caught",
                "reread-and-decide", "state-rebuilt", "projection-caught-up", "projection-follows");
    }

    @Test
    @DisplayName("refuses the second teller's append with the stream's actual version")
    void conflict() {
        assertThat(narrator.milestone("concurrency-conflict-caught").text())
                .contains("expected version 2 but the stream is at 3");
    }

    @Test
    @DisplayName("rebuilds the balance 100 - 30 - 50 = 20 by replaying 4 events")
    void replay() {
        assertThat(narrator.milestone("state-rebuilt").text()).contains("the 4 events").contains("balance: 20");
    }

    @Test
    @DisplayName("the projection catches up on history, then follows a new event from its checkpoint")
    void projection() {
        assertThat(narrator.milestone("projection-caught-up").text())
                .contains("4 events, checkpoint at position 4").contains("account-42 = 20");
        assertThat(narrator.milestone("projection-follows").text())
                .contains("1 event delivered").contains("account-42 = 35");
    }
}
