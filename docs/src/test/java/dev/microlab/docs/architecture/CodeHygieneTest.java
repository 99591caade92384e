package dev.microlab.docs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.microlab.archunit.ServiceBoundaryRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Applies the rule set's code-hygiene rules to microlab itself: no module's library code
 * prints, and no module's tests sleep.
 *
 * <p>Main classes of every module docs depends on are on the test classpath. Test classes are
 * not, so they are read from each module's {@code target/test-classes}: when the reactor
 * builds docs with {@code -am} (or the whole build runs), every upstream module has just
 * compiled its tests there. A module whose tests have not been compiled is listed as skipped.
 */
@DisplayName("microlab's own code")
class CodeHygieneTest {

    @Test
    @DisplayName("library code of every module prints nothing to System.out/err (the catalog's main may)")
    void libraryCodeDoesNotPrint() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.microlab");
        assertThat(main).as("the importer found microlab's main classes").isNotEmpty();

        ServiceBoundaryRules.NO_STANDARD_STREAMS_IN_LIBRARY_CODE.check(main);
    }

    @Test
    @DisplayName("no test of any module built with docs calls Thread.sleep")
    void testsDoNotSleep() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        List<Path> testClassDirs = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repo)) {
            modules.map(m -> m.resolve("target/test-classes")).filter(Files::isDirectory).sorted()
                    .forEach(testClassDirs::add);
        }
        assertThat(testClassDirs).as("docs' own test classes are among those checked (modules found: %s)",
                testClassDirs).anySatisfy(p -> assertThat(p.toString()).contains("docs"));

        JavaClasses tests = new ClassFileImporter().importPaths(testClassDirs)
                .that(com.tngtech.archunit.base.DescribedPredicate.describe("are in dev.microlab",
                        c -> c.getPackageName().startsWith("dev.microlab")));

        assertThat(tests.contain("dev.microlab.docs.CatalogTest")).as("docs' tests are checked").isTrue();
        if (testClassDirs.contains(repo.resolve("patterns-core/target/test-classes"))) {
            assertThat(tests.contain("dev.microlab.core.time.ManualSchedulerTest"))
                    .as("patterns-core's compiled tests are checked too").isTrue();
        }

        ServiceBoundaryRules.NO_THREAD_SLEEP_IN_TESTS.check(tests);
    }
}
