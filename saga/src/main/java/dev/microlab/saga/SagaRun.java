package dev.microlab.saga;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microlab.core.internal.Futures;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.timeout.TimeoutExceededException;
import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamName;
import dev.microlab.saga.internal.LogEntry;
import dev.microlab.saga.internal.SagaLog;
import dev.microlab.saga.internal.SagaRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running saga instance: a state machine whose state is the fold of its log. Every move
 * is decided from the record ({@link #drive()}), so a fresh run built from the log after a
 * crash continues exactly where the old one stopped. Moves of one run are sequential (each
 * continues the previous one), so the record needs no lock. This class is threadsafe in that
 * sense: one move at a time, handed from thread to thread through the executor.
 */
final class SagaRun<D> {

    private static final Logger LOG = LoggerFactory.getLogger(SagaRun.class);

    private final SagaOrchestrator orchestrator;
    private final SagaDefinition<D> definition;
    private final String sagaId;
    private final StreamName stream;
    private final SagaRecord record;
    private final CompletableFuture<SagaOutcome<D>> result = new CompletableFuture<>();
    private D data;
    private Duration lastDelay = Duration.ZERO;
    /** Guards the hand-over between an operator's cancel and the run reaching its pivot. */
    private final Object operatorLock = new Object();
    private String cancelReason;
    private boolean cancelledByDeadline;
    private boolean pivotStarted;

    SagaRun(SagaOrchestrator orchestrator, SagaDefinition<D> definition, String sagaId, SagaRecord record, D data) {
        this.orchestrator = orchestrator;
        this.definition = definition;
        this.sagaId = sagaId;
        this.stream = SagaLog.streamOf(sagaId);
        this.record = record;
        this.data = data;
        this.pivotStarted = definition.pivotIndex() < definition.steps().size()
                && record.attempted(definition.pivotIndex());
    }

    /**
     * Asks the run to compensate instead of starting its next step. Honoured at the run's next
     * step attempt if that is at or before the pivot.
     *
     * @throws IllegalStateException if the pivot was already attempted
     */
    void cancel(String reason) {
        synchronized (operatorLock) {
            if (pivotStarted) {
                throw new IllegalStateException("saga '" + sagaId + "' cannot be cancelled: its pivot '"
                        + definition.steps().get(definition.pivotIndex()).name()
                        + "' was already attempted, so it can only go forward");
            }
            cancelReason = reason;
        }
    }

    /**
     * Arms the saga-wide deadline, if the definition has one: when it passes before the pivot
     * was attempted, the run is cancelled as by an operator. The timer is cancelled when the
     * saga ends.
     */
    void armDeadline() {
        definition.deadline().ifPresent(deadline -> {
            var timer = orchestrator.scheduler.schedule(deadline, () -> deadlinePassed(deadline));
            result.whenComplete((outcome, failure) -> timer.cancel());
        });
    }

    private void deadlinePassed(Duration deadline) {
        synchronized (operatorLock) {
            if (pivotStarted || cancelReason != null || result.isDone()) {
                return;   // past the point of no return, already cancelled, or ended
            }
            cancelReason = "its deadline of " + deadline + " passed before the pivot";
            cancelledByDeadline = true;
        }
    }

    /** An operator reopens this FAILED saga: its failed compensations run again from attempt 1. */
    void retryCompensation(String reason) {
        continueOnExecutor(() -> {
            append(new LogEntry.CompensationRetried(reason));
            drive();
        });
    }

    CompletableFuture<SagaOutcome<D>> result() {
        return result;
    }

    /** A new saga: index entry, then the first entry of its stream, then the steps on the executor. */
    void begin() {
        if (orchestrator.log.store().streamInfo(stream).exists()) {
            throw new IllegalStateException("saga '" + sagaId + "' exists already (its log stream " + stream
                    + " is not empty); saga ids must be unique");
        }
        JsonNode json = toJson(data);
        LogEntry.Started started = new LogEntry.Started(definition.name(), sagaId, json);
        EventData encoded = orchestrator.log.encode(started);
        orchestrator.log.store().append(orchestrator.log.index(), ExpectedVersion.ANY,
                new EventData(SagaLog.indexEventId(sagaId), encoded.type(), 1, encoded.data(), encoded.metadata()));
        append(started);
        continueOnExecutor(this::drive);
    }

    /** A saga found unfinished by recovery. */
    void resume(LogEntry.Started listed) {
        orchestrator.events.publish(() -> new SagaEvent.SagaResumed(sagaId,
                record.isStarted() ? record.state() : SagaState.RUNNING, orchestrator.nextSequence()));
        continueOnExecutor(() -> {
            if (!record.isStarted()) {
                append(listed);
            }
            resumeInDoubt();
        });
    }

    /** After a restart only: a step or compensation found started without an outcome. */
    private void resumeInDoubt() {
        if (record.state() == SagaState.RUNNING) {
            int i = firstUnfinishedStep();
            if (i < definition.steps().size()) {
                SagaStep<D> step = definition.steps().get(i);
                SagaRecord.StepRecord s = record.stepAt(i, step.name());
                if (s.forward == SagaRecord.Forward.STARTED) {
                    if (step.kind() == StepKind.COMPENSATABLE && !orchestrator.retryInDoubtSteps) {
                        append(new LogEntry.StepFailed(i, step.name(), s.attempts,
                                "in doubt: started before a restart, no outcome recorded", false, true));
                    } else {
                        // The same attempt again, with the same key: the crash may have come before
                        // the call reached the participant, so it must not use up an attempt.
                        attemptStep(i, s.attempts);
                        return;
                    }
                }
            }
        }
        drive();
    }

    /** Decides and makes the next move from the record. */
    private void drive() {
        SagaState state = record.state();
        if (state.isTerminal()) {
            finish();
            return;
        }
        if (state == SagaState.RUNNING) {
            int i = firstUnfinishedStep();
            if (i == definition.steps().size()) {
                end(SagaState.COMPLETED, null);
                return;
            }
            SagaRecord.StepRecord s = record.stepAt(i, definition.steps().get(i).name());
            switch (s.forward) {
                case NONE -> attemptStep(i, 1);
                case STARTED -> attemptStep(i, s.attempts);   // in doubt: that attempt again, not a new one
                case FAILED_RETRYING -> attemptStep(i, s.attempts + 1);
                default -> throw new IllegalStateException("saga '" + sagaId + "': step " + s.name + " is "
                        + s.forward + " while the saga is RUNNING");
            }
            return;
        }
        compensateNext();
    }

    private int firstUnfinishedStep() {
        List<SagaStep<D>> steps = definition.steps();
        int i = 0;
        while (i < steps.size() && record.stepAt(i, steps.get(i).name()).forward == SagaRecord.Forward.SUCCEEDED) {
            i++;
        }
        return i;
    }

    private void attemptStep(int index, int attempt) {
        String cancelled;
        boolean byDeadline;
        synchronized (operatorLock) {
            cancelled = cancelReason;
            byDeadline = cancelledByDeadline;
            if (cancelled == null && index >= definition.pivotIndex()) {
                pivotStarted = true;
            }
        }
        if (cancelled != null) {
            SagaStep<D> inDoubt = definition.steps().get(index);
            if (record.stepAt(index, inDoubt.name()).forward == SagaRecord.Forward.STARTED) {
                // found started after a restart: it may have acted, so it is compensated too
                append(new LogEntry.StepFailed(index, inDoubt.name(), attempt,
                        "in doubt: started before a restart, cancelled before its outcome was known", true, true));
            }
            append(new LogEntry.Cancelled(cancelled, byDeadline));
            drive();
            return;
        }
        SagaStep<D> step = definition.steps().get(index);
        append(new LogEntry.StepStarted(index, step.name(), attempt));
        StepContext<D> ctx = new StepContext<>(sagaId, definition.name(), step.name(), Phase.ACTION, attempt, data);
        call(step, step.action(), ctx).whenComplete((value, failure) ->
                continueOnExecutor(() -> onStepOutcome(index, attempt, value, failure)));
    }

    private void onStepOutcome(int index, int attempt, D value, Throwable failure) {
        SagaStep<D> step = definition.steps().get(index);
        if (failure == null) {
            D next = value == null ? data : value;
            append(new LogEntry.StepSucceeded(index, step.name(), attempt, toJson(next)));
            data = next;
            lastDelay = Duration.ZERO;
            drive();
            return;
        }
        Throwable cause = Futures.unwrap(failure);
        boolean inDoubt = cause instanceof TimeoutExceededException;
        boolean retrying = switch (step.kind()) {
            case RETRIABLE -> true;
            // A pivot that timed out may have committed: its outcome is unknown, not failed, and it
            // has no compensation to close its fence. So it is asked again with the same key until
            // it answers; only definite refusals count against its attempts.
            case PIVOT -> inDoubt || record.stepAt(index, step.name()).refusals + 1 < step.maxAttempts();
            case COMPENSATABLE -> attempt < step.maxAttempts();
        };
        append(new LogEntry.StepFailed(index, step.name(), attempt, describe(cause), retrying, inDoubt));
        if (retrying) {
            Duration delay = nextDelay(step.backoff().orElse(orchestrator.forwardBackoff), attempt);
            orchestrator.scheduler.schedule(delay, () -> continueOnExecutor(() -> attemptStep(index, attempt + 1)));
        } else {
            lastDelay = Duration.ZERO;
            drive();
        }
    }

    /** Compensates the latest step that began and is not compensated yet, or ends the saga. */
    private void compensateNext() {
        List<SagaStep<D>> steps = definition.steps();
        for (int j = steps.size() - 1; j >= 0; j--) {
            SagaStep<D> step = steps.get(j);
            SagaRecord.StepRecord s = record.stepAt(j, step.name());
            if (step.compensation().isEmpty() || !s.began()) {
                continue;
            }
            switch (s.backward) {
                case SUCCEEDED -> {
                    continue;
                }
                case FAILED -> {
                    if (orchestrator.continueOnCompensationError) {
                        continue;
                    }
                    end(SagaState.FAILED, "compensation of step '" + step.name() + "' failed after "
                            + s.compensationAttempts + " attempt(s); the earlier compensations did not run");
                    return;
                }
                case NONE -> compensateStep(j, 1);
                case STARTED -> compensateStep(j, s.compensationAttempts);   // in doubt: that attempt again
                default -> compensateStep(j, s.compensationAttempts + 1);
            }
            return;
        }
        if (record.anyCompensationFailed()) {
            end(SagaState.FAILED, "at least one compensation failed for good");
        } else {
            end(SagaState.COMPENSATED, null);
        }
    }

    private void compensateStep(int index, int attempt) {
        SagaStep<D> step = definition.steps().get(index);
        append(new LogEntry.CompensationStarted(index, step.name(), attempt));
        StepContext<D> ctx = new StepContext<>(sagaId, definition.name(), step.name(), Phase.COMPENSATION, attempt,
                data);
        call(step, step.compensation().orElseThrow(), ctx).whenComplete((value, failure) ->
                continueOnExecutor(() -> onCompensationOutcome(index, attempt, value, failure)));
    }

    private void onCompensationOutcome(int index, int attempt, D value, Throwable failure) {
        SagaStep<D> step = definition.steps().get(index);
        if (failure == null) {
            D next = value == null ? data : value;
            append(new LogEntry.CompensationSucceeded(index, step.name(), attempt, toJson(next)));
            data = next;
            lastDelay = Duration.ZERO;
            drive();
            return;
        }
        int bound = step.compensationMaxAttempts() > 0 ? step.compensationMaxAttempts()
                : orchestrator.compensationAttempts;
        boolean retrying = attempt < bound;
        append(new LogEntry.CompensationFailed(index, step.name(), attempt, describe(Futures.unwrap(failure)), retrying));
        if (retrying) {
            Duration delay = nextDelay(orchestrator.compensationBackoff, attempt);
            orchestrator.scheduler.schedule(delay,
                    () -> continueOnExecutor(() -> compensateStep(index, attempt + 1)));
        } else {
            lastDelay = Duration.ZERO;
            drive();
        }
    }

    private void end(SagaState state, String reason) {
        append(new LogEntry.Ended(state.name(), reason));
        finish();
    }

    private void finish() {
        orchestrator.active.remove(sagaId, this);
        result.complete(new SagaOutcome<>(sagaId, record.state(), data, record.failure()));
    }

    /**
     * Invokes an action or compensation, bounded by the step's timeout if it has one. The timer
     * is armed before the call starts: with a caller-runs executor ({@code Runnable::run}) a
     * synchronous action runs inside {@code executeCompletionStage}, and a timer armed after it
     * returned could never fire.
     */
    private CompletionStage<D> call(SagaStep<D> step, AsyncSagaAction<D> action, StepContext<D> ctx) {
        if (step.timeout().isEmpty()) {
            return invoke(action, ctx);
        }
        CompletableFuture<Void> go = new CompletableFuture<>();
        CompletionStage<D> bounded = orchestrator.timeLimiter(definition.name(), step).executeCompletionStage(() ->
                go.thenComposeAsync(ignored -> invoke(action, ctx), orchestrator.executor));
        go.complete(null);
        return bounded;
    }

    private static <D> CompletionStage<D> invoke(AsyncSagaAction<D> action, StepContext<D> ctx) {
        try {
            CompletionStage<D> stage = action.apply(ctx);
            return stage != null ? stage : CompletableFuture.failedFuture(new NullPointerException(
                    "the " + ctx.phase().label() + " of step '" + ctx.step() + "' returned a null CompletionStage"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Appends one entry with the exact expected version, then applies it and publishes it. */
    private void append(LogEntry entry) {
        EventData event = orchestrator.log.encode(entry);
        AppendResult r = orchestrator.log.store().append(stream, ExpectedVersion.of(record.version()), event);
        record.apply(entry, r.nextExpectedVersion());
        if (orchestrator.events.hasListeners()) {
            orchestrator.events.publish(toEvent(entry));
        }
    }

    private SagaEvent toEvent(LogEntry entry) {
        long seq = orchestrator.nextSequence();
        if (entry instanceof LogEntry.Started e) {
            return new SagaEvent.SagaStarted(sagaId, e.sagaType(), seq);
        } else if (entry instanceof LogEntry.StepStarted e) {
            return new SagaEvent.StepStarted(sagaId, e.step(), e.attempt(), seq);
        } else if (entry instanceof LogEntry.StepSucceeded e) {
            return new SagaEvent.StepSucceeded(sagaId, e.step(), e.attempt(), seq);
        } else if (entry instanceof LogEntry.StepFailed e) {
            return new SagaEvent.StepFailed(sagaId, e.step(), e.attempt(), e.error(), e.retrying(), seq);
        } else if (entry instanceof LogEntry.CompensationStarted e) {
            return new SagaEvent.CompensationStarted(sagaId, e.step(), e.attempt(), seq);
        } else if (entry instanceof LogEntry.CompensationSucceeded e) {
            return new SagaEvent.CompensationSucceeded(sagaId, e.step(), e.attempt(), seq);
        } else if (entry instanceof LogEntry.CompensationFailed e) {
            return new SagaEvent.CompensationFailed(sagaId, e.step(), e.attempt(), e.error(), e.retrying(), seq);
        } else if (entry instanceof LogEntry.Cancelled e) {
            return new SagaEvent.SagaCancelled(sagaId, e.reason(), seq);
        } else if (entry instanceof LogEntry.CompensationRetried e) {
            return new SagaEvent.CompensationRetried(sagaId, e.reason(), seq);
        } else {
            return new SagaEvent.SagaEnded(sagaId, SagaState.valueOf(((LogEntry.Ended) entry).state()), seq);
        }
    }

    /**
     * Runs a move on the executor. Whatever a move throws (the log could not be written, the
     * data cannot be serialized) stops this run before its next side effect: the result
     * fails, and recovery resumes the saga from its log.
     */
    private void continueOnExecutor(Runnable move) {
        try {
            orchestrator.executor.execute(() -> guarded(move));
        } catch (RejectedExecutionException e) {
            stall(e);
        }
    }

    private void guarded(Runnable move) {
        try {
            move.run();
        } catch (RuntimeException | Error e) {
            stall(e);
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
        }
    }

    private void stall(Throwable cause) {
        LOG.warn("Saga '{}' stopped: its log could not be advanced; recovery will resume it", sagaId, cause);
        orchestrator.active.remove(sagaId, this);
        orchestrator.events.publish(() -> new SagaEvent.SagaStalled(sagaId, describe(cause),
                orchestrator.nextSequence()));
        result.completeExceptionally(cause);
    }

    private Duration nextDelay(Backoff backoff, int attempt) {
        Duration d = backoff.delay(attempt, lastDelay);
        lastDelay = d;
        return d;
    }

    private JsonNode toJson(D value) {
        try {
            return orchestrator.log.mapper().valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the data of saga '" + sagaId + "' ("
                    + value.getClass().getName() + ") cannot be written as JSON: " + e.getMessage(), e);
        }
    }


    private static String describe(Throwable t) {
        String message = t.getMessage();
        String text = t.getClass().getSimpleName() + (message != null ? ": " + message : "");
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    @Override
    public String toString() {
        return "SagaRun[" + sagaId + ", " + record.state() + "]";
    }
}
