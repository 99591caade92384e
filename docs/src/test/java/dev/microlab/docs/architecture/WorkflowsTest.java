package dev.microlab.docs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflows cannot run on the build machines, so this test keeps them honest: they
 * parse, every script they call exists in the repository (and is executable when called as
 * {@code ./x}), and the CI workflow covers the Java versions and servers the project promises.
 */
@DisplayName("the GitHub workflows")
class WorkflowsTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path WORKFLOWS = REPO.resolve(".github/workflows");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** A repository script as a command: {@code ./mvnw}, {@code benchmarks/run}, {@code bash .ci/x}. */
    private static final Pattern SCRIPT = Pattern.compile("(?:^|[\\s|&;(])(?:bash\\s+)?(\\./[\\w./-]+|[\\w-]+/run|\\.ci/[\\w-]+)");

    @Test
    @DisplayName("ci.yml builds on JDK 17, 21 and 25 with PostgreSQL and RabbitMQ as job services, with CI=true")
    void ciCoversTheVersionsAndServers() throws IOException {
        JsonNode build = read("ci.yml").path("jobs").path("build");

        List<String> versions = new ArrayList<>();
        build.path("strategy").path("matrix").path("java").forEach(v -> versions.add(v.asText()));
        assertThat(versions).as("the JDK matrix").containsExactly("17", "21", "25");
        assertThat(build.path("services").has("postgres")).as("a PostgreSQL job service").isTrue();
        assertThat(build.path("services").has("rabbitmq")).as("a RabbitMQ job service").isTrue();
        assertThat(build.path("env").path("CI").asText()).as("CI=true, so a missing server fails").isEqualTo("true");
        assertThat(runs(read("ci.yml"))).as("the commands ci.yml runs")
                .anySatisfy(r -> assertThat(r).contains("./mvnw").contains("verify"))
                .anySatisfy(r -> assertThat(r).contains("benchmarks/run"))
                .anySatisfy(r -> assertThat(r).contains("./grade"));
    }

    @Test
    @DisplayName("classroom.yml grades with ./grade and publishes the report as the job summary")
    void classroomGrades() throws IOException {
        List<String> runs = runs(read("classroom.yml"));
        assertThat(runs).anySatisfy(r -> assertThat(r).contains("./grade"))
                .anySatisfy(r -> assertThat(r).contains("GITHUB_STEP_SUMMARY").contains("report.txt"));
    }

    @Test
    @DisplayName("every script a workflow runs exists in the repository, and ./x scripts are executable")
    void everyCommandExists() throws IOException {
        List<String> checked = new ArrayList<>();
        try (var files = Files.list(WORKFLOWS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                for (String run : runs(YAML.readTree(file.toFile()))) {
                    Matcher m = SCRIPT.matcher(run);
                    while (m.find()) {
                        String script = m.group(1);
                        Path path = REPO.resolve(script.startsWith("./") ? script.substring(2) : script);
                        assertThat(path).as("%s runs %s, which must exist in the repository", file.getFileName(), script)
                                .isRegularFile();
                        if (script.startsWith("./")) {
                            assertThat(Files.isExecutable(path)).as("%s is executable", script).isTrue();
                        }
                        checked.add(script);
                    }
                }
            }
        }
        assertThat(checked).as("scripts found in the workflows").contains("./mvnw", "./grade", "benchmarks/run");
    }

    @Test
    @DisplayName("workflows use only the official checkout, setup-java and upload-artifact actions, pinned to a major version")
    void actionsArePinned() throws IOException {
        try (var files = Files.list(WORKFLOWS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                YAML.readTree(file.toFile()).path("jobs").forEach(job -> job.path("steps").forEach(step -> {
                    if (step.has("uses")) {
                        assertThat(step.get("uses").asText()).as("an action used in %s", file.getFileName())
                                .matches("actions/(checkout|setup-java|upload-artifact)@v\\d+");
                    }
                }));
            }
        }
    }

    private static JsonNode read(String name) throws IOException {
        return YAML.readTree(WORKFLOWS.resolve(name).toFile());
    }

    private static List<String> runs(JsonNode workflow) {
        List<String> runs = new ArrayList<>();
        workflow.path("jobs").forEach(job -> job.path("steps").forEach(step -> {
            if (step.has("run")) {
                runs.add(step.get("run").asText());
            }
        }));
        assertThat(runs).as("run steps").isNotEmpty();
        return runs;
    }
}
