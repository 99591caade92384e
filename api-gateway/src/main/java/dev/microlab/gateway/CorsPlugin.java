package dev.microlab.gateway;

import java.util.List;

/**
 * Kong's {@code cors}: answers a preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) itself with 200, and adds
 * {@code Access-Control-Allow-Origin} (and credentials, exposed headers) to every other response.
 * An origin that is not allowed gets no CORS header at all, so the browser blocks the response
 * (the Fetch standard's CORS check). With {@code origins: ["*"]} and {@code credentials: true} the
 * origin is echoed, since the Fetch standard refuses {@code *} with credentials.
 *
 * <p>This class is threadsafe (immutable).
 */
final class CorsPlugin implements GatewayPlugin {

    private final PluginConfig.Cors config;
    private final boolean anyOrigin;

    CorsPlugin(PluginConfig.Cors config) {
        this.config = config;
        this.anyOrigin = config.origins().isEmpty() || config.origins().contains("*");
    }

    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public GatewayResponse access(GatewayExchange ex) {
        String origin = ex.header("origin");
        String allowed = allowedOrigin(origin);
        boolean preflight = "OPTIONS".equals(ex.method) && origin != null
                && ex.header("access-control-request-method") != null;
        if (allowed != null) {
            ex.setResponseHeader("Access-Control-Allow-Origin", allowed);
            if (!"*".equals(allowed)) {
                ex.addResponseHeader("Vary", "Origin");
            }
            if (config.credentials()) {
                ex.setResponseHeader("Access-Control-Allow-Credentials", "true");
            }
        }
        if (!preflight) {
            if (allowed != null && !config.exposedHeaders().isEmpty()) {
                ex.setResponseHeader("Access-Control-Expose-Headers", String.join(",", config.exposedHeaders()));
            }
            return null;
        }
        if (allowed != null) {
            ex.setResponseHeader("Access-Control-Allow-Methods", String.join(",", config.methods()));
            List<String> requested = ex.headerValues("access-control-request-headers");
            String headers = config.headers().isEmpty() ? String.join(",", requested) : String.join(",", config.headers());
            if (!headers.isEmpty()) {
                ex.setResponseHeader("Access-Control-Allow-Headers", headers);
            }
            if (config.maxAge() != null) {
                ex.setResponseHeader("Access-Control-Max-Age", Long.toString(config.maxAge()));
            }
        }
        return config.preflightContinue() ? null : GatewayResponse.empty(200);
    }

    private String allowedOrigin(String origin) {
        if (anyOrigin) {
            return config.credentials() && origin != null ? origin : "*";
        }
        return origin != null && config.origins().contains(origin) ? origin : null;
    }
}
