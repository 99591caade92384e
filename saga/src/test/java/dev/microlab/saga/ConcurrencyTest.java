package dev.microlab.saga;

import static dev.microlab.saga.Harness.PAY;
import static dev.microlab.saga.Harness.SHIP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.retry.Backoff;
import dev.microlab.core.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    @Test
    @DisplayName("many sagas started at once on a shared executor end in their own correct states without interfering")
    void manySagasAtOnce() throws Exception {
        // Given: a pool of 4 threads; every third payment is declined, every fourth shipment fails once
        Harness h = new Harness();
        SagaDefinition<OrderData> saga = SagaDefinition.builder("order", OrderData.class)
                .step("validate-order").asyncAction(ctx -> CompletableFuture.supplyAsync(() -> act(h, ctx)))
                    .compensation(ctx -> undo(h, ctx)).add()
                .step("reserve-inventory").action(ctx -> act(h, ctx)).compensation(ctx -> undo(h, ctx)).add()
                .step(PAY).pivot().action(ctx -> {
                    if (number(ctx.sagaId()) % 3 == 0) {
                        throw new IllegalStateException("declined");
                    }
                    return act(h, ctx);
                }).add()
                .step(SHIP).retriable().action(ctx -> {
                    if (number(ctx.sagaId()) % 4 == 0 && ctx.attempt() == 1) {
                        throw new IllegalStateException("truck broke down");
                    }
                    return act(h, ctx);
                }).add()
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        int sagas = 200;
        try {
            SagaOrchestrator orchestrator = SagaOrchestrator.builder(h.store).register(saga).executor(pool)
                    .scheduler(Scheduler.of(timer)).forwardBackoff(Backoff.none()).objectMapper(Harness.MAPPER)
                    .build();
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<SagaOutcome<OrderData>>> outcomes = new ArrayList<>();
            List<CompletableFuture<Void>> starters = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                CompletableFuture<Void> starter = new CompletableFuture<>();
                starters.add(starter);
                new Thread(() -> {
                    try {
                        go.await();
                        for (int i = first; i < sagas; i += 4) {
                            CompletableFuture<SagaOutcome<OrderData>> f = orchestrator
                                    .start(saga, "c" + i, OrderData.of("c" + i)).toCompletableFuture();
                            synchronized (outcomes) {
                                outcomes.add(f);
                            }
                        }
                        starter.complete(null);
                    } catch (Throwable e) {
                        starter.completeExceptionally(e);
                    }
                }).start();
            }

            // When
            go.countDown();
            for (CompletableFuture<Void> s : starters) {
                s.get(30, TimeUnit.SECONDS);
            }

            // Then
            assertThat(outcomes).hasSize(sagas);
            for (CompletableFuture<SagaOutcome<OrderData>> f : outcomes) {
                SagaOutcome<OrderData> o = f.get(30, TimeUnit.SECONDS);
                SagaState expected = number(o.sagaId()) % 3 == 0 ? SagaState.COMPENSATED : SagaState.COMPLETED;
                assertThat(o.state()).as("saga %s", o.sagaId()).isEqualTo(expected);
                List<String> mine = o.data().notes();
                assertThat(mine).as("saga %s saw only its own steps", o.sagaId())
                        .allMatch(n -> n.endsWith(o.sagaId()));
            }
            assertThat(h.effects).as("no effect applied twice").doesNotHaveDuplicates();
            assertThat(h.effects).as("4 actions, or 2 actions and their 2 compensations, per saga")
                    .hasSize(sagas * 4);
            assertThat(orchestrator.list(SagaState.COMPENSATED)).hasSize((sagas + 2) / 3);
            assertThat(orchestrator.runningCount()).isZero();
        } finally {
            pool.shutdownNow();
            timer.shutdownNow();
        }
    }

    private static int number(String sagaId) {
        return Integer.parseInt(sagaId.substring(1));
    }

    private static OrderData act(Harness h, StepContext<OrderData> ctx) {
        try {
            h.fence.execute(ctx.idempotencyKey(), () -> h.effects.add(ctx.idempotencyKey().toString()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ctx.data().note(ctx.step() + " " + ctx.sagaId());
    }

    private static OrderData undo(Harness h, StepContext<OrderData> ctx) throws Exception {
        h.fence.compensate(ctx.idempotencyKey(), () -> h.effects.add(ctx.idempotencyKey().toString()));
        return ctx.data().note("undo " + ctx.step() + " " + ctx.sagaId());
    }
}
