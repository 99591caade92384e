package dev.microlab.docs.guides;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself, proved on fixture folders in {@code src/test/resources/guide-fixtures}. */
@DisplayName("The guide checker")
class GuideCheckerTest {

    private static Path fixtures() {
        try {
            return Path.of(GuideCheckerTest.class.getResource("/guide-fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> problemsIn(String folder) {
        return new GuideChecker(fixtures().resolve(folder), List.of(fixtures().resolve("sources"))).check();
    }

    @Test
    @DisplayName("passes honest guides: verbatim snippets modulo indentation, illustrative blocks, translations")
    void goodFolderPasses() {
        assertThat(problemsIn("good")).as("problems found in the good fixture folder").isEmpty();
    }

    @Test
    @DisplayName("fails a java block without a marker, naming the guide, the snippet and its line")
    void unmarkedSnippet() {
        assertThat(problemsIn("unmarked")).as("both languages have the unmarked block")
                .contains("guide.md, java snippet #1 (line 7) has no marker: put <!-- snippet:"
                        + " fully.qualified.Class#member --> above it (pointing at a tested source file holding the"
                        + " same code), or <!-- illustrative: why it cannot be real code -->. It starts:"
                        + " `var answer = 42;`")
                .anySatisfy(p -> assertThat(p).startsWith("guide.es.md, java snippet #1 (line 7) has no marker"));
    }

    @Test
    @DisplayName("fails a marker pointing at a class that does not exist")
    void missingClass() {
        assertThat(problemsIn("wrong")).anySatisfy(p -> assertThat(p)
                .startsWith("guide.md, java snippet #1 (line 6) points at fixtures.guides.Nowhere")
                .contains("fixtures/guides/Nowhere.java"));
    }

    @Test
    @DisplayName("fails a snippet that differs from its source, showing where they part")
    void differingSnippet() {
        assertThat(problemsIn("wrong")).anySatisfy(p -> assertThat(p)
                .startsWith("guide.md, java snippet #2 (line 11) differs from fixtures.guides.Greeter#greet")
                .contains("the first 1 line(s) match from Greeter.java:7")
                .contains("the guide has `return greeting + \"?\";`")
                .contains("where the source has `// a brace in a string must not end the method: \"}\"`"));
    }

    @Test
    @DisplayName("fails a snippet found in the file but outside the member its marker names")
    void wrongMember() {
        assertThat(problemsIn("wrong")).anySatisfy(p -> assertThat(p)
                .startsWith("guide.md, java snippet #3 (line 17) does not appear in fixtures.guides.Greeter#farewell"));
    }

    @Test
    @DisplayName("fails a marker naming a member the file does not declare")
    void missingMember() {
        assertThat(problemsIn("wrong")).anySatisfy(p -> assertThat(p)
                .isEqualTo("guide.md, java snippet #4 (line 22) points at fixtures.guides.Greeter#wave,"
                        + " but Greeter.java declares no member 'wave'"));
    }

    @Test
    @DisplayName("fails an illustrative marker without a reason")
    void illustrativeNeedsReason() {
        assertThat(problemsIn("wrong")).contains(
                "guide.md, java snippet #5 (line 27) is marked illustrative without a reason: write <!-- illustrative: why -->");
    }

    @Test
    @DisplayName("fails a marker that does not sit above a java block")
    void staleMarker() {
        assertThat(problemsIn("wrong"))
                .anySatisfy(p -> assertThat(p).startsWith("guide.md, line 31: a snippet/illustrative marker must sit"))
                .anySatisfy(p -> assertThat(p).startsWith("guide.md, java snippet #6 (line 34) has no marker"));
    }

    @Test
    @DisplayName("fails a guide without Spanish version, and a Spanish version without guide")
    void missingTranslation() {
        assertThat(problemsIn("missing-es"))
                .anySatisfy(p -> assertThat(p).startsWith("lonely.md has no Spanish version: write lonely.es.md"))
                .anySatisfy(p -> assertThat(p).startsWith("orphan.es.md is a Spanish version of orphan.md, which does not exist"));
    }

    @Test
    @DisplayName("fails when the Spanish version has a different number of sections, printing both lists")
    void sectionCount() {
        assertThat(problemsIn("sections-count")).containsExactly("""
                guide.md and guide.es.md must have the same ## sections, but have 3 and 2:
                  guide.md:
                    1. The problem []
                    2. The solution []
                    3. Pitfalls []
                  guide.es.md:
                    1. El problema []
                    2. La solución []
                """);
    }

    @Test
    @DisplayName("fails when the Spanish version has its sections in another order")
    void sectionOrder() {
        assertThat(problemsIn("sections-order")).singleElement().satisfies(p -> assertThat(p)
                .startsWith("guide.md and guide.es.md must have the same ## sections in the same order, but section 1"
                        + " holds [mermaid] in one and [properties] in the other")
                .contains("1. How it works [mermaid]").contains("1. Configuración [properties]"));
    }

    @Test
    @DisplayName("README.md needs no Spanish version and headings inside code blocks are not sections")
    void readmeAndFencedHeadings() {
        assertThat(GuideChecker.sections(List.of("## A", "```sh", "## not a section", "```", "## B")))
                .extracting(GuideChecker.Section::title).containsExactly("A", "B");
        assertThat(new GuideChecker(fixtures().resolve("good"), List.of()).guides())
                .extracting(p -> p.getFileName().toString()).containsExactly("greeter.md");
    }

    @Test
    @DisplayName("a guide declared untranslated, with a reason, needs no Spanish version")
    void declaredUntranslated() {
        GuideChecker checker = new GuideChecker(fixtures().resolve("missing-es"), List.of(),
                java.util.Map.of("lonely.md", "generated by a tool"));

        assertThat(checker.check()).as("lonely.md is excused; the orphan Spanish file is still reported")
                .noneSatisfy(p -> assertThat(p).startsWith("lonely.md"))
                .anySatisfy(p -> assertThat(p).startsWith("orphan.es.md"));
    }

    @Test
    @DisplayName("declaring a guide untranslated without a reason is refused")
    void untranslatedNeedsReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GuideChecker(fixtures().resolve("good"), List.of(),
                        java.util.Map.of("greeter.md", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'greeter.md' needs a reason");
    }

    /** A guide in the one shape; {@code replace} pairs change it into a broken one. */
    private static Path shapedGuide(Path dir, String... replace) throws IOException {
        String guide = """
                # Greeter

                ## The problem

                Saying hello.

                ## How it works

                ```mermaid
                flowchart LR
                    A --> B
                ```

                ## When to use it, and when not

                Always; never on Sundays.

                ## Quick start

                ```java
                greeter.hello();
                ```

                ## Options

                | option | default |
                | --- | --- |
                | `name` | world |

                ## Pitfalls

                - Shouting ([greeter#1](https://github.com/example/greeter/issues/1)).

                ## Compared with Hello4j

                | | greeter | Hello4j |
                | --- | --- | --- |
                | polite | yes | no |

                ## Exercise

                [instructions](../exercises/instructions/01-greeter/README.md)
                ```text
                a block right before the next heading still counts for its section
                ```
                ## Watch it run

                ```sh
                ./mvnw -q -pl docs -am test-compile exec:java -Dexec.args="run greeter"
                ```
                """;
        for (int i = 0; i < replace.length; i += 2) {
            guide = guide.replace(replace[i], replace[i + 1]);
        }
        return Files.writeString(dir.resolve("greeter.md"), guide);
    }

    @Test
    @DisplayName("a guide in the one shape passes the shape check")
    void shapeAccepted(@TempDir Path dir) throws IOException {
        Path guide = shapedGuide(dir);
        assertThat(new GuideChecker(dir, List.of()).checkShape(guide)).isEmpty();
    }

    @Test
    @DisplayName("the shape check names a missing or misplaced section, and what a section lacks")
    void shapeProblems(@TempDir Path dir) throws IOException {
        // Given: "when not" moved after the options, the pitfall without its upstream link, no scenario
        Path guide = shapedGuide(dir,
                "## When to use it, and when not\n\nAlways; never on Sundays.\n\n", "",
                "## Pitfalls", "## When to use it, and when not\n\nAlways.\n\n## Pitfalls",
                "([greeter#1](https://github.com/example/greeter/issues/1))", "(greeter#1)",
                "## Watch it run", "## Afterword");

        // When
        List<String> problems = new GuideChecker(dir, List.of()).checkShape(guide);

        // Then
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(
                "greeter.md lacks a ## section for the API in compiled snippets after 'When to use it, and when not'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(
                "greeter.md lacks a ## section for the scenario that runs it after 'Exercise'"));
    }

    @Test
    @DisplayName("the shape check wants the pitfalls linked to the upstream issues they come from")
    void shapeWantsIssueLinks(@TempDir Path dir) throws IOException {
        Path guide = shapedGuide(dir, "([greeter#1](https://github.com/example/greeter/issues/1))", "(greeter#1)");
        assertThat(new GuideChecker(dir, List.of()).checkShape(guide)).containsExactly(
                "greeter.md, section 'Pitfalls' (the pitfalls, linked to upstream issues) must hold links to the upstream"
                        + " issues (https://github.com/owner/repo/issues/N)");
    }

    @Test
    @DisplayName("reports a relative link to a missing file and one leaving the repository; skips web links, anchors and code")
    void relativeLinks(@org.junit.jupiter.api.io.TempDir Path repo) throws Exception {
        java.nio.file.Files.createDirectories(repo.resolve("docs"));
        java.nio.file.Files.createDirectories(repo.resolve("core/src"));
        java.nio.file.Files.writeString(repo.resolve("core/src/Real.java"), "class Real {}");
        Path md = repo.resolve("docs/page.md");
        java.nio.file.Files.writeString(md, String.join("\n",
                "# Page",
                "[Real](../core/src/Real.java) and [Real, at a line](../core/src/Real.java#L1)",
                "[Gone](../core/src/Gone.java)",
                "[Out](../../elsewhere.md)",
                "[web](https://example.org/x) [anchor](#page)",
                "```text",
                "[in code](../nowhere.md)",
                "```",
                ""));

        assertThat(GuideChecker.checkLinks(md, repo)).containsExactly(
                "page.md, line 3: link '../core/src/Gone.java' leads to core/src/Gone.java, which does not exist",
                "page.md, line 4: link '../../elsewhere.md' leads outside the repository");
    }

    @Test
    @DisplayName("reports an #anchor that names no heading of the page it links to, in the page and across pages")
    void anchors(@org.junit.jupiter.api.io.TempDir Path repo) throws Exception {
        java.nio.file.Files.createDirectories(repo.resolve("docs"));
        java.nio.file.Files.writeString(repo.resolve("docs/guide.md"), String.join("\n",
                "# Guide",
                "## Retry and Backoff — try again",
                "### Composing policies: `PolicyStack`",
                "## Cambiar límites en caliente",
                "## Notes",
                "## Notes",
                "```text",
                "## not a heading",
                "```",
                ""));
        Path md = repo.resolve("docs/page.md");
        java.nio.file.Files.writeString(md, String.join("\n",
                "# Page",
                "## Local",
                "[ok](guide.md#retry-and-backoff--try-again) [ok](guide.md#composing-policies-policystack)",
                "[ok](guide.md#cambiar-límites-en-caliente) [ok](guide.md#notes-1) [ok](#local)",
                "[gone](guide.md#retry-and-backoff) [gone](#nowhere) [gone](guide.md#not-a-heading)",
                "[file only](guide.md) [web](https://example.org/x#frag) [code](../core/Real.java#L1)",
                ""));

        assertThat(GuideChecker.checkAnchors(md, repo)).containsExactly(
                "page.md, line 5: link 'guide.md#retry-and-backoff' names the anchor 'retry-and-backoff', but no"
                        + " heading of docs/guide.md has it (did you mean 'retry-and-backoff--try-again'?)",
                "page.md, line 5: link '#nowhere' names the anchor 'nowhere', but no heading of docs/page.md has it",
                "page.md, line 5: link 'guide.md#not-a-heading' names the anchor 'not-a-heading', but no heading of"
                        + " docs/guide.md has it");
    }
}
