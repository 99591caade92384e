package dev.microlab.saga;

/**
 * A synchronous action or compensation of a saga step. It returns the saga data with its
 * result recorded (records: a {@code with...} copy), or {@code null} to leave the data as it
 * was. Throwing fails this attempt.
 *
 * <pre>{@code
 * SagaAction<Order> reserve = ctx -> ctx.data().withReservationId(inventory.reserve(ctx.idempotencyKey()));
 * }</pre>
 *
 * <p>Implementations should be idempotent per {@link StepContext#idempotencyKey()}: the same
 * key may arrive more than once (retries, recovery after a crash). Implementations must be
 * threadsafe: different sagas call the same action concurrently.
 *
 * @param <D> the saga data type
 */
@FunctionalInterface
public interface SagaAction<D> {

    /**
     * Runs the call.
     *
     * @return the new saga data, or null for "unchanged"
     * @throws Exception to fail this attempt
     */
    D apply(StepContext<D> context) throws Exception;
}
