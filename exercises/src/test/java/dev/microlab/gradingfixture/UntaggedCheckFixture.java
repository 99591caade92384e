package dev.microlab.gradingfixture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** A deliberately wrong grading test: it belongs to no exercise. See {@link VacuousCheckFixture}. */
@Tag("grading-fixture")
@EnabledIfSystemProperty(named = "grading.fixture", matches = "true")
class UntaggedCheckFixture {

    @Test
    @DisplayName("a check nobody will ever see in a report")
    void orphan() {
        throw new UnsupportedOperationException("TODO: fixture");
    }
}
