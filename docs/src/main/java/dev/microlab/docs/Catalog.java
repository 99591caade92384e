package dev.microlab.docs;

import java.io.PrintStream;
import java.util.List;

/**
 * The runnable catalog: the README's first command starts here.
 *
 * <p>{@code list} shows the patterns microlab implements, the module each lives in and the
 * guide that explains it. Scenarios that run each pattern on the real library are added as
 * the pattern modules land (see {@code docs/README.md}).
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
                    "discovery, health checks, load balancing and outlier detection", "docs/service-registry.md"));

    private Catalog() {
    }

    /** Entry point: {@code list} (the default) prints the catalog. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs one catalog command, writing to {@code out}; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "list" : args[0];
        switch (command) {
            case "list":
                list(out);
                return 0;
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

    private static void list(PrintStream out) {
        out.println("microlab — microservice patterns you can run, read and benchmark");
        out.println();
        int width = PATTERNS.stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (Pattern p : PATTERNS) {
            out.printf("  %-" + width + "s  %s%n", p.name(), p.summary());
            out.printf("  %-" + width + "s  module %s, guide %s%n", "", p.module(), p.guide());
        }
        out.println();
        out.println("Run the tests: ./mvnw verify");
    }

    private static void usage(PrintStream out) {
        out.println("usage: catalog [list | help]");
        out.println("  list   the patterns, their modules and guides (default)");
    }
}
