package dev.microlab.docs.guides;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link GuideChecker} on the real guides: whatever {@code docs/*.md} exist now. Guides
 * added later are checked as soon as they land.
 */
@DisplayName("The guides in docs/")
class GuidesTest {

    /** The docs module folder doubles as the guides folder; tests run from it. */
    private static final Path DOCS = Path.of("").toAbsolutePath();
    private static final Path REPO = DOCS.getParent();

    @Test
    @DisplayName("have real code in every java snippet and a Spanish version with the same sections")
    void guidesAreHonest() {
        // Given
        assertThat(DOCS.resolve("overview.md")).as("tests run from the docs folder, which holds the guides").exists();
        assertThat(REPO.resolve("mvnw")).as("the docs folder sits in the repository root").exists();
        GuideChecker checker = new GuideChecker(DOCS, GuideChecker.sourceRootsOf(REPO));
        // When
        List<String> problems = checker.check();
        // Then
        assertThat(problems).as("problems in the guides %s:%n%s", checker.markdownFiles().stream()
                .map(p -> p.getFileName().toString()).toList(), String.join("\n", problems)).isEmpty();
    }

    @Test
    @DisplayName("snippet markers find their sources in the real module layout")
    void sourceRootsIncludeDocsTests() {
        assertThat(GuideChecker.sourceRootsOf(REPO)).as("source roots")
                .contains(REPO.resolve("docs/src/test/java"), REPO.resolve("patterns-core/src/main/java"))
                .allSatisfy(p -> assertThat(Files.isDirectory(p)).isTrue());
    }
}
