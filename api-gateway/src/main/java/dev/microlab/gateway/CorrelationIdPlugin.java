package dev.microlab.gateway;

import java.util.UUID;

/**
 * Kong's {@code correlation-id}: the request id header is kept when the client sent one and
 * generated (a UUID) when not, forwarded upstream, put into the MDC for the proxied call (see
 * observability's {@code Correlation}) and, with {@code echo_downstream}, returned to the client.
 *
 * <p>This class is threadsafe (immutable).
 */
final class CorrelationIdPlugin implements GatewayPlugin {

    private final PluginConfig.CorrelationId config;

    CorrelationIdPlugin(PluginConfig.CorrelationId config) {
        this.config = config;
    }

    @Override
    public int priority() {
        return 100_001;
    }

    @Override
    public GatewayResponse access(GatewayExchange ex) {
        String id = ex.header(config.headerName());
        if (id == null || id.isBlank()) {
            id = UUID.randomUUID().toString();
        }
        ex.correlationId = id;
        ex.upstreamHeaders.put(config.headerName(), id);
        if (config.echoDownstream()) {
            ex.setResponseHeader(config.headerName(), id);
        }
        return null;
    }
}
