package dev.microlab.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * ArchUnit rules that keep services apart and code honest: the reference shop applies them in
 * the build, the boundaries exercise is graded by them, and any application built from
 * microlab's patterns can reuse them.
 *
 * <p>A <em>service</em> is a direct sub-package of a base package ({@code shop.order},
 * {@code shop.payment}). Inside it, the {@code api} package (and its sub-packages) is what
 * other services may use: commands, queries, events, DTOs and client interfaces. Everything
 * else, in particular {@code internal} and {@code persistence}, belongs to the service alone.
 * Classes directly in the base package are the composition root that wires services together:
 * the root may use any service's internals, but no service may use the root (otherwise a
 * helper placed there would be a back door from one service into another's internals).
 *
 * <pre>{@code
 * JavaClasses shop = new ClassFileImporter().importPackages("dev.microlab.docs.shop");
 * ServiceBoundaryRules.Services services = ServiceBoundaryRules.forServicesIn("dev.microlab.docs.shop");
 * services.all().forEach(rule -> rule.check(shop));
 *
 * JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
 *         .importPackages("dev.microlab");
 * ServiceBoundaryRules.NO_THREAD_SLEEP_IN_TESTS.check(tests);
 * }</pre>
 *
 * <p>The rules that do not depend on a base package are constants; the service rules come from
 * {@link #forServicesIn(String)}. Each violation names the class, the line and what to do
 * instead. A mistyped base package fails rather than passing vacuously: a service rule that
 * matches no class is a violation.
 *
 * <p>This class is threadsafe: every rule is immutable.
 */
public final class ServiceBoundaryRules {

    /** The package of a service that other services may use. */
    public static final String API_PACKAGE = "api";

    /** Packages that hold a service's data; no other service may touch them. */
    public static final Set<String> PRIVATE_DATA_PACKAGES = Set.of("internal", "persistence");

    /**
     * No {@code Thread.sleep} or {@code TimeUnit.sleep} in the classes it is checked on: check
     * it on test classes (e.g. imported with {@code ImportOption.Predefined.ONLY_INCLUDE_TESTS}).
     */
    public static final ArchRule NO_THREAD_SLEEP_IN_TESTS = noClasses()
            .should().callMethod(Thread.class, "sleep", long.class)
            .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
            .orShould().callMethod("java.lang.Thread", "sleep", "java.time.Duration")
            .orShould().callMethod(TimeUnit.class, "sleep", long.class)
            .as("tests should not sleep")
            .because("a test that sleeps is slow and still flaky: move a ManualTimeSource or ManualScheduler"
                    + " forward instead, give blocking code ManualTimeSource.sleeper(), and use Awaitility"
                    + " only to wait for truly asynchronous work");

    /**
     * No printing to {@code System.out}/{@code System.err} (nor {@code printStackTrace()}) in the
     * classes it is checked on, except program entry points: check it on main (library) classes.
     * A class that declares {@code public static void main(String[])}, and its nested classes,
     * own the console and are exempt.
     */
    public static final ArchRule NO_STANDARD_STREAMS_IN_LIBRARY_CODE = noClasses()
            .that(DescribedPredicate.not(declareAMainMethod()))
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().callMethodWhere(DescribedPredicate.describe("target is printStackTrace() of a Throwable",
                    (JavaMethodCall call) -> call.getTarget().getName().equals("printStackTrace")
                            && call.getTarget().getRawParameterTypes().isEmpty()
                            && call.getTargetOwner().isAssignableTo(Throwable.class)))
            .as("library code should not print to the standard streams")
            .because("a library cannot know where its user's output goes: log through SLF4J"
                    + " (org.slf4j.LoggerFactory.getLogger(...)), or take a PrintStream/Consumer<String>"
                    + " from the caller; only a program's main class owns System.out");

    /**
     * Everything a service publishes is immutable: every class in an {@code ..api..} package
     * (events, commands, queries, DTOs, records or not, nested classes included) has only final
     * instance fields, no setters, and no field of a type that is mutable by construction (arrays,
     * {@code java.util.Date}, {@code ArrayList}, {@code HashMap} and the like). Interfaces are
     * exempt; enums are checked like classes (their constants are static, their instance fields
     * are not); exceptions (subclasses of {@code Throwable}) inherit mutable state they cannot
     * avoid, so only their own declared fields and methods are checked.
     */
    public static final ArchRule API_TYPES_ARE_IMMUTABLE = immutability("..api..");

    private static final Set<String> MUTABLE_TYPES = Set.of(
            "java.util.Date", "java.util.Calendar", "java.util.ArrayList", "java.util.LinkedList",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet",
            "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.ArrayDeque",
            "java.lang.StringBuilder", "java.util.concurrent.atomic.AtomicInteger",
            "java.util.concurrent.atomic.AtomicLong", "java.util.concurrent.atomic.AtomicReference");

    private ServiceBoundaryRules() {
    }

    /**
     * The service rules for the services under {@code basePackage}, e.g.
     * {@code forServicesIn("dev.microlab.docs.shop")}.
     *
     * @throws IllegalArgumentException if {@code basePackage} is not a dotted Java package name
     */
    public static Services forServicesIn(String basePackage) {
        return new Services(basePackage);
    }

    /**
     * The service-to-service rules for one base package. Obtain with
     * {@link ServiceBoundaryRules#forServicesIn(String)}.
     *
     * <p>This class is threadsafe: its rules are built once and immutable.
     */
    public static final class Services {

        private final String base;
        private final ArchRule onlyThroughApi;
        private final ArchRule noForeignPersistence;
        private final ArchRule noCycles;
        private final ArchRule immutableApi;
        private final ArchRule rootOnTop;
        private final ArchRule apiOnlyContract;

        private Services(String base) {
            Objects.requireNonNull(base, "basePackage must not be null");
            if (!base.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
                throw new IllegalArgumentException(
                        "basePackage must be a dotted Java package name like 'com.acme.shop', but was '" + base + "'");
            }
            this.base = base;
            this.onlyThroughApi = classes().that().resideInAPackage(base + ".*..")
                    .should(new ServiceAccessCondition(base, false))
                    .as("services under " + base + " should use each other only through their api packages");
            this.noForeignPersistence = classes().that().resideInAPackage(base + ".*..")
                    .should(new ServiceAccessCondition(base, true))
                    .as("services under " + base + " should not reach another service's "
                            + String.join(" or ", PRIVATE_DATA_PACKAGES.stream().sorted().toList()) + " packages");
            this.noCycles = slices().matching(base + ".(*)..").namingSlices("service '$1'")
                    .should().beFreeOfCycles()
                    .as("services under " + base + " should not depend on each other in a cycle")
                    .because("services in a cycle cannot be deployed, versioned or understood alone: let one side"
                            + " publish an event the other subscribes to, or move the shared contract into one"
                            + " service's api");
            this.immutableApi = immutability(base + "..api..");
            this.rootOnTop = classes().that().resideInAPackage(base + ".*..")
                    .should(new CompositionRootCondition(base))
                    .as("services under " + base + " should not depend on the composition root (classes directly in "
                            + base + ")");
            this.apiOnlyContract = classes().that().resideInAPackage(base + ".*." + API_PACKAGE + "..")
                    .should(new ApiContractCondition(base))
                    .as("api packages of the services under " + base + " should hold only the contract"
                            + " (interfaces, immutable values, exceptions), never an implementation or a class that"
                            + " reaches a service's internals")
                    .allowEmptyShould(true);
        }

        /** The base package the services live under. */
        public String basePackage() {
            return base;
        }

        /** A service uses another service only through the other's {@code api} package. */
        public ArchRule talkOnlyThroughApi() {
            return onlyThroughApi;
        }

        /** No service touches another service's {@code internal} or {@code persistence} package. */
        public ArchRule keepPersistencePrivate() {
            return noForeignPersistence;
        }

        /** The services' dependencies form no cycle (counting api-to-api dependencies too). */
        public ArchRule beFreeOfCycles() {
            return noCycles;
        }

        /** {@link #API_TYPES_ARE_IMMUTABLE}, restricted to these services' api packages. */
        public ArchRule apiTypesAreImmutable() {
            return immutableApi;
        }

        /**
         * No service class depends on a class directly in the base package: the composition root
         * depends on the services, never the other way round.
         */
        public ArchRule notDependOnCompositionRoot() {
            return rootOnTop;
        }

        /**
         * An {@code api} package holds only the contract: interfaces, immutable values (records,
         * enums, final classes: see {@link #apiTypesAreImmutable()}) and exceptions. No api class
         * depends on a non-api package of any service (its own included), and no plain class in an
         * api implements an api interface. So an implementation moved into {@code api} (the class
         * that reaches the store) breaks this rule, although every other service then "only uses
         * the api".
         */
        public ArchRule apiHoldsOnlyTheContract() {
            return apiOnlyContract;
        }

        /** Every service rule, in the order above. */
        public List<ArchRule> all() {
            return List.of(onlyThroughApi, noForeignPersistence, noCycles, immutableApi, rootOnTop, apiOnlyContract);
        }

        @Override
        public String toString() {
            return "ServiceBoundaryRules.forServicesIn(\"" + base + "\")";
        }
    }

    /** Checks each dependency leaving a service: into another service, only its api (or not its data). */
    private static final class ServiceAccessCondition extends ArchCondition<JavaClass> {

        private final String base;
        private final boolean dataOnly;

        ServiceAccessCondition(String base, boolean dataOnly) {
            super(dataOnly ? "not touch another service's internal or persistence packages"
                    : "use other services only through their api packages");
            this.base = base;
            this.dataOnly = dataOnly;
        }

        @Override
        public void check(JavaClass origin, ConditionEvents events) {
            Optional<String> from = serviceOf(base, origin.getPackageName());
            if (from.isEmpty()) {
                return;
            }
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                Optional<String> to = serviceOf(base, target.getPackageName());
                if (to.isEmpty() || to.get().equals(from.get())) {
                    continue;
                }
                String area = areaOf(base, to.get(), target.getPackageName());
                if (dataOnly ? PRIVATE_DATA_PACKAGES.contains(area) : !area.equals(API_PACKAGE)) {
                    events.add(SimpleConditionEvent.violated(dependency, message(dependency, from.get(), to.get(), area)));
                }
            }
        }

        private String message(Dependency dependency, String from, String to, String area) {
            String where = area.isEmpty() ? "the root package of '" + to + "'" : "'" + to + "." + area + "'";
            String advice = dataOnly
                    ? "database per service: '" + to + "' alone owns its data. Ask it through "
                            + base + "." + to + ".api (a query or command), or keep a local copy fed by its events"
                    : "service '" + from + "' may use '" + to + "' only through " + base + "." + to + ".api."
                            + " Add what '" + from + "' needs to that api (a command, query, event, DTO or client"
                            + " interface), or move the code into '" + from + "'";
            return "Service '" + from + "' reaches into " + where + ": " + dependency.getDescription() + " — " + advice;
        }
    }

    /** An api class is a contract type, and reaches no service's non-api package (not even its own). */
    private static final class ApiContractCondition extends ArchCondition<JavaClass> {

        private final String base;

        ApiContractCondition(String base) {
            super("be contract types (interfaces, values, exceptions), not implementations, and use no service's internals");
            this.base = base;
        }

        @Override
        public void check(JavaClass origin, ConditionEvents events) {
            Optional<String> service = serviceOf(base, origin.getPackageName());
            if (service.isEmpty()) {
                return;
            }
            String home = base + "." + service.get();
            boolean value = origin.isInterface() || origin.isRecord() || origin.isEnum() || origin.isAnnotation()
                    || origin.isAssignableTo(Throwable.class);
            if (!value) {
                for (JavaClass implemented : origin.getAllRawInterfaces()) {
                    Optional<String> owner = serviceOf(base, implemented.getPackageName());
                    if (owner.isPresent() && areaOf(base, owner.get(), implemented.getPackageName()).equals(API_PACKAGE)) {
                        events.add(SimpleConditionEvent.violated(origin, origin.getName() + " "
                                + origin.getSourceCodeLocation() + " implements the api interface "
                                + implemented.getSimpleName() + " inside the api of '" + service.get() + "': an api"
                                + " holds only the contract (interfaces, immutable values, exceptions), not its"
                                + " implementation. Move " + origin.getSimpleName() + " into " + home + ".internal"));
                        break;
                    }
                }
            }
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                Optional<String> to = serviceOf(base, target.getPackageName());
                if (to.isEmpty()) {
                    continue;
                }
                String area = areaOf(base, to.get(), target.getPackageName());
                if (!area.equals(API_PACKAGE)) {
                    String where = area.isEmpty() ? "the root package of '" + to.get() + "'"
                            : "'" + to.get() + "." + area + "'";
                    events.add(SimpleConditionEvent.violated(dependency, "The api of '" + service.get()
                            + "' reaches into " + where + ": " + dependency.getDescription() + " — every service that"
                            + " uses this api would then depend on those internals (a store, a repository). Keep the"
                            + " api to interfaces and values; the class that uses " + target.getSimpleName()
                            + " belongs in " + base + "." + to.get() + ".internal"));
                }
            }
        }
    }

    /** Checks each dependency leaving a service: none may point into the base package itself. */
    private static final class CompositionRootCondition extends ArchCondition<JavaClass> {

        private final String base;

        CompositionRootCondition(String base) {
            super("not depend on classes directly in " + base);
            this.base = base;
        }

        @Override
        public void check(JavaClass origin, ConditionEvents events) {
            Optional<String> from = serviceOf(base, origin.getPackageName());
            if (from.isEmpty()) {
                return;
            }
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                if (target.getPackageName().equals(base)) {
                    events.add(SimpleConditionEvent.violated(dependency, "Service '" + from.get()
                            + "' depends on the composition root " + target.getName() + ": "
                            + dependency.getDescription() + " — the composition root wires the services and"
                            + " may see their internals, so a service that uses it can reach another service's"
                            + " internals through it. Move what '" + from.get() + "' needs into '" + from.get()
                            + "', or into the api of the service that owns it, and let " + base
                            + " pass it in (constructor argument or client interface)"));
                }
            }
        }
    }

    /** The service a package belongs to: its first segment below {@code base}. */
    static Optional<String> serviceOf(String base, String packageName) {
        if (!packageName.startsWith(base + ".")) {
            return Optional.empty();
        }
        String rest = packageName.substring(base.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    /** The first segment below the service's package ({@code api}, {@code internal}...), or "". */
    private static String areaOf(String base, String service, String packageName) {
        String servicePackage = base + "." + service;
        if (packageName.equals(servicePackage)) {
            return "";
        }
        String rest = packageName.substring(servicePackage.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static ArchRule immutability(String apiPackages) {
        return classes().that().resideInAPackage(apiPackages)
                .and(DescribedPredicate.not(DescribedPredicate.describe("are interfaces", JavaClass::isInterface)))
                .should(new ImmutableCondition())
                .as("classes in " + apiPackages + " (events, commands, queries, DTOs) should be immutable")
                .allowEmptyShould(true);
    }

    private static DescribedPredicate<JavaClass> declareAMainMethod() {
        return DescribedPredicate.describe("declare a main method (or are nested in a class that does)",
                ServiceBoundaryRules::declaresMainMethod);
    }

    private static boolean declaresMainMethod(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            for (JavaMethod m : k.getMethods()) {
                if (m.getName().equals("main") && m.getModifiers().contains(JavaModifier.STATIC)
                        && m.getModifiers().contains(JavaModifier.PUBLIC)
                        && m.getRawParameterTypes().size() == 1
                        && m.getRawParameterTypes().get(0).getName().equals(String[].class.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Final instance fields, no setters, no field of a mutable-by-construction type. Only what the
     * class declares is checked: a Throwable's inherited state (stack trace, cause) is not.
     */
    private static final class ImmutableCondition extends ArchCondition<JavaClass> {

        private static final String WHY = "an api type is shared between services and their listeners;"
                + " whoever changes one changes it for everyone else holding it";

        ImmutableCondition() {
            super("have only final fields of immutable types and no setters");
        }

        @Override
        public void check(JavaClass c, ConditionEvents events) {
            String at = " " + c.getSourceCodeLocation();
            for (JavaField field : c.getFields()) {
                if (field.getModifiers().contains(JavaModifier.STATIC)) {
                    continue;
                }
                if (!field.getModifiers().contains(JavaModifier.FINAL)) {
                    events.add(SimpleConditionEvent.violated(field, c.getName() + " has non-final field '"
                            + field.getName() + "'" + at + ": " + WHY + " — make the field final, or make "
                            + c.getSimpleName() + (c.isEnum() || c.isAssignableTo(Throwable.class) ? ""
                                    : " a record")));
                }
                JavaClass type = field.getRawType();
                if (type.isArray() || MUTABLE_TYPES.contains(type.getName())) {
                    events.add(SimpleConditionEvent.violated(field, c.getName() + " has field '" + field.getName()
                            + "' of mutable type " + (type.isArray() ? type.getBaseComponentType().getName() + "[]"
                                    : type.getName()) + at + ": " + WHY
                            + " — use List.copyOf/Map.copyOf/Set.copyOf (or an Instant for a Date) in the constructor"));
                }
            }
            for (JavaMethod method : c.getMethods()) {
                if (method.getName().startsWith("set") && method.getName().length() > 3
                        && Character.isUpperCase(method.getName().charAt(3))
                        && !method.getModifiers().contains(JavaModifier.STATIC)) {
                    events.add(SimpleConditionEvent.violated(method, c.getName() + " has setter "
                            + method.getName() + "(..)" + at + ": " + WHY
                            + " — remove it; to change a value, create a new instance (e.g. a 'with' method"
                            + " returning a copy)"));
                }
            }
        }
    }
}
