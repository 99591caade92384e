package dev.microlab.benchmarks.resilience;

import dev.microlab.core.function.CheckedSupplier;
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

    /**
     * {@code decorated} as a plain supplier, the way an application calls a policy-decorated
     * {@link CheckedSupplier} it holds: runtime exceptions pass through, a checked one (which
     * the payload never throws) is wrapped.
     */
    static Supplier<Object> unchecked(CheckedSupplier<Object> decorated) {
        return () -> {
            try {
                return decorated.get();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the payload threw a checked exception", e);
            }
        };
    }
}
