package dev.microlab.gateway;

import dev.microlab.core.time.TimeSource;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Kong's {@code rate-limiting} with {@code policy: local}: a counter per identifier (the consumer,
 * or the client IP when anonymous) and fixed window aligned to the epoch, read from the injected
 * {@link TimeSource}'s wall clock. Unlike Kong, which reads the counters and increments them
 * afterwards (so concurrent requests may overshoot), the check and the increment of all windows
 * are one atomic step per identifier: never more than the limit in a window.
 *
 * <p>Headers, as Kong sends them: {@code X-RateLimit-Limit-Minute}, {@code X-RateLimit-Remaining-Minute}
 * (one pair per window), and {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset}
 * for the window closest to running out; a refused request gets the configured error code (429)
 * with {@code Retry-After} and {@code {"message":"API rate limit exceeded"}}.
 *
 * <p>This class is threadsafe.
 */
final class RateLimitingPlugin implements GatewayPlugin {

    /**
     * Counters shared by the plugins of one gateway, so that a config reload keeps them. An
     * identifier whose every window has ended holds nothing worth keeping: every
     * {@value #SWEEP_EVERY} lookups such entries are dropped, so a stream of one-off client IPs
     * does not grow the map without bound.
     */
    static final class Counters {
        static final int SWEEP_EVERY = 4096;
        private final ConcurrentMap<String, Usage> usage = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();

        Usage usage(String key, int windows, long nowSeconds) {
            if (lookups.incrementAndGet() % SWEEP_EVERY == 0) {
                sweep(nowSeconds);
            }
            return usage.computeIfAbsent(key, k -> new Usage(windows));
        }

        /** Drops identifiers whose windows have all ended by {@code nowSeconds}. */
        void sweep(long nowSeconds) {
            usage.values().removeIf(u -> {
                synchronized (u) {
                    if (u.endsAt > nowSeconds) {
                        return false;
                    }
                    u.evicted = true;   // a request holding this object counts again in a fresh one
                    return true;
                }
            });
        }

        int size() {
            return usage.size();
        }
    }

    /** One identifier's counts, one slot per window; guarded by its own monitor. */
    static final class Usage {
        final long[] windowStart;
        final long[] count;
        long endsAt;          // when the longest current window ends, epoch seconds
        boolean evicted;      // removed from the map by a sweep: callers take a new one

        Usage(int windows) {
            windowStart = new long[windows];
            count = new long[windows];
            java.util.Arrays.fill(windowStart, Long.MIN_VALUE);
        }
    }

    private final PluginConfig.RateLimiting config;
    private final List<PluginConfig.RateLimiting.Window> windows;
    private final String scope;
    private final Counters counters;
    private final TimeSource time;

    RateLimitingPlugin(PluginConfig.RateLimiting config, String scope, Counters counters, TimeSource time) {
        this.config = config;
        this.windows = config.windows();
        this.scope = scope + "|" + config;
        this.counters = counters;
        this.time = time;
    }

    @Override
    public int priority() {
        return 910;
    }

    @Override
    public GatewayResponse access(GatewayExchange ex) {
        String identifier = identifier(ex);
        long now = time.instant().getEpochSecond();
        int n = windows.size();
        long[] remaining = new long[n];
        long[] reset = new long[n];
        int exceeded;
        while (true) {
            Usage usage = counters.usage(scope + "|" + identifier, n, now);
            synchronized (usage) {
                if (usage.evicted) {
                    continue;   // swept between the lookup and the lock
                }
                exceeded = count(usage, now, remaining, reset);
            }
            break;
        }
        return answer(ex, exceeded, remaining, reset);
    }

    /** Checks every window and, when none is exhausted, counts the request in all of them; the caller holds the lock. */
    private int count(Usage usage, long now, long[] remaining, long[] reset) {
        int n = windows.size();
        int exceeded = -1;
        for (int i = 0; i < n; i++) {
            long seconds = windows.get(i).seconds();
            long start = now - Math.floorMod(now, seconds);
            if (usage.windowStart[i] != start) {
                usage.windowStart[i] = start;
                usage.count[i] = 0;
            }
            if (exceeded < 0 && usage.count[i] >= windows.get(i).limit()) {
                exceeded = i;
            }
            reset[i] = start + seconds - now;
        }
        for (int i = 0; i < n; i++) {
            if (exceeded < 0) {
                usage.count[i]++;
            }
            remaining[i] = Math.max(0, windows.get(i).limit() - usage.count[i]);
            usage.endsAt = Math.max(usage.endsAt, usage.windowStart[i] + windows.get(i).seconds());
        }
        return exceeded;
    }

    private GatewayResponse answer(GatewayExchange ex, int exceeded, long[] remaining, long[] reset) {
        int n = windows.size();
        if (!config.hideClientHeaders()) {
            int tightest = 0;
            for (int i = 0; i < n; i++) {
                PluginConfig.RateLimiting.Window w = windows.get(i);
                ex.setResponseHeader("X-RateLimit-Limit-" + w.name(), Long.toString(w.limit()));
                ex.setResponseHeader("X-RateLimit-Remaining-" + w.name(), Long.toString(remaining[i]));
                // Kong: the window with the fewest remaining; on a tie the longer window
                if (remaining[i] <= remaining[tightest]) {
                    tightest = i;
                }
            }
            if (exceeded >= 0) {
                tightest = exceeded;
            }
            ex.setResponseHeader("RateLimit-Limit", Long.toString(windows.get(tightest).limit()));
            ex.setResponseHeader("RateLimit-Remaining", Long.toString(remaining[tightest]));
            ex.setResponseHeader("RateLimit-Reset", Long.toString(reset[tightest]));
        }
        if (exceeded >= 0) {
            ex.setResponseHeader("Retry-After", Long.toString(reset[exceeded]));
            return GatewayResponse.message(config.errorCode(), config.errorMessage());
        }
        return null;
    }

    private String identifier(GatewayExchange ex) {
        switch (config.limitBy()) {
            case "consumer":
                if (ex.consumer != null) {
                    return "consumer:" + ex.consumer.id();
                }
                if (ex.credential != null) {
                    return "credential:" + ex.credential;
                }
                return "ip:" + ex.clientIp;
            case "header": {
                String value = ex.header(config.headerName());
                return value == null ? "ip:" + ex.clientIp : "header:" + value;
            }
            default:
                return "ip:" + ex.clientIp;
        }
    }
}
