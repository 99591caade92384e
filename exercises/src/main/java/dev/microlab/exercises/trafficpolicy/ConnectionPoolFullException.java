package dev.microlab.exercises.trafficpolicy;

/** Thrown by {@link ConnectionPool#execute} when every connection is in use; the call did not run. */
public final class ConnectionPoolFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConnectionPoolFullException(int maxConnections) {
        super("all " + maxConnections + " connections are in use");
    }
}
