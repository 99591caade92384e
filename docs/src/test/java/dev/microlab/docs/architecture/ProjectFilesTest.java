package dev.microlab.docs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The files a user of the library reads before the code — the architecture map, the bill of
 * materials, the license — say what the build really contains, and the repository stands alone.
 */
@DisplayName("the project's own files")
class ProjectFilesTest {

    /** The reactor modules that are not libraries: nothing to import, nothing in the bom. */
    private static final Set<String> NOT_LIBRARIES = Set.of("examples", "exercises", "solutions", "benchmarks", "docs", "bom");

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    @DisplayName("the bom lists every library module of the reactor, at the reactor's version, and nothing else")
    void bomListsEveryLibrary() throws IOException {
        String root = Files.readString(REPO.resolve("pom.xml"));
        String bom = Files.readString(REPO.resolve("bom/pom.xml"));
        String version = firstMatch(root, "<artifactId>microlab</artifactId>\\s*<version>([^<]+)</version>");

        Set<String> libraries = new TreeSet<>(modules(root));
        libraries.removeAll(NOT_LIBRARIES);
        Set<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>").matcher(
                bom.substring(bom.lastIndexOf("<dependencyManagement>")));
        while (m.find()) {
            listed.add(m.group(1));
            assertThat(m.group(2)).as("the bom's version of %s", m.group(1)).isEqualTo(version);
        }

        assertThat(listed).as("artifacts in bom/pom.xml (the library modules of the root pom are %s)", libraries)
                .isEqualTo(libraries);
        assertThat(firstMatch(bom, "<artifactId>microlab-bom</artifactId>\\s*<version>([^<]+)</version>"))
                .as("the bom's own version").isEqualTo(version);
    }

    @Test
    @DisplayName("ARCHITECTURE.md names every module of the reactor")
    void architectureMapNamesEveryModule() throws IOException {
        String map = Files.readString(REPO.resolve("ARCHITECTURE.md"));
        for (String module : modules(Files.readString(REPO.resolve("pom.xml")))) {
            assertThat(map).as("ARCHITECTURE.md mentions the module %s", module).contains(module);
        }
    }

    @Test
    @DisplayName("the license, the contributing guide and the changelog are there, and README links the map")
    void projectFilesExist() throws IOException {
        assertThat(Files.readString(REPO.resolve("LICENSE"))).contains("Apache License").contains("Version 2.0");
        assertThat(REPO.resolve("CONTRIBUTING.md")).isRegularFile();
        assertThat(Files.readString(REPO.resolve("CHANGELOG.md"))).contains("## [Unreleased]");
        assertThat(Files.readString(REPO.resolve("README.md"))).contains("(ARCHITECTURE.md)");
    }

    @Test
    @DisplayName("no file of the repository refers to a folder outside it (a user's clone has only the repository)")
    void nothingRefersOutsideTheRepository() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(REPO)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !REPO.relativize(p).toString().contains("target"))
                    .filter(p -> !REPO.relativize(p).toString().contains("node_modules"))
                    .filter(p -> !REPO.relativize(p).startsWith(".git"))
                    .filter(p -> p.toString().matches(".*\\.(md|java|xml|yml|yaml|sh|properties)$")
                            || p.getFileName().toString().equals("run") || p.getFileName().toString().equals("grade"))
                    .forEach(p -> {
                        try {
                            if (Files.readString(p).contains("../" + "shared")) {
                                offenders.add(REPO.relativize(p).toString());
                            }
                        } catch (IOException e) {
                            offenders.add(p + " (unreadable: " + e.getMessage() + ")");
                        }
                    });
        }
        assertThat(offenders).as("files that refer to a folder beside the repository").isEmpty();
    }

    private static List<String> modules(String pom) {
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        while (m.find()) {
            modules.add(m.group(1));
        }
        assertThat(modules).as("modules of the root pom").isNotEmpty();
        return modules;
    }

    private static String firstMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s found", regex).isTrue();
        return m.group(1);
    }
}
