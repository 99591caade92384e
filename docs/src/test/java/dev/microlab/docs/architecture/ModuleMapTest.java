package dev.microlab.docs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The module map of ARCHITECTURE.md")
class ModuleMapTest {

    @Test
    @DisplayName("holds for every class of microlab's pattern modules and the catalog")
    void theCodeFollowsTheMap() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.microlab");
        assertThat(classes).as("the importer found microlab's classes").isNotEmpty();

        for (ArchRule rule : ModuleMap.all("dev.microlab")) {
            rule.check(classes);
        }
    }

    @Test
    @DisplayName("holds for messaging-rabbitmq too, read from its build output (docs does not depend on it)")
    void theRabbitMqAdapterFollowsTheMap() {
        Path classesDir = Path.of("").toAbsolutePath().getParent().resolve("messaging-rabbitmq/target/classes");
        Assumptions.assumeTrue(Files.isDirectory(classesDir.resolve("dev/microlab/rabbitmq")),
                "messaging-rabbitmq was not built in this run (build it, or the whole reactor, to check it)");
        JavaClasses classes = new ClassFileImporter().importPaths(classesDir);
        assertThat(classes.contain("dev.microlab.rabbitmq.RabbitMqBroker")).as("the adapter's classes were read").isTrue();

        for (ArchRule rule : ModuleMap.all("dev.microlab")) {
            rule.check(classes);
        }
    }

    /** The fixture in {@code fixtures.modulemap} breaks each kind of rule once, on purpose. */
    private static final JavaClasses FIXTURE = new ClassFileImporter().importPackages("fixtures.modulemap");

    @Test
    @DisplayName("fails when a module uses a module the map does not allow (core -> circuitbreaker)")
    void forbiddenDependencyIsCaught() {
        List<String> violations = violations(ModuleMap.dependencyRules("fixtures.modulemap"));

        assertThat(violations)
                .as("the fixture's core.Clock uses circuitbreaker.Breaker, which the map forbids")
                .anySatisfy(v -> assertThat(v).contains("fixtures.modulemap.core.Clock")
                        .contains("fixtures.modulemap.circuitbreaker.Breaker"));
    }

    @Test
    @DisplayName("keeps archunit-rules a leaf: the rule library uses no module of microlab (archunit -> core fails)")
    void ruleLibraryIsALeaf() {
        List<String> violations = violations(ModuleMap.dependencyRules("fixtures.modulemap"));

        assertThat(ModuleMap.ALLOWED).as("archunit-rules depends on ArchUnit only").containsEntry("archunit", Set.of());
        assertThat(violations)
                .as("the fixture's archunit.RuleSet uses core.Clock, which the map forbids")
                .anySatisfy(v -> assertThat(v).contains("fixtures.modulemap.archunit.RuleSet")
                        .contains("fixtures.modulemap.core.Clock"));
        assertThat(ModuleMap.dependencyRules("fixtures.modulemap"))
                .as("and no pattern module may use the rule library (only docs, exercises and solutions do)")
                .anySatisfy(rule -> assertThat(rule.getDescription())
                        .contains("classes of module core ").contains("fixtures.modulemap.archunit.."));
    }

    @Test
    @DisplayName("fails on a package cycle between modules (cqrs <-> saga)")
    void cycleIsCaught() {
        EvaluationResult result = ModuleMap.noCycles("fixtures.modulemap").evaluate(FIXTURE);

        assertThat(result.hasViolation()).as("the cqrs <-> saga cycle in the fixture is reported").isTrue();
        assertThat(result.getFailureReport().toString()).contains("cqrs").contains("saga");
    }

    @Test
    @DisplayName("fails when a class outside a module imports its internal package")
    void internalAccessIsCaught() {
        List<String> violations = violations(ModuleMap.internalRules("fixtures.modulemap"));

        assertThat(violations)
                .as("the fixture's cqrs.Projector uses eventstore.internal.SegmentFile")
                .anySatisfy(v -> assertThat(v).contains("fixtures.modulemap.cqrs.Projector")
                        .contains("fixtures.modulemap.eventstore.internal.SegmentFile"));
    }

    @Test
    @DisplayName("lets the modules patterns-core exports core.internal to use it, and no one else")
    void coreInternalIsSharedWithItsUsersOnly() {
        List<String> violations = violations(ModuleMap.internalRules("fixtures.modulemap"));

        assertThat(violations)
                .as("the fixture's eventstore.postgres.PgStore uses core.internal.Futures: not one of its users")
                .anySatisfy(v -> assertThat(v).contains("fixtures.modulemap.eventstore.postgres.PgStore")
                        .contains("fixtures.modulemap.core.internal.Futures"));
        assertThat(violations)
                .as("the fixture's cqrs.Projector uses core.internal.Futures too, which cqrs may")
                .noneSatisfy(v -> assertThat(v).contains("fixtures.modulemap.cqrs.Projector")
                        .contains("fixtures.modulemap.core.internal"));
    }

    @Test
    @DisplayName("patterns-core's module-info exports core.internal to exactly the modules ModuleMap allows")
    void coreInternalExportMatchesTheMap() throws IOException {
        String moduleInfo = Files.readString(Path.of("").toAbsolutePath().getParent()
                .resolve("patterns-core/src/main/java/module-info.java"));
        Matcher export = Pattern.compile("exports\\s+dev\\.microlab\\.core\\.internal\\s+to\\s+([^;]+);")
                .matcher(moduleInfo.replaceAll("//[^\\n]*", ""));

        assertThat(export.find()).as("a qualified export of core.internal in patterns-core's module-info").isTrue();
        assertThat(Arrays.stream(export.group(1).split(",")).map(String::strip).collect(Collectors.toSet()))
                .as("the modules it is exported to (module names dev.microlab.<package>)")
                .isEqualTo(ModuleMap.CORE_INTERNAL_USERS.stream().map(m -> "dev.microlab." + m)
                        .collect(Collectors.toSet()));
    }

    @Test
    @DisplayName("knows the messaging edges: messaging may use eventstore, but not the RabbitMQ adapter above it")
    void messagingEdges() {
        assertThat(ModuleMap.ALLOWED.get("messaging")).containsExactlyInAnyOrder("core", "eventstore");
        assertThat(ModuleMap.ALLOWED.get("rabbitmq")).containsExactlyInAnyOrder("core", "messaging");
        assertThat(ModuleMap.dependencyRules("dev.microlab")).extracting(ArchRule::getDescription)
                .anySatisfy(d -> assertThat(d).contains("classes of module messaging ").contains("rabbitmq.."))
                .anySatisfy(d -> assertThat(d).contains("classes of module rabbitmq ").contains("eventstore.."));
    }

    @Test
    @DisplayName("fails when event-store uses its PostgreSQL adapter, or the adapter reaches into eventstore.internal")
    void nestedAdapterModuleIsSeparate() {
        List<String> dependencyViolations = violations(ModuleMap.dependencyRules("fixtures.modulemap"));
        List<String> internalViolations = violations(ModuleMap.internalRules("fixtures.modulemap"));

        assertThat(dependencyViolations)
                .as("the fixture's eventstore.Store uses eventstore.postgres.PgStore: the map has the edge the other way")
                .anySatisfy(v -> assertThat(v).contains("fixtures.modulemap.eventstore.Store")
                        .contains("fixtures.modulemap.eventstore.postgres.PgStore"));
        assertThat(internalViolations)
                .as("eventstore.postgres is a module of its own, so eventstore.internal is closed to it too")
                .anySatisfy(v -> assertThat(v).contains("fixtures.modulemap.eventstore.postgres.PgStore")
                        .contains("fixtures.modulemap.eventstore.internal.SegmentFile"));
    }

    private static List<String> violations(List<ArchRule> rules) {
        return rules.stream()
                .map(rule -> rule.evaluate(FIXTURE))
                .filter(EvaluationResult::hasViolation)
                .flatMap(r -> r.getFailureReport().getDetails().stream())
                .collect(Collectors.toList());
    }
}
