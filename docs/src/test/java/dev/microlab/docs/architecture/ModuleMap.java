package dev.microlab.docs.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The module map of {@code ARCHITECTURE.md}, as ArchUnit rules over packages.
 *
 * <p>Maven already refuses a dependency that a module's pom does not declare; these rules
 * also catch what Maven cannot see: a package cycle, or a class reaching into another
 * module's {@code internal} package. The rules take the base package as a parameter so that
 * {@code ModuleMapTest} can prove them on a deliberately broken fixture.
 */
final class ModuleMap {

    /** Each module's package (under the base package) and the modules it may use. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("core", Set.of());
        ALLOWED.put("circuitbreaker", Set.of("core"));
        ALLOWED.put("eventstore", Set.of("core"));
        ALLOWED.put("registry", Set.of("core"));
        ALLOWED.put("cqrs", Set.of("core", "eventstore"));
        ALLOWED.put("saga", Set.of("core", "eventstore"));
        ALLOWED.put("observability", Set.of("core", "circuitbreaker", "eventstore", "registry", "cqrs", "saga",
                "messaging"));
        ALLOWED.put("messaging", Set.of("core", "eventstore"));
        ALLOWED.put("rabbitmq", Set.of("core", "messaging")); // the messaging-rabbitmq module
        // archunit-rules: a rule library on ArchUnit alone; docs, exercises and solutions use it.
        ALLOWED.put("archunit", Set.of());
        // a module nested in another's package: eventstore's own classes must not use it
        ALLOWED.put("eventstore.postgres", Set.of("core", "eventstore"));
        ALLOWED.put("gateway", Set.of("core", "circuitbreaker", "registry", "observability"));
    }

    /**
     * The modules that may use {@code core.internal}, patterns-core's shared helpers (unwrapping
     * and cancelling stages, saturating nanoseconds, argument checks): patterns-core's
     * module-info exports that package to exactly these modules and to no one else, as the JDK
     * shares {@code jdk.internal.*}. No other module's {@code internal} package has friends.
     */
    static final Set<String> CORE_INTERNAL_USERS = Set.of("circuitbreaker", "cqrs", "eventstore", "registry",
            "saga");

    /** Packages that no pattern module may use: they sit on top of the patterns. */
    static final List<String> TOP_LEVEL = List.of("docs", "exercises", "benchmarks", "examples");

    private ModuleMap() {
    }

    /** One rule per forbidden module edge, e.g. "core must not depend on circuitbreaker". */
    static List<ArchRule> dependencyRules(String base) {
        List<ArchRule> rules = new ArrayList<>();
        List<String> everyModule = new ArrayList<>(ALLOWED.keySet());
        everyModule.addAll(TOP_LEVEL);
        ALLOWED.forEach((module, allowed) -> {
            for (String other : everyModule) {
                if (other.equals(module) || allowed.contains(other)) {
                    continue;
                }
                rules.add(noClasses().that(classesOf(base, module))
                        .should().dependOnClassesThat().resideInAPackage(base + "." + other + "..")
                        .allowEmptyShould(true)
                        .because("the module map (ARCHITECTURE.md) lets '" + module + "' use only "
                                + (allowed.isEmpty() ? "the JDK and its libraries" : allowed)
                                + "; move the shared code down into one of those, or invert the dependency"));
            }
        });
        return rules;
    }

    /** No cycle between the top-level packages of the modules. */
    static ArchRule noCycles(String base) {
        return slices().matching(base + ".(*)..").should().beFreeOfCycles()
                .allowEmptyShould(true)
                .because("a cycle between modules means neither can be understood, tested or released alone");
    }

    /**
     * Nothing outside a module imports its {@code internal} package; {@code core.internal} is
     * open to the {@link #CORE_INTERNAL_USERS} too.
     */
    static List<ArchRule> internalRules(String base) {
        List<ArchRule> rules = new ArrayList<>();
        for (String module : ALLOWED.keySet()) {
            DescribedPredicate<JavaClass> mayUse = classesOf(base, module);
            String because = "'" + module + ".internal' is an implementation detail of " + module
                    + "; use its public API in " + base + "." + module + " instead";
            if (module.equals("core")) {
                for (String user : CORE_INTERNAL_USERS) {
                    mayUse = mayUse.or(classesOf(base, user));
                }
                mayUse = mayUse.as("classes of core or of its internal package's users " + CORE_INTERNAL_USERS);
                because = "'core.internal' holds patterns-core's shared helpers for the microlab modules "
                        + CORE_INTERNAL_USERS + " only (patterns-core's module-info exports it to them alone);"
                        + " elsewhere use the public API in " + base + ".core";
            }
            rules.add(noClasses().that(not(mayUse))
                    .should().dependOnClassesThat().resideInAPackage(base + "." + module + ".internal..")
                    .allowEmptyShould(true)
                    .because(because));
        }
        return rules;
    }

    /**
     * The classes of {@code module}: its package tree, minus the modules nested in it
     * (eventstore.postgres lives under eventstore but is a module of its own).
     */
    static DescribedPredicate<JavaClass> classesOf(String base, String module) {
        DescribedPredicate<JavaClass> own = resideInAPackage(base + "." + module + "..");
        for (String other : ALLOWED.keySet()) {
            if (other.startsWith(module + ".")) {
                own = own.and(not(resideInAPackage(base + "." + other + "..")));
            }
        }
        return own.as("classes of module " + module);
    }

    static List<ArchRule> all(String base) {
        List<ArchRule> rules = new ArrayList<>(dependencyRules(base));
        rules.add(noCycles(base));
        rules.addAll(internalRules(base));
        return rules;
    }
}
