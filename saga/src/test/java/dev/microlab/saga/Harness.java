package dev.microlab.saga;

import dev.microlab.core.retry.Backoff;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.Scheduler;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.InMemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The order saga of the course (validate order, reserve inventory, process payment, ship)
 * over scripted participants that dedupe through an {@link IdempotentParticipant} and record
 * every effect they apply. The participants outlive orchestrators: they are the remote
 * services, which do not crash with the orchestrator.
 */
final class Harness {

    static final String VALIDATE = "validate-order";
    static final String RESERVE = "reserve-inventory";
    static final String PAY = "process-payment";
    static final String SHIP = "ship";
    static final List<String> STEPS = List.of(VALIDATE, RESERVE, PAY, SHIP);

    /** One mapper for every test orchestrator: building one is the slowest part of a run. */
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    final ManualTimeSource time = new ManualTimeSource();
    final ManualScheduler scheduler = new ManualScheduler(time);
    final InMemoryEventStore store = InMemoryEventStore.builder().timeSource(time).build();
    final IdempotentParticipant fence = new IdempotentParticipant();
    /** Every effect applied, as its idempotency key, in order. */
    final List<String> effects = Collections.synchronizedList(new ArrayList<>());
    /** Every call received (duplicates included), as its idempotency key, in order. */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** "step:phase" -> attempts up to this number fail (Integer.MAX_VALUE: all). */
    final Map<String, Integer> failures = new ConcurrentHashMap<>();
    /** "step:phase" -> the calls never answer (to test timeouts). */
    final Map<String, Boolean> hanging = new ConcurrentHashMap<>();
    /** "step:phase" -> attempts up to this number never answer; later ones do. */
    final Map<String, Integer> hangingUpTo = new ConcurrentHashMap<>();
    /** "step:phase" -> the first n calls received fail, whatever their attempt number (a flaky service). */
    final Map<String, Integer> failReceived = new ConcurrentHashMap<>();
    /** "step:phase" -> how many calls the participant received. */
    final Map<String, Integer> received = new ConcurrentHashMap<>();
    /** Calls left unanswered, to complete late. */
    final List<Runnable> lateCalls = Collections.synchronizedList(new ArrayList<>());
    /** How many times each call is delivered to the participant (2: duplicate delivery). */
    volatile int deliveries = 1;

    /** Attempts 1 to {@code times} of this step and phase fail (by attempt number, so a replay fails alike). */
    Harness failTimes(String step, Phase phase, int times) {
        failures.put(step + ":" + phase.label(), times);
        return this;
    }

    Harness failAlways(String step, Phase phase) {
        return failTimes(step, phase, Integer.MAX_VALUE);
    }

    /** The first {@code calls} calls this participant receives fail, then it answers (counted across crashes). */
    Harness failFirstReceived(String step, Phase phase, int calls) {
        failReceived.put(step + ":" + phase.label(), calls);
        return this;
    }

    /** Attempts 1 to {@code attempts} of this step and phase never answer (lost); later attempts do. */
    Harness hangTimes(String step, Phase phase, int attempts) {
        hangingUpTo.put(step + ":" + phase.label(), attempts);
        return this;
    }

    Harness hang(String step, Phase phase) {
        hanging.put(step + ":" + phase.label(), true);
        return this;
    }

    /** The order saga; {@code customize} may change a step's builder (timeouts, retries). */
    SagaDefinition<OrderData> definition() {
        return definition(b -> { });
    }

    SagaDefinition<OrderData> definition(Consumer<Map<String, SagaDefinition.StepBuilder<OrderData>>> customize) {
        return definition(null, customize);
    }

    /** The order saga with a saga-wide deadline ({@code null}: none). */
    SagaDefinition<OrderData> definition(Duration deadline,
            Consumer<Map<String, SagaDefinition.StepBuilder<OrderData>>> customize) {
        SagaDefinition.Builder<OrderData> saga = SagaDefinition.builder("order", OrderData.class);
        if (deadline != null) {
            saga.deadline(deadline);
        }
        Map<String, SagaDefinition.StepBuilder<OrderData>> steps = new java.util.LinkedHashMap<>();
        steps.put(VALIDATE, saga.step(VALIDATE).participant("Orders")
                .asyncAction(this::act).asyncCompensation(this::undo));
        steps.put(RESERVE, saga.step(RESERVE).participant("Inventory")
                .asyncAction(this::act).asyncCompensation(this::undo));
        steps.put(PAY, saga.step(PAY).participant("Payments").pivot().asyncAction(this::act));
        steps.put(SHIP, saga.step(SHIP).participant("Shipping").retriable().asyncAction(this::act));
        customize.accept(steps);
        steps.values().forEach(SagaDefinition.StepBuilder::add);
        return saga.build();
    }

    SagaOrchestrator.Builder orchestrator(EventStore on, SagaDefinition<OrderData> definition, Scheduler timer,
            Executor executor) {
        return SagaOrchestrator.builder(on).register(definition).scheduler(timer).executor(executor)
                .objectMapper(MAPPER)
                .forwardBackoff(Backoff.fixed(Duration.ofSeconds(1)))
                .compensationBackoff(Backoff.fixed(Duration.ofSeconds(2)))
                .compensationAttempts(3);
    }

    SagaOrchestrator orchestrator(SagaDefinition<OrderData> definition) {
        return orchestrator(store, definition, scheduler, Runnable::run).build();
    }

    private CompletionStage<OrderData> act(StepContext<OrderData> ctx) {
        return call(ctx, () -> {
            fence.execute(ctx.idempotencyKey(), () -> {
                effects.add(ctx.idempotencyKey().toString());
                return ctx.step();
            });
            return ctx.data().note(ctx.step());
        });
    }

    private CompletionStage<OrderData> undo(StepContext<OrderData> ctx) {
        return call(ctx, () -> {
            fence.compensate(ctx.idempotencyKey(), () -> effects.add(ctx.idempotencyKey().toString()));
            return ctx.data().note("undo " + ctx.step());
        });
    }

    private CompletionStage<OrderData> call(StepContext<OrderData> ctx,
            dev.microlab.core.function.CheckedSupplier<OrderData> participant) {
        String script = ctx.step() + ":" + ctx.phase().label();
        calls.add(ctx.idempotencyKey().toString());
        int receivedSoFar = received.merge(script, 1, Integer::sum);
        boolean lost = ctx.attempt() <= hangingUpTo.getOrDefault(script, 0);
        Integer failUpTo = failures.get(script);
        if (!lost && (failUpTo != null && ctx.attempt() <= failUpTo
                || receivedSoFar <= failReceived.getOrDefault(script, 0))) {
            return CompletableFuture.failedFuture(new IllegalStateException(script + " refused by the script"));
        }
        if (lost || hanging.containsKey(script)) {
            CompletableFuture<OrderData> never = new CompletableFuture<>();
            lateCalls.add(() -> {
                try {
                    participant.get();
                } catch (Exception e) {
                    calls.add("late call failed: " + e.getClass().getSimpleName());
                }
            });
            return never;
        }
        try {
            OrderData result = null;
            for (int i = 0; i < deliveries; i++) {
                result = participant.get();
            }
            return CompletableFuture.completedFuture(result);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Advances the manual clock until {@code stage} is done (at most {@code limit} seconds). */
    static <T> T await(ManualScheduler timer, CompletionStage<T> stage, int limit) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        for (int i = 0; i < limit && !f.isDone(); i++) {
            timer.advance(Duration.ofSeconds(1));
        }
        if (!f.isDone()) {
            throw new AssertionError("the saga did not finish within " + limit + " simulated seconds");
        }
        return f.join();
    }

    <T> T await(CompletionStage<T> stage) {
        return await(scheduler, stage, 600);
    }
}
