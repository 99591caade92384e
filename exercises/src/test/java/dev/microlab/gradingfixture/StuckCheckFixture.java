package dev.microlab.gradingfixture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two checks of one exercise as a student's endless loop leaves them: the first never ends, the
 * second would pass. Only the grading machinery's own tests run it (with {@code grading.fixture}
 * set to {@code stuck} and the exercise deadline on), to prove that {@code ExerciseDeadline} stops
 * the first and refuses the second once the exercise's time is used up.
 */
@Tag("retry")
@Tag("grading-fixture")
@EnabledIfSystemProperty(named = "grading.fixture", matches = "stuck")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StuckCheckFixture {

    @Test
    @Order(1)
    @DisplayName("an endless loop")
    void endless() {
        long spins = 0;
        while (spins >= 0) {
            spins = (spins + 1) % 1_000;  // ignores interrupts, as student loops do
        }
    }

    @Test
    @Order(2)
    @DisplayName("a check after the deadline")
    void afterTheDeadline() {
        // would pass, but the exercise's time is already used up
    }
}
