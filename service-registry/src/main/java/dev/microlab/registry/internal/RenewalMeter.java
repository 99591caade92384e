package dev.microlab.registry.internal;

/**
 * Counts lease renewals in fixed, clock-aligned windows and tells how many fell in the last
 * complete window (Eureka's {@code MeasuredRate}).
 *
 * <p>This class is threadsafe.
 */
public final class RenewalMeter {

    private final long origin;
    private final long windowNanos;
    private long currentWindow;
    private long currentCount;
    private long previousCount;

    /** A meter whose first window starts at {@code originNanos}. */
    public RenewalMeter(long originNanos, long windowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("windowNanos must be > 0, but was " + windowNanos);
        }
        this.origin = originNanos;
        this.windowNanos = windowNanos;
    }

    /** Counts one renewal at {@code nowNanos}. */
    public synchronized void record(long nowNanos) {
        roll(nowNanos);
        currentCount++;
    }

    /** Renewals in the last complete window, or -1 while no window has completed yet. */
    public synchronized long lastCompleteWindow(long nowNanos) {
        roll(nowNanos);
        return currentWindow == 0 ? -1 : previousCount;
    }

    private void roll(long nowNanos) {
        long window = Math.max(0, (nowNanos - origin) / windowNanos);
        if (window == currentWindow) {
            return;
        }
        previousCount = window == currentWindow + 1 ? currentCount : 0;
        currentCount = 0;
        currentWindow = window;
    }
}
