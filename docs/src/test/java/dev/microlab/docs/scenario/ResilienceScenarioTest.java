package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The resilience scenario")
class ResilienceScenarioTest {

    private final Narrator narrator = Narrator.silent();

    @BeforeEach
    void play() throws Exception {
        new ResilienceScenario().run(narrator);
    }

    @Test
    @DisplayName("reaches its milestones in story order")
    void milestonesInOrder() {
        assertThat(narrator.milestoneIds()).as("the story's milestones").containsExactly(
                "retry-attempt-failed", "retry-recovered", "retry-exhausted",
                "bulkhead-rejected", "bulkhead-permit-returned", "timeout-fired", "timeout-frees-caller-not-permit",
                "bulkhead-drained",
                "rate-limiter-burst-spent", "rate-limiter-refilled", "rate-limiter-full");
    }

    @Test
    @DisplayName("the retry recovers on the third attempt after 100 + 200 ms of exponential backoff")
    void retryRecoversWithBackoff() {
        Milestone recovered = narrator.milestone("retry-recovered");

        assertThat(recovered.at()).as("virtual time when the third attempt succeeded").isEqualTo(Duration.ofMillis(300));
        assertThat(recovered.text()).contains("attempt 3 succeeds");
    }

    @Test
    @DisplayName("the retry gives up after 4 attempts and 700 ms of backoff on a dead dependency")
    void retryExhausts() {
        Milestone exhausted = narrator.milestone("retry-exhausted");

        assertThat(exhausted.at().minus(narrator.milestone("retry-recovered").at()))
                .as("backoff of the second call: 100 + 200 + 400 ms").isEqualTo(Duration.ofMillis(700));
        assertThat(exhausted.text()).contains("after 4 attempts").contains("connection reset");
    }

    @Test
    @DisplayName("the bulkhead rejects the third concurrent call at once, without waiting")
    void bulkheadRejects() {
        assertThat(narrator.milestone("bulkhead-rejected").at())
                .as("rejected at the instant act 2 starts").isEqualTo(narrator.milestone("retry-exhausted").at());
        assertThat(narrator.milestone("bulkhead-rejected").text()).contains("BulkheadFullException");
    }

    @Test
    @DisplayName("the timeout frees the caller of the hung call after 1 s, but not its bulkhead permit")
    void timeoutFreesCallerNotPermit() {
        Duration actStart = narrator.milestone("bulkhead-rejected").at();

        assertThat(narrator.milestone("bulkhead-permit-returned").text()).as("after call 1 answered").contains("1 free");
        assertThat(narrator.milestone("timeout-fired").at().minus(actStart)).as("timeout after 1 s")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(narrator.milestone("timeout-frees-caller-not-permit").text())
                .as("the hung request still holds its permit").contains("1 of 2 free");
    }

    @Test
    @DisplayName("the permit of the hung call comes back when the client's own read timeout ends it")
    void clientTimeoutReturnsPermit() {
        Milestone drained = narrator.milestone("bulkhead-drained");

        assertThat(drained.at().minus(narrator.milestone("bulkhead-rejected").at())).isEqualTo(Duration.ofSeconds(5));
        assertThat(drained.text()).contains("read timed out").contains("2 of 2 permits free");
    }

    @Test
    @DisplayName("the rate limiter permits its burst of 5, refills 2 in 400 ms, and caps at 5")
    void rateLimiterRefills() {
        assertThat(narrator.milestone("rate-limiter-burst-spent").text()).contains("5 permitted, 3 rejected");
        assertThat(narrator.milestone("rate-limiter-refilled").text()).contains("2 of 3 calls permitted");
        assertThat(narrator.milestone("rate-limiter-refilled").at().minus(narrator.milestone("rate-limiter-burst-spent").at()))
                .isEqualTo(Duration.ofMillis(400));
        assertThat(narrator.milestone("rate-limiter-full").text()).contains("5 permits (the burst capacity)");
    }

    @Test
    @DisplayName("draws the retry as a sequence diagram and the whole story as a timeline")
    void diagrams() {
        assertThat(narrator.diagrams()).extracting(d -> d.render().lines().findFirst().orElse(""))
                .containsExactly("sequenceDiagram", "timeline");
        assertThat(narrator.diagrams().get(0).render()).contains("R--xC: gives up after 4 attempts")
                .contains("Note over R: wait 400 ms");
    }

    @Test
    @DisplayName("is what 'run retry', 'run bulkhead', 'run rate-limiter' and 'run timeout' play")
    void foundByPatternNames() {
        for (String pattern : new String[] {"retry", "bulkhead", "rate-limiter", "timeout"}) {
            assertThat(Scenarios.find(pattern)).as("scenario for %s", pattern)
                    .hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("resilience"));
        }
    }
}
