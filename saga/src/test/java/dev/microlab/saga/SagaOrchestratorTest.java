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
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SagaOrchestratorTest {

    private final Harness h = new Harness();

    private static String key(String sagaId, String step, Phase phase) {
        return new IdempotencyKey(sagaId, step, phase).toString();
    }

    private List<String> logTypes(String sagaId) {
        return h.store.readStreamForward(StreamName.of("saga-" + sagaId), 0, 1000).stream()
                .map(RecordedEvent::type).toList();
    }

    @Test
    @DisplayName("runs every step in order and ends COMPLETED with each step's result recorded in the data")
    void completes() {
        // Given
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(saga);

        // When
        SagaOutcome<OrderData> outcome = h.await(orchestrator.start(saga, "o1", OrderData.of("o1")));

        // Then
        assertThat(outcome.state()).as("a saga whose steps all succeed completes").isEqualTo(SagaState.COMPLETED);
        assertThat(outcome.data().notes()).as("each step recorded its result into the saga data")
                .containsExactly(VALIDATE, RESERVE, PAY, SHIP);
        assertThat(h.effects).as("each participant applied its action once, in order").containsExactly(
                key("o1", VALIDATE, Phase.ACTION), key("o1", RESERVE, Phase.ACTION),
                key("o1", PAY, Phase.ACTION), key("o1", SHIP, Phase.ACTION));
        assertThat(outcome.failure()).as("a completed saga has no failure").isEmpty();
    }

    @Test
    @DisplayName("a step that fails before the pivot compensates the earlier steps and ends COMPENSATED")
    void compensatesBeforePivot() {
        // Given
        h.failAlways(RESERVE, Phase.ACTION);
        SagaDefinition<OrderData> saga = h.definition();

        // When
        SagaOutcome<OrderData> outcome = h.await(h.orchestrator(saga).start(saga, "o2", OrderData.of("o2")));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(h.effects).as("validate ran and was undone; the refused reservation is not compensated")
                .containsExactly(key("o2", VALIDATE, Phase.ACTION), key("o2", VALIDATE, Phase.COMPENSATION));
        assertThat(outcome.failure()).as("the outcome says why").get().asString().contains("refused by the script");
    }

    @Test
    @DisplayName("a failing pivot compensates the earlier steps in exact reverse order")
    void pivotFailureCompensatesInReverse() {
        // Given
        h.failAlways(PAY, Phase.ACTION);
        SagaDefinition<OrderData> saga = h.definition();

        // When
        SagaOutcome<OrderData> outcome = h.await(h.orchestrator(saga).start(saga, "o3", OrderData.of("o3")));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(h.effects).as("compensations run latest first").containsExactly(
                key("o3", VALIDATE, Phase.ACTION), key("o3", RESERVE, Phase.ACTION),
                key("o3", RESERVE, Phase.COMPENSATION), key("o3", VALIDATE, Phase.COMPENSATION));
        assertThat(outcome.data().notes()).as("compensations record into the data too")
                .endsWith("undo " + RESERVE, "undo " + VALIDATE);
    }

    @Test
    @DisplayName("a retriable step after the pivot is retried with backoff until it succeeds, never compensated")
    void retriesForwardAfterPivot() {
        // Given: shipping fails 5 times; the orchestrator's forward backoff is a fixed 1 s
        h.failTimes(SHIP, Phase.ACTION, 5);
        SagaDefinition<OrderData> saga = h.definition();
        CompletableFuture<SagaOutcome<OrderData>> run =
                h.orchestrator(saga).start(saga, "o4", OrderData.of("o4")).toCompletableFuture();

        // When / Then: the retry waits for the backoff
        assertThat(run).as("the saga waits for the backoff").isNotDone();
        assertThat(h.scheduler.pendingDelays()).as("the next attempt is scheduled after the backoff")
                .containsExactly(Duration.ofSeconds(1));
        SagaOutcome<OrderData> outcome = h.await(run);
        assertThat(outcome.state()).isEqualTo(SagaState.COMPLETED);
        assertThat(h.calls.stream().filter(c -> c.equals(key("o4", SHIP, Phase.ACTION))).count())
                .as("5 failures then a success").isEqualTo(6);
        assertThat(h.effects).as("nothing was compensated").noneMatch(k -> k.endsWith(":compensation"));
        assertThat(h.time.elapsed()).as("five waits of 1 s").isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("a step's own retry policy gives it more attempts with its own backoff before compensation")
    void stepRetryPolicy() {
        // Given: reserve fails twice, and has 3 attempts 10 s apart
        h.failTimes(RESERVE, Phase.ACTION, 2);
        SagaDefinition<OrderData> saga = h.definition(s -> s.get(RESERVE).retry(3, Backoff.fixed(Duration.ofSeconds(10))));
        CompletableFuture<SagaOutcome<OrderData>> run =
                h.orchestrator(saga).start(saga, "o5", OrderData.of("o5")).toCompletableFuture();

        // When
        h.scheduler.advance(Duration.ofSeconds(9));

        // Then
        assertThat(run).as("the second attempt waits the step's 10 s, not the default 1 s").isNotDone();
        assertThat(h.await(run).state()).as("the third attempt succeeds").isEqualTo(SagaState.COMPLETED);
        assertThat(h.time.elapsed()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    @DisplayName("a step without a retry policy gets one attempt")
    void oneAttemptByDefault() {
        // Given
        h.failTimes(RESERVE, Phase.ACTION, 1);
        SagaDefinition<OrderData> saga = h.definition();

        // When
        SagaOutcome<OrderData> outcome = h.await(h.orchestrator(saga).start(saga, "o6", OrderData.of("o6")));

        // Then
        assertThat(outcome.state()).as("one failure is enough to compensate").isEqualTo(SagaState.COMPENSATED);
    }

    @Test
    @DisplayName("a compensation that keeps failing is retried up to the bound, then the saga ends FAILED and earlier compensations wait")
    void failedCompensationEndsFailed() {
        // Given
        h.failAlways(PAY, Phase.ACTION).failAlways(RESERVE, Phase.COMPENSATION);
        SagaDefinition<OrderData> saga = h.definition();

        // When
        SagaOutcome<OrderData> outcome = h.await(h.orchestrator(saga).start(saga, "o7", OrderData.of("o7")));

        // Then
        assertThat(outcome.state()).as("never COMPENSATED when a compensation failed").isEqualTo(SagaState.FAILED);
        assertThat(h.calls.stream().filter(c -> c.equals(key("o7", RESERVE, Phase.COMPENSATION))).count())
                .as("compensationAttempts(3)").isEqualTo(3);
        assertThat(h.effects).as("the earlier compensation (validate) did not run")
                .doesNotContain(key("o7", VALIDATE, Phase.COMPENSATION));
        assertThat(h.time.elapsed()).as("two waits of the 2 s compensation backoff").isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    @DisplayName("with continueOnCompensationError the earlier compensations still run and the saga still ends FAILED")
    void continueOnCompensationError() {
        // Given
        h.failAlways(PAY, Phase.ACTION).failAlways(RESERVE, Phase.COMPENSATION);
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(h.store, saga, h.scheduler, Runnable::run)
                .continueOnCompensationError(true).build();

        // When
        SagaOutcome<OrderData> outcome = h.await(orchestrator.start(saga, "o8", OrderData.of("o8")));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.FAILED);
        assertThat(h.effects).as("validate was compensated anyway").contains(key("o8", VALIDATE, Phase.COMPENSATION));
    }

    @Test
    @DisplayName("a step's compensationAttempts overrides the orchestrator's bound")
    void stepCompensationAttempts() {
        // Given
        h.failAlways(PAY, Phase.ACTION).failAlways(RESERVE, Phase.COMPENSATION);
        SagaDefinition<OrderData> saga = h.definition(s -> s.get(RESERVE).compensationAttempts(5));

        // When
        h.await(h.orchestrator(saga).start(saga, "o9", OrderData.of("o9")));

        // Then
        assertThat(h.calls.stream().filter(c -> c.equals(key("o9", RESERVE, Phase.COMPENSATION))).count())
                .as("five attempts instead of the orchestrator's three").isEqualTo(5);
    }

    @Test
    @DisplayName("a compensation that fails a few times then succeeds ends COMPENSATED")
    void compensationRecovers() {
        // Given
        h.failAlways(PAY, Phase.ACTION).failTimes(RESERVE, Phase.COMPENSATION, 2);
        SagaDefinition<OrderData> saga = h.definition();

        // When
        SagaOutcome<OrderData> outcome = h.await(h.orchestrator(saga).start(saga, "o10", OrderData.of("o10")));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(h.effects).containsOnlyOnce(key("o10", RESERVE, Phase.COMPENSATION));
    }

    @Test
    @DisplayName("a timed-out step is in doubt: it is compensated (a null compensation) and its late arrival is refused")
    void timeoutIsInDoubt() {
        // Given: the inventory never answers and the step has a 3 s timeout
        h.hang(RESERVE, Phase.ACTION);
        SagaDefinition<OrderData> saga = h.definition(s -> s.get(RESERVE).timeout(Duration.ofSeconds(3)));
        CompletableFuture<SagaOutcome<OrderData>> run =
                h.orchestrator(saga).start(saga, "o11", OrderData.of("o11")).toCompletableFuture();

        // When
        h.scheduler.advance(Duration.ofSeconds(2));
        assertThat(run).as("the timeout has not passed yet").isNotDone();
        SagaOutcome<OrderData> outcome = h.await(run);
        h.lateCalls.forEach(Runnable::run);   // the lost request finally arrives

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(h.calls).as("the in-doubt step's compensation was sent")
                .contains(key("o11", RESERVE, Phase.COMPENSATION));
        assertThat(h.fence.fence("o11", RESERVE)).as("the fence recorded a null compensation")
                .contains(IdempotentParticipant.FenceState.NULL_COMPENSATED);
        assertThat(h.effects).as("the late reservation was refused, so nothing is left reserved")
                .doesNotContain(key("o11", RESERVE, Phase.ACTION));
        assertThat(h.fence.refusedCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a pivot that times out is not failed: it is retried forward with the same key until it answers")
    void pivotTimeoutIsRetriedForward() {
        // Given: the payment's first two calls are lost (never answered); the pivot has a 3 s timeout
        // and the default single attempt
        h.hangTimes(PAY, Phase.ACTION, 2);
        SagaDefinition<OrderData> saga = h.definition(s -> s.get(PAY).timeout(Duration.ofSeconds(3)));

        // When
        SagaOutcome<OrderData> outcome = h.await(h.orchestrator(saga).start(saga, "o30", OrderData.of("o30")));
        h.lateCalls.forEach(Runnable::run);   // the lost payment requests finally arrive

        // Then
        assertThat(outcome.state()).as("a pivot's timeout means 'unknown', so the saga pushes forward")
                .isEqualTo(SagaState.COMPLETED);
        assertThat(h.calls).as("three calls to the payment, all with one key")
                .filteredOn(c -> c.contains(PAY)).containsExactly(key("o30", PAY, Phase.ACTION),
                        key("o30", PAY, Phase.ACTION), key("o30", PAY, Phase.ACTION));
        assertThat(h.effects).as("charged once, nothing compensated").containsExactly(
                key("o30", VALIDATE, Phase.ACTION), key("o30", RESERVE, Phase.ACTION),
                key("o30", PAY, Phase.ACTION), key("o30", SHIP, Phase.ACTION));
    }

    @Test
    @DisplayName("a pivot that timed out and is then definitely refused compensates the earlier steps")
    void pivotTimeoutThenRefusalCompensates() {
        // Given: the payment's first call is lost, the second is refused (attempts 1..2 "fail",
        // but attempt 1 never answers)
        h.hangTimes(PAY, Phase.ACTION, 1);
        h.failFirstReceived(PAY, Phase.ACTION, 2);
        SagaDefinition<OrderData> saga = h.definition(s -> s.get(PAY).timeout(Duration.ofSeconds(3)));

        // When
        SagaOutcome<OrderData> outcome = h.await(h.orchestrator(saga).start(saga, "o31", OrderData.of("o31")));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(h.effects).containsExactly(key("o31", VALIDATE, Phase.ACTION), key("o31", RESERVE, Phase.ACTION),
                key("o31", RESERVE, Phase.COMPENSATION), key("o31", VALIDATE, Phase.COMPENSATION));
    }

    @Test
    @DisplayName("a synchronous step's timeout fires with executor(Runnable::run) too: the timer is armed before the call")
    void syncTimeoutWithCallerRunsExecutor() {
        // Given: a synchronous reservation that takes 5 s (it moves the manual clock while it runs)
        // against a 3 s timeout, everything on the calling thread
        SagaDefinition<OrderData> saga = h.definition(s -> s.get(RESERVE).timeout(Duration.ofSeconds(3))
                .action(ctx -> {
                    h.scheduler.advance(Duration.ofSeconds(5));
                    return ctx.data().note("slow reservation");
                }));

        // When
        SagaOutcome<OrderData> outcome = h.await(h.orchestrator(saga).start(saga, "o32", OrderData.of("o32")));

        // Then
        assertThat(outcome.state()).as("the slow step timed out, so the saga compensated")
                .isEqualTo(SagaState.COMPENSATED);
        assertThat(outcome.failure()).get().asString().contains("TimeoutExceededException");
    }

    @Test
    @DisplayName("each effect is applied once even when every call is delivered twice")
    void duplicateDelivery() {
        // Given
        h.deliveries = 2;
        h.failAlways(PAY, Phase.ACTION);
        SagaDefinition<OrderData> saga = h.definition();

        // When
        h.await(h.orchestrator(saga).start(saga, "o12", OrderData.of("o12")));

        // Then
        assertThat(h.effects).as("one effect per key").doesNotHaveDuplicates().hasSize(4);
        assertThat(h.fence.duplicateCount()).as("the second deliveries were recognised").isEqualTo(4);
    }

    @Test
    @DisplayName("the step-started entry is in the log before the participant is called")
    void writeAheadOfSideEffect() {
        // Given
        List<String> seenByParticipant = Collections.synchronizedList(new ArrayList<>());
        SagaDefinition<OrderData> saga = SagaDefinition.builder("order", OrderData.class)
                .step("only").action(ctx -> {
                    List<RecordedEvent> last = h.store.readStreamBackward(StreamName.of("saga-o13"), Long.MAX_VALUE, 1);
                    seenByParticipant.add(last.get(0).type() + " " + last.get(0).dataAsString());
                    return null;
                }).add().build();

        // When
        h.await(h.orchestrator(saga).start(saga, "o13", OrderData.of("o13")));

        // Then
        assertThat(seenByParticipant).as("the participant runs after its step-started entry was appended")
                .singleElement().asString().startsWith("saga-step-started").contains("\"step\":\"only\"");
    }

    @Test
    @DisplayName("the saga log holds one entry per move, with exactly one end")
    void logShape() {
        // Given
        h.failAlways(PAY, Phase.ACTION);
        SagaDefinition<OrderData> saga = h.definition();

        // When
        h.await(h.orchestrator(saga).start(saga, "o14", OrderData.of("o14")));

        // Then
        assertThat(logTypes("o14")).containsExactly("saga-started",
                "saga-step-started", "saga-step-succeeded", "saga-step-started", "saga-step-succeeded",
                "saga-step-started", "saga-step-failed",
                "saga-compensation-started", "saga-compensation-succeeded",
                "saga-compensation-started", "saga-compensation-succeeded", "saga-ended");
    }

    @Test
    @DisplayName("a second writer of the same saga makes the run stop before its next side effect")
    void exactExpectedVersion() {
        // Given: the payment step lets another writer append to the saga's stream
        SagaDefinition<OrderData> saga = SagaDefinition.builder("order", OrderData.class)
                .step("a").action(ctx -> {
                    h.store.append(StreamName.of("saga-o15"), ExpectedVersion.ANY,
                            EventData.of("intruder", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    return null;
                }).compensation(ctx -> null).add()
                .step("b").action(ctx -> {
                    h.calls.add("b ran");
                    return null;
                }).add().build();
        List<SagaEvent> events = Collections.synchronizedList(new ArrayList<>());
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        orchestrator.eventPublisher().subscribe(events::add);

        // When
        CompletableFuture<SagaOutcome<OrderData>> run =
                orchestrator.start(saga, "o15", OrderData.of("o15")).toCompletableFuture();

        // Then
        assertThatThrownBy(run::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WrongExpectedVersionException.class);
        assertThat(h.calls).as("step b never ran").doesNotContain("b ran");
        assertThat(events).as("the stall is reported").last().isInstanceOf(SagaEvent.SagaStalled.class);
        assertThat(orchestrator.runningCount()).isZero();
    }

    @Test
    @DisplayName("publishes an event per move, ending with the terminal state")
    void events() {
        // Given
        h.failTimes(SHIP, Phase.ACTION, 1);
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        List<SagaEvent> events = Collections.synchronizedList(new ArrayList<>());
        orchestrator.eventPublisher().subscribe(events::add);

        // When
        h.await(orchestrator.start(saga, "o16", OrderData.of("o16")));

        // Then
        assertThat(events).first().isEqualTo(new SagaEvent.SagaStarted("o16", "order", 1));
        assertThat(events).filteredOn(SagaEvent.StepFailed.class::isInstance).singleElement()
                .isEqualTo(new SagaEvent.StepFailed("o16", SHIP, 1,
                        "IllegalStateException: ship:action refused by the script", true, 9));
        assertThat(events).last().isEqualTo(new SagaEvent.SagaEnded("o16", SagaState.COMPLETED, 12));
        assertThat(events).hasSize(1 + 2 * 4 + 2 + 1);
    }

    @Test
    @DisplayName("events carry a per-orchestrator sequence number: 1, 2, 3 ... in the order of the changes, across sagas")
    void eventSequence() throws Exception {
        // Given: sagas running at once on a pool, so listeners are called from several threads
        SagaDefinition<OrderData> saga = h.definition();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            SagaOrchestrator orchestrator = h.orchestrator(h.store, saga, h.scheduler, pool).build();
            List<SagaEvent> events = Collections.synchronizedList(new ArrayList<>());
            orchestrator.eventPublisher().subscribe(events::add);
            // When
            List<CompletableFuture<SagaOutcome<OrderData>>> runs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                runs.add(orchestrator.start(saga, "q" + i, OrderData.of("q" + i)).toCompletableFuture());
            }
            for (CompletableFuture<SagaOutcome<OrderData>> run : runs) {
                run.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            // Then
            List<Long> numbers;
            synchronized (events) {
                numbers = events.stream().map(SagaEvent::sequence).sorted().toList();
            }
            assertThat(numbers).as("1..n without gaps or repeats")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, numbers.size()).boxed().toList());
            for (int i = 0; i < 20; i++) {
                String id = "q" + i;
                List<SagaEvent> ofSaga;
                synchronized (events) {
                    ofSaga = events.stream().filter(e -> e.sagaId().equals(id))
                            .sorted(java.util.Comparator.comparingLong(SagaEvent::sequence)).toList();
                }
                assertThat(ofSaga.get(0)).as("sorted by sequence, %s starts", id).isInstanceOf(SagaEvent.SagaStarted.class);
                assertThat(ofSaga.get(ofSaga.size() - 1)).as("and ends last", id).isInstanceOf(SagaEvent.SagaEnded.class);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("the query API reports the status of a saga and lists sagas by state")
    void queries() {
        // Given
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        h.await(orchestrator.start(saga, "ok-1", OrderData.of("ok-1")));
        h.failAlways(PAY, Phase.ACTION);
        h.await(orchestrator.start(saga, "ko-1", OrderData.of("ko-1")));

        // When
        SagaStatus status = orchestrator.status("ko-1").orElseThrow();

        // Then
        assertThat(status.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(status.failedStep()).contains(PAY);
        assertThat(status.completedSteps()).containsExactly(VALIDATE, RESERVE);
        assertThat(status.compensatedSteps()).containsExactly(RESERVE, VALIDATE);
        assertThat(orchestrator.list(SagaState.COMPLETED)).extracting(SagaStatus::sagaId).containsExactly("ok-1");
        assertThat(orchestrator.list(SagaState.COMPENSATED)).extracting(SagaStatus::sagaId).containsExactly("ko-1");
        assertThat(orchestrator.status("nope")).as("unknown saga").isEmpty();
    }

    @Test
    @DisplayName("the trace renders as a Mermaid sequence diagram with calls, failures and compensations")
    void mermaidTrace() {
        // Given
        h.failAlways(PAY, Phase.ACTION);
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        h.await(orchestrator.start(saga, "o17", OrderData.of("o17")));

        // When
        String mermaid = orchestrator.trace("o17").orElseThrow().toMermaid();

        // Then
        assertThat(mermaid).startsWith("sequenceDiagram\n")
                .contains("participant P1 as Orders", "participant P2 as Inventory", "participant P3 as Payments")
                .contains("S->>P2: reserve-inventory", "P2-->>S: reserve-inventory ok")
                .contains("P3--xS: process-payment failed: IllegalStateException")
                .contains("S->>P2: compensate reserve-inventory", "P2-->>S: reserve-inventory compensated")
                .contains("Note over S: COMPENSATED")
                .doesNotContain("Shipping");
    }

    @Test
    @DisplayName("refuses to start a saga whose id exists, or whose definition is not registered")
    void startChecks() {
        // Given
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        h.await(orchestrator.start(saga, "o18", OrderData.of("o18")));

        // When / Then
        assertThatThrownBy(() -> orchestrator.start(saga, "o18", OrderData.of("o18")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'o18' exists already");
        assertThatThrownBy(() -> orchestrator.start(h.definition(), "o19", OrderData.of("o19")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
        assertThatThrownBy(() -> orchestrator.start(saga, "bad id", OrderData.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sagaId");
    }

    @Test
    @DisplayName("the idempotency key of a call is sagaId:step:phase and is the same for every attempt")
    void idempotencyKeys() {
        // Given
        h.failTimes(SHIP, Phase.ACTION, 2);
        SagaDefinition<OrderData> saga = h.definition();

        // When
        h.await(h.orchestrator(saga).start(saga, "o20", OrderData.of("o20")));

        // Then
        assertThat(h.calls).filteredOn(c -> c.contains(SHIP)).containsOnly("o20:ship:action").hasSize(3);
    }

    @Test
    @DisplayName("the builder validates its options")
    void builderValidation() {
        SagaOrchestrator.Builder b = SagaOrchestrator.builder(h.store);
        assertThatThrownBy(() -> b.compensationAttempts(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("compensationAttempts must be in [1, 1000], but was 0");
        assertThatThrownBy(() -> b.indexStream("saga-index")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("indexStream");
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one saga definition");
        b.register(h.definition());
        assertThatThrownBy(() -> b.register(h.definition())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'order' is registered already");
    }

    @Test
    @DisplayName("the index stream option names the stream recovery reads")
    void indexStreamOption() {
        // Given
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(h.store, saga, h.scheduler, Runnable::run)
                .indexStream("my-sagas").build();

        // When
        h.await(orchestrator.start(saga, "o21", OrderData.of("o21")));

        // Then
        assertThat(h.store.streamInfo(StreamName.of("my-sagas")).exists()).isTrue();
        assertThat(h.store.streamInfo(StreamName.of(SagaOrchestrator.DEFAULT_INDEX_STREAM)).exists()).isFalse();
    }

    @Test
    @DisplayName("the object mapper option decides how the saga data is written to the log")
    void objectMapperOption() {
        // Given
        SagaDefinition<OrderData> saga = h.definition();
        com.fasterxml.jackson.databind.ObjectMapper snake = new com.fasterxml.jackson.databind.ObjectMapper()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
        SagaOrchestrator orchestrator = h.orchestrator(h.store, saga, h.scheduler, Runnable::run)
                .objectMapper(snake).build();

        // When
        SagaOutcome<OrderData> outcome = h.await(orchestrator.start(saga, "o22", OrderData.of("o22")));

        // Then
        assertThat(h.store.readStreamForward(StreamName.of("saga-o22"), 0, 1).get(0).dataAsString())
                .as("the data was written by the given mapper").contains("\"order_id\":\"o22\"");
        assertThat(outcome.state()).isEqualTo(SagaState.COMPLETED);
    }

    @Test
    @DisplayName("the executor option runs the steps and their continuations")
    void executorOption() {
        // Given
        java.util.concurrent.atomic.AtomicInteger used = new java.util.concurrent.atomic.AtomicInteger();
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(h.store, saga, h.scheduler, task -> {
            used.incrementAndGet();
            task.run();
        }).build();

        // When
        h.await(orchestrator.start(saga, "o23", OrderData.of("o23")));

        // Then
        assertThat(used).as("one hop to start, then one per step outcome").hasValue(1 + 4);
    }

    @Test
    @DisplayName("an asynchronous step holds the saga until its stage completes, then the saga goes on with its result")
    void asyncStep() {
        // Given
        CompletableFuture<OrderData> answer = new CompletableFuture<>();
        SagaDefinition<OrderData> saga = SagaDefinition.builder("order", OrderData.class)
                .step("remote").asyncAction(ctx -> answer).add()
                .step("next").action(ctx -> ctx.data().note("next saw " + ctx.data().notes())).add()
                .build();
        CompletableFuture<SagaOutcome<OrderData>> run =
                h.orchestrator(saga).start(saga, "o24", OrderData.of("o24")).toCompletableFuture();
        assertThat(run).as("waiting for the remote answer").isNotDone();

        // When
        answer.complete(OrderData.of("o24").note("remote done"));

        // Then
        assertThat(run.join().data().notes()).as("the next step read the recorded result")
                .containsExactly("remote done", "next saw [remote done]");
    }

    @Test
    @DisplayName("a listener that throws does not break the saga")
    void throwingListener() {
        // Given
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        orchestrator.eventPublisher().subscribe(e -> {
            throw new IllegalStateException("broken listener");
        });

        // When
        SagaOutcome<OrderData> outcome = h.await(orchestrator.start(saga, "o25", OrderData.of("o25")));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPLETED);
    }

    @Test
    @DisplayName("recovery does not resume a saga that this orchestrator is still running")
    void recoverySkipsRunning() {
        // Given: a saga waiting for an asynchronous answer
        CompletableFuture<OrderData> answer = new CompletableFuture<>();
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        SagaDefinition<OrderData> saga = SagaDefinition.builder("order", OrderData.class)
                .step("remote").asyncAction(ctx -> {
                    calls.add(ctx.idempotencyKey().toString());
                    return answer;
                }).add().build();
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        CompletableFuture<SagaOutcome<OrderData>> run =
                orchestrator.start(saga, "o26", OrderData.of("o26")).toCompletableFuture();

        // When
        RecoveryReport report = orchestrator.recover();
        answer.complete(null);

        // Then
        assertThat(report.resumed()).as("the running saga is not resumed a second time").isEmpty();
        assertThat(calls).as("the step was called once").hasSize(1);
        assertThat(run.join().state()).isEqualTo(SagaState.COMPLETED);
    }
}
