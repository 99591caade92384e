package dev.microlab.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.retry.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SagaDefinitionTest {

    private static final SagaAction<OrderData> NOOP = ctx -> null;

    private static SagaDefinition.Builder<OrderData> saga() {
        return SagaDefinition.builder("order", OrderData.class);
    }

    @Test
    @DisplayName("a well-formed saga keeps its steps in order and knows its pivot")
    void valid() {
        // Given / When
        SagaDefinition<OrderData> def = saga()
                .step("a").action(NOOP).compensation(NOOP).add()
                .step("b").action(NOOP).add()
                .step("p").pivot().action(NOOP).add()
                .step("r").retriable().action(NOOP).timeout(Duration.ofSeconds(1)).add()
                .build();

        // Then
        assertThat(def.steps()).extracting(SagaStep::name).containsExactly("a", "b", "p", "r");
        assertThat(def.steps()).extracting(SagaStep::kind).containsExactly(StepKind.COMPENSATABLE,
                StepKind.COMPENSATABLE, StepKind.PIVOT, StepKind.RETRIABLE);
        assertThat(def.pivotIndex()).isEqualTo(2);
        assertThat(def.step("a").compensation()).as("a has a compensation").isPresent();
        assertThat(def.step("b").compensation()).as("a compensation is optional").isEmpty();
        assertThat(def.step("r").timeout()).contains(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("without a pivot every step is compensatable and the pivot index is the end")
    void noPivot() {
        SagaDefinition<OrderData> def = saga().step("a").action(NOOP).add().build();
        assertThat(def.pivotIndex()).isEqualTo(1);
    }

    @Test
    @DisplayName("two pivots are refused, naming the second one")
    void twoPivots() {
        assertThatThrownBy(() -> saga().step("p1").pivot().action(NOOP).add()
                .step("p2").pivot().action(NOOP).add().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step 'p2' (#2) of saga 'order' is a second PIVOT: at most one pivot is allowed, and"
                        + " 'p1' is already one");
    }

    @Test
    @DisplayName("a compensation after the pivot is refused")
    void compensationAfterPivot() {
        assertThatThrownBy(() -> saga().step("p").pivot().action(NOOP).add()
                .step("ship").retriable().action(NOOP).compensation(NOOP).add().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 'ship' (#2)").hasMessageContaining("must not have a compensation");
    }

    @Test
    @DisplayName("a compensatable step after the pivot is refused")
    void compensatableAfterPivot() {
        assertThatThrownBy(() -> saga().step("p").pivot().action(NOOP).add()
                .step("late").action(NOOP).compensation(NOOP).add().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 'late' (#2)").hasMessageContaining("must be RETRIABLE");
    }

    @Test
    @DisplayName("a pivot with a compensation is refused")
    void pivotWithCompensation() {
        assertThatThrownBy(() -> saga().step("p").pivot().action(NOOP).compensation(NOOP).add().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 'p' (#1)").hasMessageContaining("a pivot is never compensated");
    }

    @Test
    @DisplayName("a retriable step without a pivot before it is refused")
    void retriableWithoutPivot() {
        assertThatThrownBy(() -> saga().step("a").action(NOOP).add().step("r").retriable().action(NOOP).add().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 'r' (#2)").hasMessageContaining("retriable steps must follow the pivot");
    }

    @Test
    @DisplayName("duplicate step names are refused")
    void duplicateNames() {
        assertThatThrownBy(() -> saga().step("a").action(NOOP).add().step("a").action(NOOP).add().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 'a' (#2)").hasMessageContaining("must be unique");
    }

    @Test
    @DisplayName("a step without an action is refused, naming the step; a null action at once")
    void nullAction() {
        assertThatThrownBy(() -> saga().step("a").add().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step 'a' (#1) of saga 'order': action must not be null");
        assertThatThrownBy(() -> saga().step("a").action(null))
                .isInstanceOf(NullPointerException.class).hasMessage("action of step 'a' must not be null");
        assertThatThrownBy(() -> saga().step("b").asyncAction(null))
                .isInstanceOf(NullPointerException.class).hasMessage("asyncAction of step 'b' must not be null");
    }

    @Test
    @DisplayName("a saga without steps is refused")
    void empty() {
        assertThatThrownBy(() -> saga().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one step");
    }

    @Test
    @DisplayName("names must be safe in keys and stream names")
    void names() {
        assertThatThrownBy(() -> saga().step("a:b").action(NOOP).add()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step name").hasMessageContaining("'a:b'");
        assertThatThrownBy(() -> SagaDefinition.builder("", OrderData.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("saga name");
    }

    @Test
    @DisplayName("step options are validated with the offending value")
    void stepOptions() {
        SagaDefinition.StepBuilder<OrderData> step = saga().step("a");
        assertThatThrownBy(() -> step.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout of step 'a' must be in (0, 1 day], but was PT0S");
        assertThatThrownBy(() -> step.retry(0, Backoff.none())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts of step 'a' must be in [1, 1000], but was 0");
        assertThatThrownBy(() -> step.compensationAttempts(1001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("compensationAttempts of step 'a' must be in [1, 1000], but was 1001");
        assertThatThrownBy(() -> step.participant(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("participant of step 'a'");
    }
}
