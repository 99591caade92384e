package dev.microlab.core.function;

/**
 * A {@link java.util.function.Function} that may throw a checked exception.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface CheckedFunction<T, R> {

    /** Applies the function, or throws what it threw. */
    R apply(T argument) throws Exception;
}
