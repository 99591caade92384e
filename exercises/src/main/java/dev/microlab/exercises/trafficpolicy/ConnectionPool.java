package dev.microlab.exercises.trafficpolicy;

import dev.microlab.core.function.CheckedSupplier;

/**
 * Exercise 3, part 2: a connection-pool limit, as a service mesh's {@code connectionPool.tcp.maxConnections}.
 * Instructions: {@code exercises/instructions/03-traffic-policy/README.md}.
 *
 * <p>At most {@code maxConnections} calls run at once; one more is rejected at once with
 * {@link ConnectionPoolFullException}, without running. A connection is given back when its
 * call ends, however it ends.
 *
 * <pre>{@code
 * ConnectionPool pool = new ConnectionPool(10);
 * User user = pool.execute(() -> client.getUser("42"));
 * }</pre>
 */
public final class ConnectionPool {

    /** @throws IllegalArgumentException if {@code maxConnections < 1} */
    public ConnectionPool(int maxConnections) {
        throw new UnsupportedOperationException("TODO: validate and keep maxConnections");
    }

    /**
     * Runs {@code call} on a connection of the pool.
     *
     * @throws ConnectionPoolFullException if every connection is in use; {@code call} did not run
     * @throws Exception                   what {@code call} threw, unchanged
     */
    public <T> T execute(CheckedSupplier<T> call) throws Exception {
        throw new UnsupportedOperationException("TODO: take a connection or reject; run; always give it back");
    }

    /** How many connections are in use right now. */
    public int inUse() {
        throw new UnsupportedOperationException("TODO: the connections in use");
    }
}
