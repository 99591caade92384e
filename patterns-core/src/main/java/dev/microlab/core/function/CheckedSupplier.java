package dev.microlab.core.function;

/**
 * A {@link java.util.function.Supplier} that may throw a checked exception: the shape of a
 * remote call ({@code () -> client.send(request)}) that every resilience policy decorates.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface CheckedSupplier<T> {

    /** Produces the result, or throws what the call threw. */
    T get() throws Exception;
}
