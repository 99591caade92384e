package dev.microlab.exercises.trafficpolicy;

import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.List;

/**
 * Exercise 3, part 1: outlier detection, as a service mesh's {@code outlierDetection} does it.
 * Instructions: {@code exercises/instructions/03-traffic-policy/README.md}.
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
 */
public final class OutlierDetector {

    // TODO: the settings, the time source, and per host: error streak, ejection count, ejected until.

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
        throw new UnsupportedOperationException("TODO: validate the settings and keep a state per host");
    }

    /** {@code host} answered well: its error streak starts over. */
    public void recordSuccess(String host) {
        throw new UnsupportedOperationException("TODO: reset the host's error streak");
    }

    /** {@code host} failed: after {@code consecutiveErrors} in a row it is ejected, if the limit allows. */
    public void recordError(String host) {
        throw new UnsupportedOperationException("TODO: count the error; eject at the threshold if maxEjectionPercent allows");
    }

    /** Whether {@code host} is out of the pool right now. */
    public boolean isEjected(String host) {
        throw new UnsupportedOperationException("TODO: ejected and its ejection time not over");
    }

    /** The hosts not ejected right now, in the order they were given. */
    public List<String> healthyHosts() {
        throw new UnsupportedOperationException("TODO: the hosts that are not ejected, in order");
    }
}
