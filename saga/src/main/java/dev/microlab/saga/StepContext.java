package dev.microlab.saga;

import java.util.Objects;

/**
 * What a step's action or compensation receives: the saga data as recorded so far, and the
 * identity of this call.
 *
 * <pre>{@code
 * .action(ctx -> ctx.data().withReservation(inventory.reserve(ctx.idempotencyKey().toString(), ctx.data().sku())))
 * }</pre>
 *
 * <p>This class is threadsafe (immutable), provided the data object is.
 *
 * @param sagaId   the saga instance
 * @param sagaType the saga definition's name
 * @param step     the step's name
 * @param phase    action or compensation
 * @param attempt  1 for the first attempt of this phase, counted across restarts
 * @param data     the saga data after the last recorded step
 * @param <D>      the saga data type
 */
public record StepContext<D>(String sagaId, String sagaType, String step, Phase phase, int attempt, D data) {

    /** Validates. */
    public StepContext {
        Objects.requireNonNull(sagaId, "sagaId must not be null");
        Objects.requireNonNull(sagaType, "sagaType must not be null");
        Objects.requireNonNull(step, "step must not be null");
        Objects.requireNonNull(phase, "phase must not be null");
        Objects.requireNonNull(data, "data must not be null");
    }

    /** The key participants dedupe on: the same for every attempt of this step and phase. */
    public IdempotencyKey idempotencyKey() {
        return new IdempotencyKey(sagaId, step, phase);
    }
}
