package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The messaging scenario")
class MessagingScenarioTest {

    private final Narrator narrator = Narrator.silent();

    @BeforeEach
    void play() throws Exception {
        new MessagingScenario().run(narrator);
    }

    @Test
    @DisplayName("publishes, retries, parks the poison message and drops the outbox's duplicate, in that order")
    void milestonesInOrder() {
        assertThat(narrator.milestoneIds()).containsExactly("published", "returned", "retry-scheduled",
                "retry-succeeded", "dead-lettered", "duplicate-dropped");
    }

    @Test
    @DisplayName("the retry waits exactly the backoff on the virtual clock")
    void retryAfterBackoff() {
        assertThat(narrator.milestone("retry-scheduled").text()).contains("order_events.retry-1 (1)");
        assertThat(narrator.milestone("retry-succeeded").at().minus(narrator.milestone("retry-scheduled").at()))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("the unroutable mandatory message is returned; the poison one is parked with x-death")
    void returnedAndParked() {
        assertThat(narrator.milestone("published").text()).contains("CONFIRMED").contains("1 ready");
        assertThat(narrator.milestone("returned").text()).endsWith("RETURNED");
        assertThat(narrator.milestone("dead-lettered").text()).contains("failed 3 times")
                .contains("queue=order_events").contains("reason=rejected").contains("count=1");
    }

    @Test
    @DisplayName("the relay publishes again after the crash; the inbox handles the event once")
    void outboxDuplicateDropped() {
        assertThat(narrator.milestone("duplicate-dropped").text()).contains("delivered 2 times")
                .contains("handled 1 time");
        assertThat(narrator.diagrams()).hasSize(1);
    }
}
