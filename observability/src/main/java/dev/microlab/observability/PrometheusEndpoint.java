package dev.microlab.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link PrometheusMeterRegistry}'s scrape at {@code GET /metrics} on the JDK's HTTP
 * server — the Java counterpart of the course's {@code start_http_server(8000)}. A scraper that
 * sends {@code Accept: application/openmetrics-text} (Prometheus does) gets the OpenMetrics
 * format, with exemplars when the registry has them ({@link TraceExemplars}); any other gets
 * the classic text format 0.0.4. Needs
 * {@code io.micrometer:micrometer-registry-prometheus} on the class path (an optional dependency
 * of this module).
 *
 * <pre>{@code
 * PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * MicrolabMetrics.of(prometheus).bind(breaker);
 * try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(prometheus, new InetSocketAddress("127.0.0.1", 8000))) {
 *     // curl http://127.0.0.1:8000/metrics
 * }
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class PrometheusEndpoint implements AutoCloseable {

    /** Prometheus' text exposition format, version 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics' text format, the one that carries exemplars (see {@link TraceExemplars}). */
    static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private PrometheusEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code registry} at {@code address} (port 0 picks a free port; see {@link #port()}).
     *
     * @throws IOException if the address cannot be bound (the message names it)
     */
    public static PrometheusEndpoint start(PrometheusMeterRegistry registry, InetSocketAddress address)
            throws IOException {
        Objects.requireNonNull(registry, "registry must not be null");
        Objects.requireNonNull(address, "address must not be null");
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "microlab-prometheus-" + address.getPort());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> serve(registry, exchange));
        server.start();
        return new PrometheusEndpoint(server, executor);
    }

    private static void serve(PrometheusMeterRegistry registry, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            String contentType = accept != null && accept.contains("application/openmetrics-text")
                    ? OPENMETRICS_CONTENT_TYPE : CONTENT_TYPE;
            byte[] body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** The port the endpoint listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving, waiting at most a second for a scrape in progress. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
