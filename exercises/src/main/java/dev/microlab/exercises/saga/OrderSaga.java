package dev.microlab.exercises.saga;

import java.util.List;

/**
 * Exercise 10: the course's {@code OrderSaga} — validate, reserve, pay, ship — as an
 * orchestrated saga with compensations. Instructions: {@code exercises/instructions/10-saga/README.md}.
 *
 * <p>Steps run in order. When one fails, the steps that completed before it are compensated in
 * reverse order (the failed step itself did not complete, and later steps never ran). A
 * compensation that throws is tried again, up to {@code compensationAttempts} times (so
 * compensations must be idempotent); if it still fails, the remaining compensations run anyway
 * and the result is {@link SagaStatus#NEEDS_ATTENTION}, naming it.
 *
 * <pre>{@code
 * OrderSaga saga = new OrderSaga(List.of(
 *         new SagaStep("reserve-inventory", inventory::reserve, inventory::release),
 *         new SagaStep("process-payment", payments::charge, payments::refund)), 3);
 * SagaResult result = saga.execute("order-1");
 * }</pre>
 */
public final class OrderSaga {

    /**
     * @param steps                the steps, in order; at least one, names unique
     * @param compensationAttempts how many times a failing compensation is tried, at least 1
     * @throws IllegalArgumentException if there are no steps, two share a name, or {@code compensationAttempts < 1}
     */
    public OrderSaga(List<SagaStep> steps, int compensationAttempts) {
        throw new UnsupportedOperationException("TODO: validate and keep the steps and the attempts");
    }

    /** Runs the saga for {@code orderId}; never throws for a failing step — see the result. */
    public SagaResult execute(String orderId) {
        throw new UnsupportedOperationException("TODO: run the steps; on a failure compensate the completed ones in reverse");
    }
}
