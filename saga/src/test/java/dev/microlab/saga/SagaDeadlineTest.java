package dev.microlab.saga;

import static dev.microlab.saga.Harness.PAY;
import static dev.microlab.saga.Harness.RESERVE;
import static dev.microlab.saga.Harness.SHIP;
import static dev.microlab.saga.Harness.VALIDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.retry.Backoff;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamName;
import dev.microlab.saga.internal.LogEntry;
import dev.microlab.saga.internal.SagaLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A saga-wide deadline")
class SagaDeadlineTest {

    private final Harness h = new Harness();

    @Test
    @DisplayName("cancels a saga that has not reached its pivot in time: it compensates what began and names the deadline")
    void deadlineBeforePivotCompensates() {
        // Given: the reservation is refused every time and retried every 7 s; the saga has 30 s
        h.failAlways(RESERVE, Phase.ACTION);
        SagaDefinition<OrderData> withDeadline = h.definition(Duration.ofSeconds(30),
                s -> s.get(RESERVE).retry(1000, Backoff.fixed(Duration.ofSeconds(7))));
        SagaOrchestrator orchestrator = h.orchestrator(withDeadline);

        // When
        SagaOutcome<OrderData> outcome = h.await(orchestrator.start(withDeadline, "late-1", OrderData.of("late-1")));

        // Then: attempts at 0, 7, 14, 21 and 28 s; the one due at 35 s is replaced by the cancellation
        assertThat(outcome.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(outcome.failure()).get().asString()
                .isEqualTo("cancelled: its deadline of PT30S passed before the pivot");
        assertThat(h.received.get(RESERVE + ":action")).as("reservation attempts before the deadline").isEqualTo(5);
        assertThat(h.effects).containsExactly("late-1:" + VALIDATE + ":action", "late-1:" + VALIDATE + ":compensation");
        assertThat(h.calls).as("nothing after the deadline goes forward").noneMatch(c -> c.contains(PAY));
    }

    @Test
    @DisplayName("is ignored once the pivot was attempted: the saga goes forward to COMPLETED however long it takes")
    void deadlineAfterPivotIgnored() {
        // Given: shipping (after the pivot) fails for 60 attempts, 1 s apart; the saga has 30 s
        h.failTimes(SHIP, Phase.ACTION, 60);
        SagaDefinition<OrderData> saga = h.definition(Duration.ofSeconds(30), s -> { });
        SagaOrchestrator orchestrator = h.orchestrator(saga);

        // When
        SagaOutcome<OrderData> outcome = h.await(orchestrator.start(saga, "slow-ship", OrderData.of("slow-ship")));

        // Then
        assertThat(outcome.state()).as("the pivot cannot be undone, so the deadline does not apply")
                .isEqualTo(SagaState.COMPLETED);
        assertThat(h.received.get(SHIP + ":action")).isEqualTo(61);
    }

    @Test
    @DisplayName("a saga that ends in time cancels its deadline timer")
    void deadlineTimerCancelledOnEnd() {
        // Given
        SagaDefinition<OrderData> saga = h.definition(Duration.ofMinutes(30), s -> { });
        SagaOrchestrator orchestrator = h.orchestrator(saga);

        // When
        SagaOutcome<OrderData> outcome = h.await(orchestrator.start(saga, "quick", OrderData.of("quick")));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPLETED);
        assertThat(h.scheduler.pendingTasks()).as("no timer left behind for 30 minutes").isZero();
    }

    @Test
    @DisplayName("must be positive and at most 365 days; the message names the saga and the value")
    void deadlineValidated() {
        SagaDefinition.Builder<OrderData> saga = SagaDefinition.builder("order", OrderData.class);
        assertThatThrownBy(() -> saga.deadline(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deadline of saga 'order' must be in (0, 365 days], but was PT0S");
        assertThatThrownBy(() -> saga.deadline(Duration.ofDays(366))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was PT8784H");
        assertThatThrownBy(() -> saga.deadline(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("deadline must not be null");
    }

    @Test
    @DisplayName("a saga-cancelled entry written before deadlines existed still reads, as an operator's cancel")
    void oldCancelledEntryStillReads() {
        // Given: the entry as the previous version wrote it, with no "deadline" field
        SagaLog log = new SagaLog(h.store, Harness.MAPPER, StreamName.of(SagaOrchestrator.DEFAULT_INDEX_STREAM));
        h.store.append(SagaLog.streamOf("old-1"), ExpectedVersion.ANY, EventData.of(LogEntry.Cancelled.TYPE,
                "{\"reason\":\"customer called\"}".getBytes(StandardCharsets.UTF_8)));

        // When
        LogEntry entry = log.read("old-1").get(0).entry();

        // Then
        assertThat(entry).isEqualTo(new LogEntry.Cancelled("customer called", false));
    }
}
