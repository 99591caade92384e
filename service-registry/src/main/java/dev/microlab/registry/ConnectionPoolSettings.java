package dev.microlab.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-instance connection-pool limits, as in Istio's {@code DestinationRule.trafficPolicy.connectionPool}.
 *
 * <p>At most {@code maxConcurrentRequests} calls run against one instance; up to
 * {@code maxPendingRequests} more may wait up to {@code maxPendingWait} for a slot; any call
 * beyond that fails at once with {@link PoolOverflowException} (fail fast, the instance is never
 * touched). With {@code maxPendingRequests = 0} nothing waits. Each instance gets its own
 * patterns-core {@code Bulkhead}.
 *
 * <pre>{@code
 * // tcp.maxConnections: 10, http.http1MaxPendingRequests: 10
 * ConnectionPoolSettings pool = ConnectionPoolSettings.of(10, 10, Duration.ofMillis(250));
 * }</pre>
 *
 * <p>Records are immutable; this class is threadsafe.
 *
 * @param maxConcurrentRequests calls running at once per instance, in [1, 1000000]
 * @param maxPendingRequests    calls waiting at once per instance, in [0, 1000000]
 * @param maxPendingWait        how long a pending call waits for a slot, &gt;= 0
 */
public record ConnectionPoolSettings(int maxConcurrentRequests, int maxPendingRequests, Duration maxPendingWait) {

    /** Validates. */
    public ConnectionPoolSettings {
        if (maxConcurrentRequests < 1 || maxConcurrentRequests > 1_000_000) {
            throw new IllegalArgumentException("maxConcurrentRequests must be in [1, 1000000], but was "
                    + maxConcurrentRequests);
        }
        if (maxPendingRequests < 0 || maxPendingRequests > 1_000_000) {
            throw new IllegalArgumentException("maxPendingRequests must be in [0, 1000000], but was "
                    + maxPendingRequests);
        }
        Objects.requireNonNull(maxPendingWait, "maxPendingWait must not be null");
        if (maxPendingWait.isNegative()) {
            throw new IllegalArgumentException("maxPendingWait must be >= 0, but was " + maxPendingWait);
        }
    }

    /** Limits with the given sizes. */
    public static ConnectionPoolSettings of(int maxConcurrentRequests, int maxPendingRequests,
                                            Duration maxPendingWait) {
        return new ConnectionPoolSettings(maxConcurrentRequests, maxPendingRequests, maxPendingWait);
    }

    /** Fail fast at {@code maxConcurrentRequests}: nothing waits. */
    public static ConnectionPoolSettings failFast(int maxConcurrentRequests) {
        return new ConnectionPoolSettings(maxConcurrentRequests, 0, Duration.ZERO);
    }
}
