package dev.microlab.gateway;

/**
 * A plugin's access phase, run in Kong's priority order (highest first) before the request is
 * proxied. A plugin either lets the request go on (returns null), possibly adding headers to
 * {@link GatewayExchange#upstreamHeaders} and {@link GatewayExchange#responseHeaders}, or answers it
 * itself (a 401, a 429, a CORS preflight). Implementations are threadsafe.
 */
interface GatewayPlugin {

    /** Kong's priority: correlation-id 100001, cors 2000, jwt 1450, rate-limiting 910. */
    int priority();

    /** Runs the access phase; null lets the request go on. */
    GatewayResponse access(GatewayExchange exchange);
}
