package dev.microlab.saga;

import static dev.microlab.saga.Harness.PAY;
import static dev.microlab.saga.Harness.RESERVE;
import static dev.microlab.saga.Harness.SHIP;
import static dev.microlab.saga.Harness.VALIDATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.retry.Backoff;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import dev.microlab.saga.CrashingEventStore.When;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills the orchestrator at every append of the saga log in turn (just before it is written,
 * and just after), then lets a fresh orchestrator recover from the same store, with the same
 * participants (the remote services live on).
 */
class CrashRecoveryTest {

    private static final String ID = "s1";

    record Scenario(String name, Consumer<Harness> script,
            Consumer<Map<String, SagaDefinition.StepBuilder<OrderData>>> customize) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("every step succeeds", h -> { }, s -> { }),
                new Scenario("the payment is declined", h -> h.failAlways(PAY, Phase.ACTION), s -> { }),
                new Scenario("shipping fails twice", h -> h.failTimes(SHIP, Phase.ACTION, 2), s -> { }),
                new Scenario("the reservation succeeds on its second attempt", h -> h.failTimes(RESERVE, Phase.ACTION, 1),
                        s -> s.get(RESERVE).retry(2, Backoff.fixed(Duration.ofSeconds(5)))),
                new Scenario("a compensation fails for good",
                        h -> h.failAlways(PAY, Phase.ACTION).failAlways(RESERVE, Phase.COMPENSATION), s -> { }),
                new Scenario("a compensation fails once",
                        h -> h.failAlways(PAY, Phase.ACTION).failTimes(RESERVE, Phase.COMPENSATION, 1), s -> { }));
    }

    /** What a run (maybe crashed and recovered) ended with. */
    record Result(SagaState state, List<String> effects, List<String> appends, List<String> log, Harness harness) {
    }

    private static Result run(Scenario scenario, int crashAt, When when, boolean retryInDoubt) {
        return run(scenario, crashAt, when, Boolean.valueOf(retryInDoubt));
    }

    /** @param retryInDoubt the in-doubt policy, or null for the orchestrator's default */
    private static Result run(Scenario scenario, int crashAt, When when, Boolean retryInDoubt) {
        Harness h = new Harness();
        scenario.script().accept(h);
        SagaDefinition<OrderData> saga = h.definition(scenario.customize());
        CrashingEventStore crashing = new CrashingEventStore(h.store, crashAt, when);
        SagaOrchestrator.Builder doomedBuilder = h.orchestrator(crashing, saga, h.scheduler, Runnable::run);
        if (retryInDoubt != null) {
            doomedBuilder.retryInDoubtSteps(retryInDoubt);
        }
        SagaOrchestrator doomed = doomedBuilder.build();
        CompletableFuture<SagaOutcome<OrderData>> first = null;
        try {
            first = doomed.start(saga, ID, OrderData.of(ID)).toCompletableFuture();
            for (int i = 0; i < 600 && !first.isDone(); i++) {
                h.scheduler.advance(Duration.ofSeconds(1));
            }
        } catch (CrashingEventStore.Crash expected) {
            // start() itself died
        }
        SagaState state;
        if (crashAt == 0) {
            state = first.join().state();
        } else {
            assertThat(crashing.crashed()).as("the run crashed at append %d (%s)", crashAt, when).isTrue();
            // A new process: its own timers, the same store, the same participants.
            ManualScheduler restarted = new ManualScheduler(h.time);
            SagaOrchestrator.Builder freshBuilder = h.orchestrator(h.store, saga, restarted, Runnable::run);
            if (retryInDoubt != null) {
                freshBuilder.retryInDoubtSteps(retryInDoubt);
            }
            SagaOrchestrator fresh = freshBuilder.build();
            CompletionStage<SagaOutcome<?>> resumed = fresh.recover().resumed().get(ID);
            state = resumed != null ? Harness.await(restarted, resumed, 600).state()
                    : fresh.status(ID).map(SagaStatus::state).orElse(null);   // ended before the crash, or never began
        }
        List<String> log = h.store.readStreamForward(StreamName.of("saga-" + ID), 0, 1000).stream()
                .map(RecordedEvent::dataAsString).toList();
        return new Result(state, List.copyOf(h.effects), crashing.appended(), log, h);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("a crash at any append, before or after it is written, recovers to the same end with the same effects once")
    void sameEndAfterAnyCrash(Scenario scenario) {
        // Given: the uninterrupted run
        Result baseline = run(scenario, 0, When.AFTER, true);
        assertThat(baseline.appends()).as("the saga log was written").hasSizeGreaterThan(5);

        for (When when : When.values()) {
            for (int k = 1; k <= baseline.appends().size(); k++) {
                // When
                Result recovered = run(scenario, k, when, true);

                // Then
                String at = "crash " + when + " append " + k + " (" + baseline.appends().get(k - 1) + ")";
                if (when == When.BEFORE && k == 1) {
                    assertThat(recovered.state()).as(at + ": the saga was never recorded, so nothing resumes").isNull();
                    assertThat(recovered.effects()).as(at + ": and nothing was done").isEmpty();
                    continue;
                }
                assertThat(recovered.state()).as(at + ": same terminal state").isEqualTo(baseline.state());
                assertThat(recovered.effects()).as(at + ": same effects, each once, in the same order")
                        .containsExactlyElementsOf(baseline.effects());
                assertThat(recovered.log()).as(at + ": exactly one end in the log")
                        .filteredOn(e -> e.contains("\"reason\"")).hasSize(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("with compensate-in-doubt (retryInDoubtSteps(false)) every crash still keeps the saga invariants")
    void invariantsAfterAnyCrash(Scenario scenario) {
        Result baseline = run(scenario, 0, When.AFTER, false);
        for (When when : When.values()) {
            for (int k = 2; k <= baseline.appends().size(); k++) {
                // When
                Result recovered = run(scenario, k, when, false);

                // Then
                String at = "crash " + when + " append " + k + " (" + baseline.appends().get(k - 1) + ")";
                Invariants.check(at, recovered.state(), recovered.harness(), ID);
            }
        }
    }

    @Test
    @DisplayName("with retryInDoubtSteps(false) an in-doubt step before the pivot is compensated: a null compensation when it never ran")
    void inDoubtBeforeCallIsNullCompensated() {
        // Given: the run dies right after announcing reserve-inventory (append 5: index, started,
        // validate started, validate succeeded, reserve started)
        Scenario success = scenarios().findFirst().orElseThrow();

        // When
        Result recovered = run(success, 5, When.AFTER, false);

        // Then
        assertThat(recovered.state()).as("in doubt before the pivot means compensate").isEqualTo(SagaState.COMPENSATED);
        assertThat(recovered.harness().fence.fence(ID, RESERVE)).as("reserve never ran: null compensation")
                .contains(IdempotentParticipant.FenceState.NULL_COMPENSATED);
        assertThat(recovered.effects()).containsExactly(ID + ":" + VALIDATE + ":action",
                ID + ":" + VALIDATE + ":compensation");
    }

    @Test
    @DisplayName("with retryInDoubtSteps(false) an in-doubt step that did run before the crash is really compensated")
    void inDoubtAfterCallIsCompensated() {
        // Given: the run dies just before recording that reserve-inventory succeeded (append 6)
        Scenario success = scenarios().findFirst().orElseThrow();

        // When
        Result recovered = run(success, 6, When.BEFORE, false);

        // Then
        assertThat(recovered.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(recovered.effects()).containsExactly(ID + ":" + VALIDATE + ":action", ID + ":" + RESERVE + ":action",
                ID + ":" + RESERVE + ":compensation", ID + ":" + VALIDATE + ":compensation");
    }

    @Test
    @DisplayName("an in-doubt pivot is retried with the same key, not compensated")
    void inDoubtPivotIsRetried() {
        // Given: the run dies just before recording that the payment succeeded (append 8)
        Scenario success = scenarios().findFirst().orElseThrow();

        // When
        Result recovered = run(success, 8, When.BEFORE, false);

        // Then
        assertThat(recovered.state()).isEqualTo(SagaState.COMPLETED);
        assertThat(recovered.harness().calls).as("the payment was asked twice with one key")
                .filteredOn(c -> c.contains(PAY)).containsExactly(ID + ":" + PAY + ":action", ID + ":" + PAY + ":action");
        assertThat(recovered.effects()).as("and charged once").containsOnlyOnce(ID + ":" + PAY + ":action");
    }

    /** The attempt numbers the log recorded for entries of {@code type} ("saga-step-started"...) of {@code step}. */
    private static List<Integer> attempts(Result result, String type, String step) {
        return result.harness().store.readStreamForward(StreamName.of("saga-" + ID), 0, 1000).stream()
                .filter(e -> e.type().equals(type) && e.dataAsString().contains("\"step\":\"" + step + "\""))
                .map(e -> Integer.valueOf(e.dataAsString().replaceAll(".*\"attempt\":(\\d+).*", "$1")))
                .toList();
    }

    private static void crashAfterEveryStartedEntry(Scenario scenario, SagaState expected, String type, String step,
            int bound) {
        Result baseline = run(scenario, 0, When.AFTER, (Boolean) null);
        assertThat(baseline.state()).as("the uninterrupted run").isEqualTo(expected);
        int crashes = 0;
        for (int k = 1; k <= baseline.appends().size(); k++) {
            if (!baseline.appends().get(k - 1).endsWith("-started") || k == 1) {
                continue;
            }
            // When: the process dies right after announcing a call, before making it
            Result recovered = run(scenario, k, When.AFTER, (Boolean) null);
            crashes++;

            // Then
            String at = "crash after append " + k + " (" + baseline.appends().get(k - 1) + ")";
            assertThat(recovered.state()).as(at + ": the call that never reached the participant used up no attempt")
                    .isEqualTo(expected);
            assertThat(attempts(recovered, type, step)).as(at + ": no attempt beyond the bound of " + bound)
                    .allMatch(a -> a <= bound);
        }
        assertThat(crashes).as("crash points tried").isGreaterThan(3);
    }

    @Test
    @DisplayName("a compensation that fails twice then succeeds ends COMPENSATED with compensationAttempts(3), whatever started entry a crash follows")
    void crashedCompensationAttemptIsNotUsedUp() {
        Scenario flakyRelease = new Scenario("the release fails twice",
                h -> h.failAlways(PAY, Phase.ACTION).failFirstReceived(RESERVE, Phase.COMPENSATION, 2), s -> { });
        crashAfterEveryStartedEntry(flakyRelease, SagaState.COMPENSATED, "saga-compensation-started", RESERVE, 3);
    }

    @Test
    @DisplayName("an action that fails twice then succeeds completes with retry(3), whatever started entry a crash follows")
    void crashedActionAttemptIsNotUsedUp() {
        Scenario flakyReservation = new Scenario("the reservation fails twice",
                h -> h.failFirstReceived(RESERVE, Phase.ACTION, 2),
                s -> s.get(RESERVE).retry(3, Backoff.fixed(Duration.ofSeconds(5))));
        crashAfterEveryStartedEntry(flakyReservation, SagaState.COMPLETED, "saga-step-started", RESERVE, 3);
    }

    @Test
    @DisplayName("by default an in-doubt step before the pivot is retried with its key, so the saga ends as if nothing crashed")
    void inDoubtIsRetriedByDefault() {
        // Given: the run dies right after announcing reserve-inventory (append 5)
        Scenario success = scenarios().findFirst().orElseThrow();

        // When
        Result recovered = run(success, 5, When.AFTER, (Boolean) null);

        // Then
        assertThat(recovered.state()).isEqualTo(SagaState.COMPLETED);
        assertThat(recovered.effects()).containsExactly(ID + ":" + VALIDATE + ":action", ID + ":" + RESERVE + ":action",
                ID + ":" + PAY + ":action", ID + ":" + SHIP + ":action");
    }

    @Test
    @DisplayName("recovery leaves ended sagas alone and resumes only the unfinished ones")
    void recoverySkipsEnded() {
        // Given: one saga ended, one interrupted
        Harness h = new Harness();
        SagaDefinition<OrderData> saga = h.definition();
        h.await(h.orchestrator(saga).start(saga, "done", OrderData.of("done")));
        CrashingEventStore crashing = new CrashingEventStore(h.store, 4, When.AFTER);
        try {
            h.orchestrator(crashing, saga, h.scheduler, Runnable::run).build()
                    .start(saga, "cut", OrderData.of("cut")).toCompletableFuture();
        } catch (CrashingEventStore.Crash expected) {
            // died
        }

        // When
        SagaOrchestrator fresh = h.orchestrator(saga);
        RecoveryReport report = fresh.recover();

        // Then
        assertThat(report.scanned()).isEqualTo(2);
        assertThat(report.resumed()).as("only the interrupted saga").containsOnlyKeys("cut");
        assertThat(Harness.await(h.scheduler, report.resumed().get("cut"), 600).state()).isEqualTo(SagaState.COMPLETED);
        assertThat(fresh.recover().resumed()).as("a second recovery finds nothing to do").isEmpty();
        assertThat(fresh.status("done").orElseThrow().state()).as("the terminal state never changes")
                .isEqualTo(SagaState.COMPLETED);
    }

    @Test
    @DisplayName("recovery reports unfinished sagas whose definition is not registered")
    void unknownDefinitions() {
        // Given
        Harness h = new Harness();
        SagaDefinition<OrderData> saga = h.definition();
        CrashingEventStore crashing = new CrashingEventStore(h.store, 3, When.AFTER);
        try {
            h.orchestrator(crashing, saga, h.scheduler, Runnable::run).build().start(saga, "x", OrderData.of("x"));
        } catch (CrashingEventStore.Crash expected) {
            // died
        }
        SagaDefinition<OrderData> other = SagaDefinition.builder("other", OrderData.class)
                .step("a").action(ctx -> null).add().build();

        // When
        RecoveryReport report = SagaOrchestrator.builder(h.store).register(other).scheduler(h.scheduler)
                .executor(Runnable::run).build().recover();

        // Then
        assertThat(report.unknownDefinitions()).containsExactly("x");
        assertThat(report.resumed()).isEmpty();
    }
}
