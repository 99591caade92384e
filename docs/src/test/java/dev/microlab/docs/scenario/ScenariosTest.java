package dev.microlab.docs.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.docs.Catalog;
import dev.microlab.docs.diagram.Diagram;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every registered scenario")
class ScenariosTest {

    static Stream<Scenario> scenarios() {
        return Scenarios.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("runs on the real library, reaches milestones and draws a Mermaid diagram")
    void runsAndDraws(Scenario scenario) throws Exception {
        // Given
        Narrator narrator = Narrator.silent();
        // When
        scenario.run(narrator);
        // Then
        assertThat(narrator.milestones()).as("%s narrates at least one milestone", scenario.name()).isNotEmpty();
        assertThat(narrator.diagrams()).as("%s draws a diagram", scenario.name()).isNotEmpty();
        for (Diagram d : narrator.diagrams()) {
            assertThat(d.render()).as("diagram '%s' starts with a Mermaid keyword", d.title())
                    .matches("(?s)(stateDiagram-v2|timeline|sequenceDiagram)\n.+");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("tells the same story on every run (virtual time, no randomness left unseeded)")
    void isDeterministic(Scenario scenario) throws Exception {
        Narrator first = Narrator.silent();
        Narrator second = Narrator.silent();

        scenario.run(first);
        scenario.run(second);

        assertThat(second.lines()).as("%s's second run narrates the same lines", scenario.name())
                .isEqualTo(first.lines());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("names only patterns the catalog lists")
    void patternsExist(Scenario scenario) {
        List<String> known = Catalog.PATTERNS.stream().map(Catalog.Pattern::name).toList();

        assertThat(known).as("the catalog lists every pattern %s claims to show", scenario.name())
                .containsAll(scenario.patterns());
    }

    @Test
    @DisplayName("has a unique kebab-case name")
    void uniqueNames() {
        List<String> names = Scenarios.all().stream().map(Scenario::name).toList();

        assertThat(names).as("scenario names").doesNotHaveDuplicates()
                .allMatch(n -> n.matches("[a-z0-9]+(-[a-z0-9]+)*"));
    }

    @Test
    @DisplayName("can be found by its name")
    void findByName() {
        for (Scenario s : Scenarios.all()) {
            assertThat(Scenarios.find(s.name())).as("find(%s)", s.name()).containsSame(s);
        }
        assertThat(Scenarios.find("no-such-thing")).as("an unknown name finds nothing").isEmpty();
    }
}
