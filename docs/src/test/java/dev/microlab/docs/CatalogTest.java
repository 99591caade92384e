package dev.microlab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
