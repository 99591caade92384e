package dev.microlab.saga;

import java.util.concurrent.CompletionStage;

/**
 * An asynchronous action or compensation of a saga step: it returns a stage that completes
 * with the new saga data (or {@code null} for "unchanged"), or fails to fail this attempt.
 *
 * <pre>{@code
 * AsyncSagaAction<Order> pay = ctx -> paymentClient.chargeAsync(ctx.idempotencyKey().toString(), ctx.data().amount())
 *         .thenApply(receipt -> ctx.data().withReceipt(receipt));
 * }</pre>
 *
 * <p>Implementations must be threadsafe: different sagas call the same action concurrently.
 *
 * @param <D> the saga data type
 */
@FunctionalInterface
public interface AsyncSagaAction<D> {

    /** Starts the call. Throwing is the same as returning a failed stage. */
    CompletionStage<D> apply(StepContext<D> context);
}
