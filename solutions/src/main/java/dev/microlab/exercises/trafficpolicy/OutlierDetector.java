package dev.microlab.exercises.trafficpolicy;

import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exercise 3, part 1: outlier detection, as a service mesh's {@code outlierDetection} does it.
 *
 * <p>A host that returns {@code consecutiveErrors} errors in a row is <em>ejected</em>: taken out
 * of the load-balancing pool for {@code baseEjectionTime × n}, where n counts how many times it
 * has been ejected (1st: 1×, 2nd: 2×, ...). A success resets its error streak. An ejection
 * that would leave more than {@code maxEjectionPercent} % of the hosts ejected is not made.
 *
 * <pre>{@code
 * OutlierDetector detector = new OutlierDetector(List.of("a", "b", "c"), 5, Duration.ofSeconds(30), 50, time);
 * detector.recordError("a");
 * List<String> routable = detector.healthyHosts();
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class OutlierDetector {

    private static final class Host {
        int errorStreak;
        int ejections;
        long ejectedUntilNanos;
        boolean ejected;
    }

    private final int consecutiveErrors;
    private final Duration baseEjectionTime;
    private final int maxEjectionPercent;
    private final TimeSource timeSource;
    private final Map<String, Host> hosts = new LinkedHashMap<>();

    /**
     * @param hosts              the hosts of the pool, at least one, no duplicates
     * @param consecutiveErrors  errors in a row that eject a host, at least 1
     * @param baseEjectionTime   how long the first ejection lasts, positive
     * @param maxEjectionPercent the most hosts that may be ejected at once, in percent, 0 to 100
     * @param timeSource         where time is read
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public OutlierDetector(List<String> hosts, int consecutiveErrors, Duration baseEjectionTime,
                           int maxEjectionPercent, TimeSource timeSource) {
        Objects.requireNonNull(hosts, "hosts must not be null");
        Objects.requireNonNull(baseEjectionTime, "baseEjectionTime must not be null");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("hosts must not be empty");
        }
        if (consecutiveErrors < 1) {
            throw new IllegalArgumentException("consecutiveErrors must be >= 1, but was " + consecutiveErrors);
        }
        if (baseEjectionTime.isZero() || baseEjectionTime.isNegative()) {
            throw new IllegalArgumentException("baseEjectionTime must be positive, but was " + baseEjectionTime);
        }
        if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
            throw new IllegalArgumentException("maxEjectionPercent must be in [0, 100], but was " + maxEjectionPercent);
        }
        for (String host : hosts) {
            if (this.hosts.put(Objects.requireNonNull(host, "hosts must not contain null"), new Host()) != null) {
                throw new IllegalArgumentException("hosts must not repeat a host, but " + host + " appears twice");
            }
        }
        this.consecutiveErrors = consecutiveErrors;
        this.baseEjectionTime = baseEjectionTime;
        this.maxEjectionPercent = maxEjectionPercent;
    }

    /** {@code host} answered well: its error streak starts over. */
    public synchronized void recordSuccess(String host) {
        host(host).errorStreak = 0;
    }

    /** {@code host} failed: after {@code consecutiveErrors} in a row it is ejected, if the limit allows. */
    public synchronized void recordError(String host) {
        Host state = host(host);
        refresh(state);
        if (state.ejected) {
            return;
        }
        state.errorStreak++;
        if (state.errorStreak >= consecutiveErrors && mayEject()) {
            state.ejections++;
            state.ejected = true;
            state.ejectedUntilNanos = timeSource.nanoTime() + baseEjectionTime.toNanos() * state.ejections;
            state.errorStreak = 0;
        }
    }

    /** Whether {@code host} is out of the pool right now. */
    public synchronized boolean isEjected(String host) {
        Host state = host(host);
        refresh(state);
        return state.ejected;
    }

    /** The hosts not ejected right now, in the order they were given. */
    public synchronized List<String> healthyHosts() {
        return hosts.entrySet().stream().filter(e -> {
            refresh(e.getValue());
            return !e.getValue().ejected;
        }).map(Map.Entry::getKey).toList();
    }

    private boolean mayEject() {
        long ejectedNow = hosts.values().stream().filter(h -> {
            refresh(h);
            return h.ejected;
        }).count();
        return (ejectedNow + 1) * 100 <= (long) hosts.size() * maxEjectionPercent;
    }

    private void refresh(Host state) {
        if (timeSource.nanoTime() - state.ejectedUntilNanos >= 0) {
            state.ejected = false;
        }
    }

    private Host host(String host) {
        Objects.requireNonNull(host, "host must not be null");
        Host state = hosts.get(host);
        if (state == null) {
            throw new IllegalArgumentException("unknown host " + host + "; the hosts are " + hosts.keySet());
        }
        return state;
    }
}
