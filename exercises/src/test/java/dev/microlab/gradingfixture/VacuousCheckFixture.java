package dev.microlab.gradingfixture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A deliberately wrong grading test: one of its checks passes without any student code. Only
 * the grading machinery's own tests run it (they set {@code grading.fixture}), to prove that the
 * skeleton check names it. Tagged {@code grading-fixture}, which every other run excludes.
 */
@Tag("circuit-breaker")
@Tag("grading-fixture")
@EnabledIfSystemProperty(named = "grading.fixture", matches = "true")
class VacuousCheckFixture {

    @Test
    @DisplayName("a check that passes before anything is written")
    void vacuous() {
        assertThat(1 + 1).as("arithmetic, not the student's code").isEqualTo(2);
    }

    @Test
    @DisplayName("a check that fails against the skeleton, as it should")
    void honest() {
        throw new UnsupportedOperationException("TODO: fixture");
    }
}
