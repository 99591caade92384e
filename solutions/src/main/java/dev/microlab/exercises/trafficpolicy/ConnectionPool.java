package dev.microlab.exercises.trafficpolicy;

import dev.microlab.core.function.CheckedSupplier;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exercise 3, part 2: a connection-pool limit, as a service mesh's {@code connectionPool.tcp.maxConnections}.
 *
 * <p>At most {@code maxConnections} calls run at once; one more is rejected at once with
 * {@link ConnectionPoolFullException}, without running. A connection is given back when its
 * call ends, however it ends.
 *
 * <pre>{@code
 * ConnectionPool pool = new ConnectionPool(10);
 * User user = pool.execute(() -> client.getUser("42"));
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class ConnectionPool {

    private final int maxConnections;
    private final AtomicInteger inUse = new AtomicInteger();

    /** @throws IllegalArgumentException if {@code maxConnections < 1} */
    public ConnectionPool(int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, but was " + maxConnections);
        }
        this.maxConnections = maxConnections;
    }

    /**
     * Runs {@code call} on a connection of the pool.
     *
     * @throws ConnectionPoolFullException if every connection is in use; {@code call} did not run
     * @throws Exception                   what {@code call} threw, unchanged
     */
    public <T> T execute(CheckedSupplier<T> call) throws Exception {
        Objects.requireNonNull(call, "call must not be null");
        int current;
        do {
            current = inUse.get();
            if (current >= maxConnections) {
                throw new ConnectionPoolFullException(maxConnections);
            }
        } while (!inUse.compareAndSet(current, current + 1));
        try {
            return call.get();
        } finally {
            inUse.decrementAndGet();
        }
    }

    /** How many connections are in use right now. */
    public int inUse() {
        return inUse.get();
    }
}
