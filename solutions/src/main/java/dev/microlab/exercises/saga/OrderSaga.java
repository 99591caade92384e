package dev.microlab.exercises.saga;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Exercise 10: the course's {@code OrderSaga} — validate, reserve, pay, ship — as an
 * orchestrated saga with compensations.
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
 *
 * <p>This class is threadsafe if its steps are: each execution keeps its progress in local variables.
 */
public final class OrderSaga {

    private final List<SagaStep> steps;
    private final int compensationAttempts;

    /**
     * @param steps                the steps, in order; at least one, names unique
     * @param compensationAttempts how many times a failing compensation is tried, at least 1
     * @throws IllegalArgumentException if there are no steps, two share a name, or {@code compensationAttempts < 1}
     */
    public OrderSaga(List<SagaStep> steps, int compensationAttempts) {
        Objects.requireNonNull(steps, "steps must not be null");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps must not be empty");
        }
        Set<String> names = new HashSet<>();
        for (SagaStep step : steps) {
            if (!names.add(Objects.requireNonNull(step, "steps must not contain null").name())) {
                throw new IllegalArgumentException("steps must have unique names, but " + step.name() + " appears twice");
            }
        }
        if (compensationAttempts < 1) {
            throw new IllegalArgumentException("compensationAttempts must be >= 1, but was " + compensationAttempts);
        }
        this.steps = List.copyOf(steps);
        this.compensationAttempts = compensationAttempts;
    }

    /** Runs the saga for {@code orderId}; never throws for a failing step — see the result. */
    public SagaResult execute(String orderId) {
        Objects.requireNonNull(orderId, "orderId must not be null");
        List<SagaStep> completed = new ArrayList<>();
        for (SagaStep step : steps) {
            try {
                step.action().run(orderId);
                completed.add(step);
            } catch (Exception failure) {
                return compensate(orderId, completed, step, failure);
            }
        }
        return new SagaResult(SagaStatus.COMPLETED, null, null, List.of(), List.of());
    }

    private SagaResult compensate(String orderId, List<SagaStep> completed, SagaStep failedStep, Exception failure) {
        List<String> compensated = new ArrayList<>();
        List<String> failedCompensations = new ArrayList<>();
        for (int i = completed.size() - 1; i >= 0; i--) {
            SagaStep step = completed.get(i);
            if (tryCompensation(orderId, step, failure)) {
                compensated.add(step.name());
            } else {
                failedCompensations.add(step.name());
            }
        }
        SagaStatus status = failedCompensations.isEmpty() ? SagaStatus.COMPENSATED : SagaStatus.NEEDS_ATTENTION;
        return new SagaResult(status, failedStep.name(), failure, compensated, failedCompensations);
    }

    private boolean tryCompensation(String orderId, SagaStep step, Exception failure) {
        for (int attempt = 1; attempt <= compensationAttempts; attempt++) {
            try {
                step.compensation().run(orderId);
                return true;
            } catch (Exception compensationFailure) {
                if (attempt == compensationAttempts) {
                    failure.addSuppressed(compensationFailure);
                }
            }
        }
        return false;
    }
}
