package dev.microlab.docs;

import dev.microlab.docs.diagram.Diagram;
import dev.microlab.docs.scenario.EventStoreScenario;
import dev.microlab.docs.scenario.Narrator;
import dev.microlab.docs.scenario.Scenario;
import dev.microlab.docs.scenario.Scenarios;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runnable catalog: the README's first command starts here.
 *
 * <pre>
 * list                       the patterns, their modules, guides and runnable scenarios (default)
 * run &lt;scenario|pattern&gt;     plays one scenario on the real library, narrated on a virtual clock
 * tour                       plays every scenario, in order
 * diagram &lt;scenario|pattern&gt; prints only the Mermaid diagrams the scenario draws
 * run shop --http [--keep-running]  the shop's services as five JVMs over real HTTP, behind the api-gateway
 * --mermaid                  with run or tour: also print the diagrams after each story
 * --postgres[=jdbc url]      with run event-store: play it on a real PostgreSQL
 * </pre>
 *
 * <p>From Maven: {@code ./mvnw -q -pl docs -am test-compile exec:java -Dexec.args="run resilience"}.
 * Scenarios are registered in {@link Scenarios}; see {@code docs/README.md}.
 *
 * <p>This class is threadsafe (it holds no mutable state).
 */
public final class Catalog {

    /** One entry of the catalog. */
    public record Pattern(String name, String module, String summary, String guide) {
    }

    /** Every pattern in the catalog, in the order a newcomer should meet them. */
    public static final List<Pattern> PATTERNS = List.of(
            new Pattern("circuit-breaker", "circuit-breaker",
                    "stop calling a failing dependency, try again after a wait", "docs/circuit-breaker.md"),
            new Pattern("retry", "patterns-core",
                    "retry a failed call with backoff and jitter", "docs/resilience.md"),
            new Pattern("bulkhead", "patterns-core",
                    "cap concurrent calls so one slow dependency cannot take every thread", "docs/resilience.md"),
            new Pattern("rate-limiter", "patterns-core",
                    "token bucket: a steady rate with a bounded burst", "docs/resilience.md"),
            new Pattern("timeout", "patterns-core",
                    "give up on a late call and cancel its work", "docs/resilience.md"),
            new Pattern("event-store", "event-store",
                    "event sourcing: append-only streams with optimistic concurrency", "docs/event-store.md"),
            new Pattern("cqrs", "cqrs",
                    "separate the write model (aggregates) from read models (projections)", "docs/cqrs.md"),
            new Pattern("saga", "saga",
                    "a multi-service transaction as steps with compensations", "docs/saga.md"),
            new Pattern("service-registry", "service-registry",
                    "discovery, health checks, load balancing and outlier detection", "docs/service-registry.md"),
            new Pattern("observability", "observability",
                    "metrics, traces and correlation ids for every pattern (Micrometer, OpenTelemetry)",
                    "docs/observability.md"),
            new Pattern("messaging", "messaging",
                    "exchanges, acks, dead letters, retries with backoff, outbox and inbox", "docs/messaging.md"));

    private static final String MERMAID = "--mermaid";

    private Catalog() {
    }

    /** Entry point: {@code list} (the default), {@code run}, {@code tour}, {@code diagram}, {@code help}. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs one catalog command, writing to {@code out}; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, Scenarios.all(), out, err);
    }

    /** {@link #run(String[], PrintStream, PrintStream)} over a given list of scenarios (for tests). */
    static int run(String[] args, List<Scenario> scenarios, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>(List.of(args));
        boolean mermaid = words.remove(MERMAID);
        Optional<String> postgres = words.stream().filter(PostgresBackend::isFlag).findFirst();
        postgres.ifPresent(words::remove);
        String command = words.isEmpty() ? "list" : words.get(0);
        List<String> rest = words.isEmpty() ? List.of() : words.subList(1, words.size());
        switch (command) {
            case "list":
                list(scenarios, out);
                return 0;
            case "run":
            case "diagram":
                if (command.equals("run") && rest.size() >= 2 && rest.get(0).equals("shop") && rest.get(1).equals("--http")) {
                    return shopOverHttp(rest.contains("--keep-running"), out, err);
                }
                if (rest.size() != 1) {
                    err.println("'" + command + "' takes one scenario or pattern name, e.g. '"
                            + command + " " + (scenarios.isEmpty() ? "foundations" : scenarios.get(0).name()) + "'.");
                    usage(err);
                    return 2;
                }
                Optional<Scenario> scenario = Scenarios.find(scenarios, rest.get(0));
                if (scenario.isEmpty()) {
                    err.println(noScenario(scenarios, rest.get(0)));
                    return 2;
                }
                if (postgres.isPresent()) {
                    return onPostgres(command, scenario.get(), PostgresBackend.fromFlag(postgres.get()), mermaid, out,
                            err);
                }
                return command.equals("run") ? play(scenario.get(), mermaid, out, err)
                        : diagrams(scenario.get(), out, err);
            case "tour":
                return tour(scenarios, mermaid, out, err);
            case "help":
            case "--help":
                usage(out);
                return 0;
            default:
                err.println("Unknown command '" + command + "'.");
                usage(err);
                return 2;
        }
    }

    /** {@code run shop --http [--keep-running]}: the shop behind the gateway, as five JVMs over real HTTP on loopback. */
    private static int shopOverHttp(boolean keepRunning, PrintStream out, PrintStream err) {
        try {
            return dev.microlab.docs.shop.HttpShopRun.run(keepRunning, System.in, out);
        } catch (Exception e) {
            err.println("run shop --http failed: " + e);
            return 1;
        }
    }

    private static void list(List<Scenario> scenarios, PrintStream out) {
        out.println("microlab — microservice patterns you can run, read and benchmark");
        out.println();
        int width = PATTERNS.stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (Pattern p : PATTERNS) {
            out.printf("  %-" + width + "s  %s%n", p.name(), p.summary());
            out.printf("  %-" + width + "s  module %s, guide %s%n", "", p.module(), p.guide());
            String scenario = Scenarios.find(scenarios, p.name())
                    .map(s -> "scenario: run " + s.name())
                    .orElse("scenario: not yet (arrives with the " + p.module() + " module)");
            out.printf("  %-" + width + "s  %s%n", "", scenario);
        }
        out.println();
        out.println("Scenarios (run <name>, or tour for all):");
        int nameWidth = scenarios.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (Scenario s : scenarios) {
            out.printf("  %-" + nameWidth + "s  %s%n", s.name(), s.title());
        }
        out.println();
        out.println("Run one:  ./mvnw -q -pl docs -am test-compile exec:java -Dexec.args=\"run "
                + (scenarios.isEmpty() ? "foundations" : scenarios.get(0).name()) + "\"");
        out.println("Run all:  ./mvnw -q -pl docs -am test-compile exec:java -Dexec.args=\"tour\"");
        out.println("Run the tests: ./mvnw verify");
    }

    private static int onPostgres(String command, Scenario scenario, PostgresBackend backend, boolean mermaid,
            PrintStream out, PrintStream err) {
        if (!command.equals("run") || !scenario.name().equals("event-store")) {
            err.println(PostgresBackend.FLAG + " goes with 'run event-store' only: the other scenarios have no"
                    + " PostgreSQL backend.");
            return 2;
        }
        Optional<String> problem = backend.problem();
        if (problem.isPresent()) {
            err.println("Cannot play event-store on PostgreSQL: " + problem.get());
            return 2;
        }
        out.println("(on PostgreSQL, schema " + PostgresBackend.SCHEMA + ")");
        return play(new EventStoreScenario(backend.stores()), mermaid, out, err);
    }

    private static int tour(List<Scenario> scenarios, boolean mermaid, PrintStream out, PrintStream err) {
        out.println("microlab tour: " + scenarios.size() + " scenarios, each on its own virtual clock");
        for (Scenario scenario : scenarios) {
            out.println();
            int code = play(scenario, mermaid, out, err);
            if (code != 0) {
                return code;
            }
        }
        return 0;
    }

    private static int play(Scenario scenario, boolean mermaid, PrintStream out, PrintStream err) {
        out.println(Narrator.wrap("== ", scenario.name() + ": " + scenario.title() + " ==", Narrator.WIDTH));
        Narrator narrator = new Narrator(out::println);
        if (!runSafely(scenario, narrator, err)) {
            return 1;
        }
        out.println("-- " + narrator.milestones().size() + " milestones in "
                + Narrator.stamp(narrator.elapsed()) + " of virtual time --");
        if (mermaid) {
            printDiagrams(narrator.diagrams(), out);
        }
        return 0;
    }

    private static int diagrams(Scenario scenario, PrintStream out, PrintStream err) {
        Narrator narrator = Narrator.silent();
        if (!runSafely(scenario, narrator, err)) {
            return 1;
        }
        if (narrator.diagrams().isEmpty()) {
            err.println("Scenario '" + scenario.name() + "' draws no diagram.");
            return 1;
        }
        printDiagrams(narrator.diagrams(), out);
        return 0;
    }

    private static boolean runSafely(Scenario scenario, Narrator narrator, PrintStream err) {
        try {
            scenario.run(narrator);
            return true;
        } catch (Exception e) {
            err.println("Scenario '" + scenario.name() + "' failed after its milestones "
                    + narrator.milestoneIds() + ": " + e);
            e.printStackTrace(err);
            return false;
        }
    }

    private static void printDiagrams(List<Diagram> diagrams, PrintStream out) {
        for (Diagram d : diagrams) {
            out.println();
            out.println("<!-- " + d.title() + " -->");
            out.print(d.markdown());
        }
    }

    private static String noScenario(List<Scenario> scenarios, String name) {
        String runnable = scenarios.stream().map(Scenario::name).collect(Collectors.joining(", "));
        return PATTERNS.stream().filter(p -> p.name().equals(name)).findFirst()
                .map(p -> "Pattern '" + name + "' has no runnable scenario yet: it arrives with the "
                        + p.module() + " module. Runnable now: " + runnable + ".")
                .orElse("Unknown scenario or pattern '" + name + "'. Runnable now: " + runnable + ".");
    }

    private static void usage(PrintStream out) {
        out.println("usage: catalog [list | run <scenario|pattern> | tour | diagram <scenario|pattern> | help] [--mermaid]");
        out.println("       catalog run shop --http [--keep-running]   the shop as five JVMs over HTTP, behind the api-gateway");
        out.println("  list       the patterns, their modules, guides and scenarios (default)");
        out.println("  run NAME   play one scenario, narrated on a virtual clock");
        out.println("  tour       play every scenario in order");
        out.println("  diagram NAME  print only the Mermaid diagrams of a scenario");
        out.println("  --mermaid  with run or tour, also print the Mermaid diagrams");
        out.println("  --postgres[=JDBC_URL]  with run event-store: play it on a real PostgreSQL");
        out.println("From Maven: ./mvnw -q -pl docs -am test-compile exec:java -Dexec.args=\"run foundations\"");
    }
}
