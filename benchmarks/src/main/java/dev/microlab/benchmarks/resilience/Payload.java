package dev.microlab.benchmarks.resilience;

import java.util.function.Supplier;
import org.openjdk.jmh.infra.Blackhole;

/** The small, allocation-free stand-in for real work that every resilience-policy benchmark wraps. */
final class Payload {

    /** What the payload returns: a constant, so that no result is allocated per call. */
    static final Object RESULT = "ok";

    private Payload() {
    }

    /** A call that burns {@code tokens} of {@link Blackhole#consumeCPU} and returns {@link #RESULT}. */
    static Supplier<Object> of(int tokens) {
        return () -> {
            Blackhole.consumeCPU(tokens);
            return RESULT;
        };
    }
}
