package dev.microlab.saga;

import static dev.microlab.saga.Harness.PAY;
import static dev.microlab.saga.Harness.RESERVE;
import static dev.microlab.saga.Harness.SHIP;
import static dev.microlab.saga.Harness.VALIDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.retry.Backoff;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ForwardingEventStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.ReadDirection;
import dev.microlab.eventstore.StreamName;
import dev.microlab.saga.CrashingEventStore.When;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Operator tools: archive, list, retry compensation, resolve, cancel")
class OperatorToolsTest {

    private final Harness h = new Harness();

    /** Records which saga streams were read. */
    static final class ReadCounting extends ForwardingEventStore {
        final Set<String> sagaStreamsRead = ConcurrentHashMap.newKeySet();

        ReadCounting(EventStore delegate) {
            super(delegate);
        }

        @Override
        public List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion,
                int maxCount) {
            if (stream.value().startsWith("saga-")) {
                sagaStreamsRead.add(stream.value());
            }
            return super.readStream(stream, direction, fromVersion, maxCount);
        }
    }

    @Test
    @DisplayName("archiveEnded takes the ended sagas out of the index: recover and list of unfinished states read only the others")
    void archiveKeepsRecoveryProportionalToActiveSagas() {
        // Given: the payment of "stuck" is declined and its release refused for good
        h.failures.put(PAY + ":action", Integer.MAX_VALUE);
        h.failures.put(RESERVE + ":compensation", Integer.MAX_VALUE);
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator first = h.orchestrator(saga);
        h.failures.clear();
        for (String id : List.of("done-1", "done-2", "done-3")) {
            h.await(first.start(saga, id, OrderData.of(id)));
        }
        h.failAlways(PAY, Phase.ACTION).failAlways(RESERVE, Phase.COMPENSATION);
        assertThat(h.await(first.start(saga, "stuck", OrderData.of("stuck"))).state()).isEqualTo(SagaState.FAILED);
        h.failures.clear();
        CrashingEventStore crashing = new CrashingEventStore(h.store, 4, When.AFTER);
        try {
            h.orchestrator(crashing, saga, h.scheduler, Runnable::run).build().start(saga, "cut", OrderData.of("cut"));
        } catch (CrashingEventStore.Crash expected) {
            // the process died while "cut" was running
        }

        // When
        int archived = h.orchestrator(saga).archiveEnded();

        // Then
        assertThat(archived).as("the three completed sagas").isEqualTo(3);
        ReadCounting counting = new ReadCounting(h.store);
        SagaOrchestrator fresh = h.orchestrator(counting, saga, h.scheduler, Runnable::run).build();
        assertThat(fresh.list(SagaState.FAILED)).extracting(SagaStatus::sagaId).containsExactly("stuck");
        RecoveryReport report = fresh.recover();
        assertThat(report.resumed()).containsOnlyKeys("cut");
        assertThat(report.scanned()).as("only the unfinished sagas are listed").isEqualTo(2);
        assertThat(counting.sagaStreamsRead).as("no ended saga's log was read")
                .containsExactlyInAnyOrder("saga-stuck", "saga-cut");
        assertThat(Harness.await(h.scheduler, report.resumed().get("cut"), 600).state()).isEqualTo(SagaState.COMPLETED);
        assertThat(fresh.list(SagaState.COMPLETED)).as("archived sagas are still listed by their state")
                .extracting(SagaStatus::sagaId).containsExactly("done-1", "done-2", "done-3", "cut");
        assertThat(fresh.archiveEnded()).as("a second pass archives what ended since").isEqualTo(1);
        assertThat(fresh.recover().scanned()).isEqualTo(1);
    }

    @Test
    @DisplayName("an archiving pass that dies at any append loses no unfinished saga, and a re-run completes it")
    void archiveSurvivesACrashAtEveryAppend() {
        for (int k = 1; k <= 8; k++) {
            Harness run = new Harness();
            SagaDefinition<OrderData> saga = run.definition();
            SagaOrchestrator o = run.orchestrator(saga);
            run.await(o.start(saga, "done-1", OrderData.of("done-1")));
            run.await(o.start(saga, "done-2", OrderData.of("done-2")));
            run.hang(SHIP, Phase.ACTION);
            o.start(saga, "live", OrderData.of("live"));
            CrashingEventStore crashing = new CrashingEventStore(run.store, k, When.BEFORE);
            try {
                run.orchestrator(crashing, saga, run.scheduler, Runnable::run).build().archiveEnded();
            } catch (CrashingEventStore.Crash expected) {
                // died in the middle of the pass
            }
            SagaOrchestrator after = run.orchestrator(saga);
            assertThat(after.list(SagaState.RUNNING)).as("crash at append %d: the running saga is still listed", k)
                    .extracting(SagaStatus::sagaId).containsExactly("live");
            after.archiveEnded();
            assertThat(after.list(SagaState.COMPLETED)).as("crash at append %d: both ended sagas listed once", k)
                    .extracting(SagaStatus::sagaId).containsExactly("done-1", "done-2");
            assertThat(after.list(SagaState.RUNNING)).extracting(SagaStatus::sagaId).containsExactly("live");
        }
    }

    @Test
    @DisplayName("retryCompensation reopens a FAILED saga: its compensations run again from attempt 1 and it ends COMPENSATED")
    void retryCompensation() {
        // Given: a FAILED saga (the release was refused three times)
        h.failAlways(PAY, Phase.ACTION).failAlways(RESERVE, Phase.COMPENSATION);
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        assertThat(h.await(orchestrator.start(saga, "o1", OrderData.of("o1"))).state()).isEqualTo(SagaState.FAILED);

        // When: the inventory is fixed, and an operator retries
        h.failures.remove(RESERVE + ":compensation");
        h.failFirstReceived(RESERVE, Phase.COMPENSATION, 0);
        SagaOutcome<?> outcome = h.await(orchestrator.retryCompensation("o1", "inventory fixed, ticket 17"));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(h.effects).as("released, then validation undone").endsWith(
                "o1:" + RESERVE + ":compensation", "o1:" + VALIDATE + ":compensation");
        SagaTrace trace = orchestrator.trace("o1").orElseThrow();
        assertThat(trace.entries()).filteredOn(e -> e.kind() == SagaTrace.Kind.COMPENSATION_RETRIED)
                .singleElement().extracting(SagaTrace.Entry::detail).isEqualTo("inventory fixed, ticket 17");
        assertThat(trace.entries()).as("attempts start again at 1, never past the bound of 3")
                .filteredOn(e -> e.kind() == SagaTrace.Kind.COMPENSATION_STARTED)
                .allMatch(e -> e.attempt() <= 3);
        assertThatThrownBy(() -> orchestrator.retryCompensation("o1", "again"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be FAILED");
    }

    @Test
    @DisplayName("resolve marks a FAILED saga RESOLVED with the operator's reason, logged, and refuses any other saga")
    void resolve() {
        h.failAlways(PAY, Phase.ACTION).failAlways(RESERVE, Phase.COMPENSATION);
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        h.await(orchestrator.start(saga, "o2", OrderData.of("o2")));
        List<SagaEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        orchestrator.eventPublisher().subscribe(events::add);

        SagaStatus status = orchestrator.resolve("o2", "stock released by hand");

        assertThat(status.state()).isEqualTo(SagaState.RESOLVED);
        assertThat(orchestrator.status("o2").orElseThrow().state()).as("from the log").isEqualTo(SagaState.RESOLVED);
        assertThat(orchestrator.trace("o2").orElseThrow().toMermaid()).contains("RESOLVED: stock released by hand");
        assertThat(events).singleElement().isInstanceOfSatisfying(SagaEvent.SagaResolved.class,
                e -> assertThat(e.reason()).isEqualTo("stock released by hand"));
        assertThatThrownBy(() -> orchestrator.resolve("o2", "twice")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be FAILED to resolve it, but is RESOLVED");
        assertThatThrownBy(() -> orchestrator.resolve("o2", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason must be 1 to 500 characters");
        assertThat(orchestrator.archiveEnded()).as("a resolved saga can be archived").isEqualTo(1);
    }

    @Test
    @DisplayName("cancel before the pivot: the saga compensates what began, the step waiting for its retry is never called again")
    void cancelBeforePivot() {
        // Given: the reservation failed once and waits 5 s for its second attempt
        h.failTimes(RESERVE, Phase.ACTION, 1);
        SagaDefinition<OrderData> saga = h.definition(s -> s.get(RESERVE).retry(3, Backoff.fixed(Duration.ofSeconds(5))));
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        CompletableFuture<SagaOutcome<OrderData>> run = orchestrator.start(saga, "o3", OrderData.of("o3"))
                .toCompletableFuture();
        assertThat(run).isNotDone();

        // When
        SagaOutcome<?> outcome = h.await(orchestrator.cancel("o3", "customer called"));

        // Then
        assertThat(outcome.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(outcome.failure()).get().asString().contains("cancelled by an operator: customer called");
        assertThat(h.calls).as("the reservation was not tried again").containsOnlyOnce("o3:" + RESERVE + ":action");
        assertThat(h.effects).containsExactly("o3:" + VALIDATE + ":action", "o3:" + VALIDATE + ":compensation");
    }

    @Test
    @DisplayName("cancelling a resumed saga whose step is in doubt compensates that step too (a null compensation if it never ran)")
    void cancelInDoubtStep() {
        // Given: the process died right after announcing reserve-inventory (append 5), and a new
        // process has recovered the saga but not run it yet (its executor queues the moves)
        SagaDefinition<OrderData> saga = h.definition();
        CrashingEventStore crashing = new CrashingEventStore(h.store, 5, When.AFTER);
        try {
            h.orchestrator(crashing, saga, h.scheduler, Runnable::run).build().start(saga, "o5", OrderData.of("o5"));
        } catch (CrashingEventStore.Crash expected) {
            // died
        }
        java.util.Queue<Runnable> queued = new java.util.ArrayDeque<>();
        SagaOrchestrator fresh = h.orchestrator(h.store, saga, h.scheduler, queued::add).build();
        fresh.recover();

        // When
        CompletableFuture<SagaOutcome<?>> cancelled = fresh.cancel("o5", "customer called").toCompletableFuture();
        while (!queued.isEmpty()) {
            queued.poll().run();
        }

        // Then
        assertThat(cancelled.join().state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(h.fence.fence("o5", RESERVE)).as("the in-doubt reservation was compensated (it never ran)")
                .contains(IdempotentParticipant.FenceState.NULL_COMPENSATED);
        assertThat(h.effects).containsExactly("o5:" + VALIDATE + ":action", "o5:" + VALIDATE + ":compensation");
    }

    @Test
    @DisplayName("cancel after the pivot is refused: the saga only goes forward")
    void cancelAfterPivotRefused() {
        h.failTimes(SHIP, Phase.ACTION, 3);
        SagaDefinition<OrderData> saga = h.definition();
        SagaOrchestrator orchestrator = h.orchestrator(saga);
        CompletableFuture<SagaOutcome<OrderData>> run = orchestrator.start(saga, "o4", OrderData.of("o4"))
                .toCompletableFuture();
        assertThatThrownBy(() -> orchestrator.cancel("o4", "too late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pivot 'process-payment' was already attempted");
        assertThat(h.await(run).state()).isEqualTo(SagaState.COMPLETED);
        assertThatThrownBy(() -> orchestrator.cancel("o4", "ended")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not running in this orchestrator (status: COMPLETED)");
    }
}
