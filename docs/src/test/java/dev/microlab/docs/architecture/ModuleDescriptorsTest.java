package dev.microlab.docs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The library modules' {@code module-info.java}, checked the way a user on the module path meets
 * them: the modules docs depends on are resolved and instantiated in a module layer of their own
 * (with the libraries they require, taken from the test class path): every API package is
 * exported, no {@code internal} (or example) package is, and the graph resolves at run time with
 * the real SLF4J, Jackson, Micrometer, OpenTelemetry, ArchUnit, pgjdbc, HikariCP, Nimbus
 * JOSE+JWT and RabbitMQ client jars.
 *
 * <p>The tests themselves run on the class path (see the root pom), so this is where the
 * descriptors meet a real module graph.
 */
@DisplayName("The library modules' module-info.java")
class ModuleDescriptorsTest {

    private static final String PREFIX = "dev.microlab.";
    /** Library modules docs depends on; a new library module docs uses joins this list. */
    private static final Set<String> LIBRARY_MODULES = Set.of("dev.microlab.core", "dev.microlab.circuitbreaker",
            "dev.microlab.eventstore", "dev.microlab.registry", "dev.microlab.cqrs", "dev.microlab.saga",
            "dev.microlab.messaging", "dev.microlab.rabbitmq", "dev.microlab.observability", "dev.microlab.archunit",
            "dev.microlab.eventstore.postgres", "dev.microlab.gateway");

    private static ModuleLayer layer;

    @BeforeAll
    static void resolveTheLibraryModules() {
        // Every class path entry that is a module (a jar, or a folder with a module-info.class),
        // by module name. Folders without a descriptor (test classes) are not modules.
        Map<String, Path> modules = new HashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            boolean module = Files.isRegularFile(path) && entry.endsWith(".jar")
                    || Files.isRegularFile(path.resolve("module-info.class"));
            if (!module) {
                continue;
            }
            try {
                for (ModuleReference reference : ModuleFinder.of(path).findAll()) {
                    modules.putIfAbsent(reference.descriptor().name(), path);
                }
            } catch (RuntimeException notAModule) {
                // a jar whose automatic module name cannot be derived: no library module needs it
            }
        }
        assertThat(modules.keySet()).as("the library modules on docs' test class path carry a module-info.class")
                .containsAll(LIBRARY_MODULES);

        // Only what the library modules require, transitively: on a user's module path there is no more.
        Set<Path> needed = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(LIBRARY_MODULES);
        Set<String> seen = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name) || ModuleLayer.boot().findModule(name).isPresent()
                    || ModuleFinder.ofSystem().find(name).isPresent()) {
                continue;
            }
            Path path = modules.get(name);
            if (path == null) {
                missing.add(name);
                continue;
            }
            needed.add(path);
            ModuleDescriptor descriptor = ModuleFinder.of(path).find(name).orElseThrow().descriptor();
            descriptor.requires().stream()
                    .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                    .forEach(r -> todo.push(r.name()));
        }
        assertThat(missing).as("modules required by a module-info.java but found nowhere on docs' class path")
                .isEmpty();

        ModuleFinder finder = ModuleFinder.of(needed.toArray(Path[]::new));
        Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(),
                LIBRARY_MODULES);
        layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    }

    @Test
    @DisplayName("resolve into one module graph with the libraries they require")
    void resolve() {
        assertThat(layer.modules().stream().map(Module::getName).collect(Collectors.toSet()))
                .as("the modules of the layer").containsAll(LIBRARY_MODULES)
                .contains("org.slf4j", "com.fasterxml.jackson.databind", "org.postgresql.jdbc", "com.zaxxer.hikari",
                        "com.nimbusds.jose.jwt", "com.fasterxml.jackson.dataformat.yaml");
    }

    @Test
    @DisplayName("export no internal package to a user's module, and every other package to everyone")
    void exportOnlyTheApi() {
        for (Module module : layer.modules()) {
            if (!module.getName().startsWith(PREFIX)) {
                continue;
            }
            for (String pkg : module.getPackages()) {
                boolean internal = pkg.contains(".internal") || pkg.contains(".example");
                assertThat(module.isExported(pkg))
                        .as("%s exports %s (internal and example packages are not API; every other package is)",
                                module.getName(), pkg)
                        .isEqualTo(!internal);
                if (internal) {
                    // A qualified export to microlab's own modules is allowed (core.internal's shared
                    // helpers, see ARCHITECTURE.md "Packages"): a user's module still cannot read it.
                    for (ModuleDescriptor.Exports exports : module.getDescriptor().exports()) {
                        if (exports.source().equals(pkg)) {
                            assertThat(exports.targets()).as("%s exports %s to %s: only qualified exports "
                                    + "to microlab modules", module.getName(), pkg, exports.targets())
                                    .isNotEmpty().allMatch(target -> target.startsWith(PREFIX));
                        }
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("keep internal classes out of reach of a user's module")
    void internalClassesAreNotReachable() throws Exception {
        Module eventStore = layer.findModule("dev.microlab.eventstore").orElseThrow();
        Module user = layer.findModule("dev.microlab.cqrs").orElseThrow();
        assertThat(user.canRead(eventStore)).as("cqrs reads the event store").isTrue();
        assertThat(eventStore.isExported("dev.microlab.eventstore", user)).as("the API is exported").isTrue();
        String internal = eventStore.getPackages().stream().filter(p -> p.endsWith(".internal")).findFirst()
                .orElseThrow(() -> new AssertionError("event-store has no internal package to check"));
        assertThat(eventStore.isExported(internal, user)).as("%s is not exported to other modules", internal)
                .isFalse();
    }
}
