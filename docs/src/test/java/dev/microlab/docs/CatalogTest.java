package dev.microlab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import dev.microlab.docs.scenario.Scenario;
import dev.microlab.docs.scenario.Scenarios;
import dev.microlab.docs.scenario.FoundationsScenario;
import dev.microlab.docs.scenario.Narrator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The catalog's command line")
class CatalogTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Catalog.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("'list' names every pattern with its module")
    void listNamesEveryPattern() {
        int code = run("list");

        assertThat(code).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        for (Catalog.Pattern p : Catalog.PATTERNS) {
            assertThat(text).as("the listing mentions %s", p.name())
                    .contains(p.name()).contains("module " + p.module());
        }
    }

    @Test
    @DisplayName("no argument means 'list'")
    void defaultIsList() {
        assertThat(run()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("circuit-breaker");
    }

    @Test
    @DisplayName("an unknown command exits 2 and says which command was wrong")
    void unknownCommand() {
        assertThat(run("dance")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown command 'dance'").contains("usage");
    }

    @Test
    @DisplayName("'list' says which patterns have a runnable scenario and which do not yet")
    void listShowsRunnableScenarios() {
        run("list");

        String text = out.toString(StandardCharsets.UTF_8);
        for (Catalog.Pattern p : Catalog.PATTERNS) {
            String expected = Scenarios.find(p.name()).map(s -> "scenario: run " + s.name())
                    .orElse("scenario: not yet (arrives with the " + p.module() + " module)");
            assertThat(text).as("the listing says how to run %s, or that it cannot yet", p.name()).contains(expected);
        }
        for (Scenario s : Scenarios.all()) {
            assertThat(text.lines()).as("the scenarios section names %s with its title", s.name())
                    .anyMatch(line -> line.startsWith("  " + s.name() + " ") && line.endsWith(s.title()));
        }
    }

    @Test
    @DisplayName("'run foundations' narrates the scenario with virtual timestamps and a summary")
    void runNarrates() {
        int code = run("run", "foundations");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        assertThat(text).contains("== foundations:")
                .contains("[+00:10.000] 10 virtual seconds later the check runs")
                .contains("-- 6 milestones in 01:50.000 of virtual time --");
        assertThat(text).as("no diagram without --mermaid").doesNotContain("```mermaid");
    }

    @Test
    @DisplayName("'run NAME --mermaid' also prints the scenario's diagram as a mermaid block")
    void runWithMermaid() {
        run("run", "foundations", "--mermaid");

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("```mermaid\nsequenceDiagram\n");
    }

    @Test
    @DisplayName("'diagram NAME' prints only the Mermaid diagrams, no narration")
    void diagramOnly() {
        int code = run("diagram", "foundations");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(text).contains("```mermaid").doesNotContain("[+00:");
    }

    @Test
    @DisplayName("'tour' plays every registered scenario")
    void tourPlaysAll() {
        int code = run("tour");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        for (Scenario s : Scenarios.all()) {
            assertThat(text).as("the tour plays %s", s.name()).contains("== " + s.name() + ": ");
        }
    }

    @Test
    @DisplayName("running a pattern without a scenario yet exits 2 and lists what can run")
    void patternWithoutScenario() {
        int code = Catalog.run(new String[] {"run", "saga"}, List.of(ONLY_FOUNDATIONS),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Pattern 'saga' has no runnable scenario yet: it arrives with the saga module")
                .contains("Runnable now: foundations");
    }

    /** A catalog whose only scenario is the foundations one. */
    private static final Scenario ONLY_FOUNDATIONS = new FoundationsScenario();

    @Test
    @DisplayName("running an unknown name exits 2 and lists what can run")
    void unknownScenario() {
        assertThat(run("run", "teleport")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Unknown scenario or pattern 'teleport'").contains("Runnable now:");
    }

    @Test
    @DisplayName("'run' without a name exits 2 with an example")
    void runWithoutName() {
        assertThat(run("run")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'run' takes one scenario or pattern name");
    }

    /** A scenario that breaks half-way, as a scenario whose library misbehaves would. */
    private static final Scenario BROKEN = new Scenario() {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public String title() {
            return "fails after its first milestone";
        }

        @Override
        public List<String> patterns() {
            return List.of("saga");
        }

        @Override
        public void run(Narrator narrator) {
            narrator.milestone("started", "started");
            throw new IllegalStateException("the compensation never ran");
        }
    };

    @Test
    @DisplayName("a scenario that throws exits 1, naming the milestones it reached and the cause")
    void failingScenario() {
        int code = Catalog.run(new String[] {"run", "broken"}, List.of(BROKEN),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Scenario 'broken' failed after its milestones [started]")
                .contains("the compensation never ran");
    }

    @Test
    @DisplayName("a pattern name runs the scenario that demonstrates it, and list says so")
    void patternNameFindsScenario() {
        int code = Catalog.run(new String[] {"tour"}, List.of(BROKEN),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as("the tour stops at the broken scenario").isEqualTo(1);

        out.reset();
        Catalog.run(new String[] {"list"}, List.of(BROKEN),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).as("saga is demonstrated by 'broken'").contains("scenario: run broken");

        err.reset();
        Catalog.run(new String[] {"run", "saga"}, List.of(BROKEN),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).as("'run saga' played 'broken'").contains("Scenario 'broken' failed");
    }

    @Test
    @DisplayName("'run event-store --postgres' on an unreachable server says where it looked and how to start one")
    void postgresUnreachable() {
        int code = run("run", "event-store", "--postgres=jdbc:postgresql://127.0.0.1:1/test");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("jdbc:postgresql://127.0.0.1:1/test")
                .contains("pg_ctlcluster --skip-systemctl-redirect");
    }

    @Test
    @DisplayName("'--postgres' goes with 'run event-store' only")
    void postgresOnlyForEventStore() {
        assertThat(run("run", "circuit-breaker", "--postgres")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'run event-store' only");
    }

    @Test
    @DisplayName("'run event-store --postgres' plays the same story on PostgreSQL when one is reachable")
    void postgresStory() {
        String url = System.getenv().getOrDefault("MICROLAB_POSTGRES_URL", PostgresBackend.DEFAULT_URL);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                PostgresBackend.fromFlag("--postgres=" + url).problem().isEmpty()
                        || "true".equalsIgnoreCase(System.getenv("CI")),
                "no PostgreSQL at " + url + ". " + PostgresBackend.HOW_TO_START);

        int code = run("run", "event-store", "--postgres=" + url);

        assertThat(code).as("exit code; stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        String onPostgres = out.toString(StandardCharsets.UTF_8);
        out.reset();
        run("run", "event-store");
        assertThat(onPostgres).as("the same story as in memory, told on PostgreSQL")
                .isEqualTo("(on PostgreSQL, schema " + PostgresBackend.SCHEMA + ")" + System.lineSeparator()
                        + out.toString(StandardCharsets.UTF_8))
                .contains("the append is refused");
    }
}
