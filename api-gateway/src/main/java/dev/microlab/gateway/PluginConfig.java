package dev.microlab.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The validated {@code config} of one plugin of a kong.yml. Kong's plugins keep Kong's field
 * names and defaults; {@code circuit-breaker} and {@code retry} are microlab's own.
 */
public sealed interface PluginConfig {

    /** The plugin's name as written in kong.yml. */
    String pluginName();

    /**
     * Kong's {@code rate-limiting} with {@code policy: local}: fixed windows aligned to the epoch
     * (a minute window is 12:00:00–12:00:59), a limit per window or null when not limited.
     */
    record RateLimiting(Long second, Long minute, Long hour, Long day, String limitBy, String headerName,
                        boolean hideClientHeaders, int errorCode, String errorMessage) implements PluginConfig {
        @Override
        public String pluginName() {
            return "rate-limiting";
        }

        /** The configured windows, shortest first, as (name, seconds, limit). */
        public List<Window> windows() {
            List<Window> windows = new java.util.ArrayList<>();
            if (second != null) {
                windows.add(new Window("Second", 1, second));
            }
            if (minute != null) {
                windows.add(new Window("Minute", 60, minute));
            }
            if (hour != null) {
                windows.add(new Window("Hour", 3600, hour));
            }
            if (day != null) {
                windows.add(new Window("Day", 86_400, day));
            }
            return List.copyOf(windows);
        }

        /** One window: its header suffix ({@code Minute}), its length in seconds and its limit. */
        public record Window(String name, long seconds, long limit) {
        }
    }

    /**
     * Kong's {@code jwt}. {@code clockSkewSeconds} is microlab's addition (Kong has none): the
     * leeway allowed on {@code exp} and {@code nbf}.
     */
    record Jwt(List<String> uriParamNames, List<String> cookieNames, List<String> headerNames,
               String keyClaimName, boolean secretIsBase64, List<String> claimsToVerify,
               long maximumExpiration, boolean runOnPreflight, long clockSkewSeconds) implements PluginConfig {
        @Override
        public String pluginName() {
            return "jwt";
        }
    }

    /** Kong's {@code cors}. {@code maxAge} null: no Access-Control-Max-Age. */
    record Cors(List<String> origins, List<String> methods, List<String> headers, List<String> exposedHeaders,
                boolean credentials, Long maxAge, boolean preflightContinue) implements PluginConfig {
        @Override
        public String pluginName() {
            return "cors";
        }
    }

    /** Kong's {@code prometheus}. */
    record Prometheus(boolean perConsumer, boolean statusCodeMetrics, boolean latencyMetrics,
                      boolean bandwidthMetrics) implements PluginConfig {
        @Override
        public String pluginName() {
            return "prometheus";
        }
    }

    /** Kong's {@code correlation-id}: a request id header, generated when absent. */
    record CorrelationId(String headerName, boolean echoDownstream) implements PluginConfig {
        @Override
        public String pluginName() {
            return "correlation-id";
        }
    }

    /** microlab's {@code circuit-breaker}, one breaker per service (see circuit-breaker's CircuitBreakerConfig). */
    record CircuitBreaker(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
                          Duration waitDurationInOpen, List<Integer> failureStatusCodes) implements PluginConfig {
        @Override
        public String pluginName() {
            return "circuit-breaker";
        }
    }

    /** microlab's {@code retry}: idempotent methods only, on connect failures and the listed statuses. */
    record Retry(int maxAttempts, Duration backoff, List<Integer> retryOnStatus, List<String> methods)
            implements PluginConfig {
        @Override
        public String pluginName() {
            return "retry";
        }
    }

    /** The plugins this gateway knows, by name. */
    Map<String, String> KNOWN = Map.of(
            "rate-limiting", "Kong", "jwt", "Kong", "cors", "Kong", "prometheus", "Kong",
            "correlation-id", "Kong", "circuit-breaker", "microlab", "retry", "microlab");
}
