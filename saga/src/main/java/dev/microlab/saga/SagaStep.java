package dev.microlab.saga;

import dev.microlab.core.retry.Backoff;
import java.time.Duration;
import java.util.Optional;

/**
 * One validated step of a {@link SagaDefinition}: its name, kind, the participant it talks
 * to, its action, its optional compensation, and its optional timeout and retry settings.
 * Built by {@link SagaDefinition.Builder#step(String)}.
 *
 * <p>This class is threadsafe (immutable), provided its actions are.
 *
 * @param <D> the saga data type
 */
public final class SagaStep<D> {

    private final String name;
    private final StepKind kind;
    private final String participant;
    private final AsyncSagaAction<D> action;
    private final AsyncSagaAction<D> compensation;
    private final Duration timeout;
    private final int maxAttempts;
    private final Backoff backoff;
    private final int compensationMaxAttempts;

    SagaStep(String name, StepKind kind, String participant, AsyncSagaAction<D> action,
            AsyncSagaAction<D> compensation, Duration timeout, int maxAttempts, Backoff backoff,
            int compensationMaxAttempts) {
        this.name = name;
        this.kind = kind;
        this.participant = participant;
        this.action = action;
        this.compensation = compensation;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.compensationMaxAttempts = compensationMaxAttempts;
    }

    /** The step's unique name inside its saga. */
    public String name() {
        return name;
    }

    /** Compensatable, pivot or retriable. */
    public StepKind kind() {
        return kind;
    }

    /** The participant (service) the step calls; the step's name unless set. Used by traces. */
    public String participant() {
        return participant;
    }

    /** The forward action. */
    public AsyncSagaAction<D> action() {
        return action;
    }

    /** The compensation, if the step has one. */
    public Optional<AsyncSagaAction<D>> compensation() {
        return Optional.ofNullable(compensation);
    }

    /** The timeout of one attempt (action or compensation), if any. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * How many attempts the action gets before the step fails for good (compensatable and
     * pivot steps). Retriable steps ignore it: they are retried until they succeed.
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait between attempts, if the step sets its own (otherwise the orchestrator's). */
    public Optional<Backoff> backoff() {
        return Optional.ofNullable(backoff);
    }

    /** How many attempts the compensation gets, or 0 for the orchestrator's default. */
    public int compensationMaxAttempts() {
        return compensationMaxAttempts;
    }

    @Override
    public String toString() {
        return "SagaStep[" + name + ", " + kind + (compensation != null ? ", compensatable" : "") + "]";
    }
}
