package dev.microlab.exercises.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("saga")
@DisplayName("Exercise 10 · Saga with compensation")
class OrderSagaTest {

    private static final List<String> STEPS = List.of("validate-order", "reserve-inventory", "process-payment", "ship-order");

    /** Everything the services were asked to do, in order: "reserve-inventory order-1", "undo reserve-inventory order-1". */
    private final List<String> calls = new ArrayList<>();
    /** How many more times a step's action throws. */
    private final Map<String, Integer> actionFailures = new HashMap<>();
    /** How many more times a step's compensation throws. */
    private final Map<String, Integer> compensationFailures = new HashMap<>();

    private SagaStep step(String name) {
        return new SagaStep(name, orderId -> {
            calls.add(name + " " + orderId);
            if (actionFailures.merge(name, -1, Integer::sum) >= 0) {
                throw new IOException(name + " failed");
            }
        }, orderId -> {
            calls.add("undo " + name + " " + orderId);
            if (compensationFailures.merge(name, -1, Integer::sum) >= 0) {
                throw new IOException("undo " + name + " failed");
            }
        });
    }

    /** The course's order saga: validate, reserve, pay, ship. */
    private OrderSaga orderSaga(int compensationAttempts) {
        return new OrderSaga(STEPS.stream().map(this::step).toList(), compensationAttempts);
    }

    @Test
    @DisplayName("when every step succeeds, they run once each, in order, and nothing is compensated")
    void completes() {
        // When
        SagaResult result = orderSaga(1).execute("order-1");

        // Then
        assertThat(calls).as("validate, reserve, pay, ship — each for this order")
                .containsExactly("validate-order order-1", "reserve-inventory order-1", "process-payment order-1", "ship-order order-1");
        assertThat(result.status()).as("status").isEqualTo(SagaStatus.COMPLETED);
        assertThat(result.failedStep()).as("no failed step").isNull();
        assertThat(result.compensatedSteps()).as("nothing to undo").isEmpty();
    }

    @Test
    @DisplayName("when payment fails, the completed steps are compensated in reverse order and shipping never runs")
    void compensatesInReverse() {
        // Given
        actionFailures.put("process-payment", 1);

        // When
        SagaResult result = orderSaga(1).execute("order-1");

        // Then
        assertThat(calls).as("release the inventory first (the last thing done), then cancel the order")
                .containsExactly("validate-order order-1", "reserve-inventory order-1", "process-payment order-1",
                        "undo reserve-inventory order-1", "undo validate-order order-1");
        assertThat(result.status()).as("every completed step was undone").isEqualTo(SagaStatus.COMPENSATED);
        assertThat(result.failedStep()).as("which step failed").isEqualTo("process-payment");
        assertThat(result.compensatedSteps()).as("in the order the compensations ran")
                .containsExactly("reserve-inventory", "validate-order");
    }

    @Test
    @DisplayName("the failed step itself is not compensated: it never completed")
    void failedStepIsNotCompensated() {
        // Given
        actionFailures.put("process-payment", 1);

        // When
        orderSaga(1).execute("order-1");

        // Then
        assertThat(calls).as("refunding a payment that was never taken would pay the customer")
                .doesNotContain("undo process-payment order-1", "undo ship-order order-1");
    }

    @Test
    @DisplayName("the result carries the failed step's own exception")
    void keepsTheFailure() {
        // Given
        actionFailures.put("reserve-inventory", 1);

        // When
        SagaResult result = orderSaga(1).execute("order-1");

        // Then
        assertThat(result.failure()).as("the exception the step threw").isInstanceOf(IOException.class)
                .hasMessage("reserve-inventory failed");
    }

    @Test
    @DisplayName("when the first step fails there is nothing to compensate")
    void firstStepFails() {
        // Given
        actionFailures.put("validate-order", 1);

        // When
        SagaResult result = orderSaga(1).execute("order-1");

        // Then
        assertThat(calls).as("only the failed validation ran").containsExactly("validate-order order-1");
        assertThat(result.status()).as("nothing was done, so nothing is left to undo").isEqualTo(SagaStatus.COMPENSATED);
        assertThat(result.compensatedSteps()).isEmpty();
    }

    @Test
    @DisplayName("when the last step fails, all three before it are compensated, newest first")
    void lastStepFails() {
        // Given
        actionFailures.put("ship-order", 1);

        // When
        SagaResult result = orderSaga(1).execute("order-1");

        // Then
        assertThat(result.compensatedSteps()).as("refund, release, cancel")
                .containsExactly("process-payment", "reserve-inventory", "validate-order");
    }

    @Test
    @DisplayName("a failing compensation is tried again, up to compensationAttempts times")
    void retriesACompensation() {
        // Given: the refund fails twice, then works
        actionFailures.put("ship-order", 1);
        compensationFailures.put("process-payment", 2);

        // When
        SagaResult result = orderSaga(3).execute("order-1");

        // Then
        assertThat(calls).as("3 attempts at the refund").filteredOn("undo process-payment order-1"::equals).hasSize(3);
        assertThat(result.status()).as("the third attempt worked").isEqualTo(SagaStatus.COMPENSATED);
        assertThat(result.compensatedSteps()).contains("process-payment");
    }

    @Test
    @DisplayName("a compensation that keeps failing does not stop the others, and the saga needs attention")
    void compensationFailureNeedsAttention() {
        // Given: shipping fails, and the refund fails on every attempt
        actionFailures.put("ship-order", 1);
        compensationFailures.put("process-payment", 99);

        // When
        SagaResult result = orderSaga(2).execute("order-1");

        // Then
        assertThat(calls).as("the refund is tried twice, then the inventory is still released and the order cancelled")
                .endsWith("undo process-payment order-1", "undo process-payment order-1",
                        "undo reserve-inventory order-1", "undo validate-order order-1");
        assertThat(result.status()).as("money may still be taken: a person must look").isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(result.failedCompensations()).as("which compensation failed").containsExactly("process-payment");
        assertThat(result.compensatedSteps()).as("the ones that worked").containsExactly("reserve-inventory", "validate-order");
        assertThat(result.failure().getSuppressed()).as("the compensation's last exception travels with the failure (once)")
                .extracting(Throwable::getMessage).containsExactly("undo process-payment failed");
    }

    @Test
    @DisplayName("each execution starts afresh: a second order is not compensated for the first one's steps")
    void executionsAreIndependent() {
        // Given
        OrderSaga saga = orderSaga(1);
        saga.execute("order-1");
        calls.clear();
        actionFailures.put("reserve-inventory", 1);

        // When
        SagaResult result = saga.execute("order-2");

        // Then
        assertThat(result.compensatedSteps()).as("order-2 only validated before failing").containsExactly("validate-order");
        assertThat(calls).as("nothing of order-1 is undone").noneMatch(c -> c.endsWith("order-1"));
    }

    @Test
    @DisplayName("rejects a saga without steps, with two steps of the same name, or compensationAttempts below 1")
    void validation() {
        assertThatThrownBy(() -> new OrderSaga(List.of(), 1)).as("no steps")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps");
        assertThatThrownBy(() -> new OrderSaga(List.of(step("pay"), step("pay")), 1)).as("two steps named pay")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pay");
        assertThatThrownBy(() -> new OrderSaga(List.of(step("pay")), 0)).as("compensationAttempts 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compensationAttempts");
    }
}
