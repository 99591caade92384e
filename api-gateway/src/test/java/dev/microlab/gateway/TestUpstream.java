package dev.microlab.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream for tests on 127.0.0.1 and an ephemeral port: it answers every request with a JSON
 * echo of what it received (method, raw path, query, headers, body), or with a fixed status, or
 * holds the request until released (to test timeouts and reloads without sleeping).
 */
final class TestUpstream implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final HttpServer server;
    final String name;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final AtomicInteger requests = new AtomicInteger();
    /** The client ports requests came from: one per TCP connection the caller opened. */
    final Set<Integer> connections = ConcurrentHashMap.newKeySet();
    volatile int status = 200;
    volatile CountDownLatch hold;          // when set, requests wait for it
    volatile CountDownLatch arrived = new CountDownLatch(1);

    TestUpstream(String name) throws IOException {
        this(name, HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    TestUpstream(String name, HttpServer server) {
        this.name = name;
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create((server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        connections.add(ex.getRemoteAddress().getPort());
        arrived.countDown();
        CountDownLatch h = hold;
        if (h != null) {
            try {
                h.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("upstream", name);
        echo.put("method", ex.getRequestMethod());
        echo.put("path", ex.getRequestURI().getRawPath());
        echo.put("query", ex.getRequestURI().getRawQuery());
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        echo.put("headers", headers);
        echo.put("body", new String(body, StandardCharsets.UTF_8));
        byte[] out = JSON.writeValueAsBytes(echo);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Keep-Alive", "timeout=5");
        ex.getResponseHeaders().set("Proxy-Authenticate", "Basic");
        ex.getResponseHeaders().set("X-Upstream", name);
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> echo(String body) throws IOException {
        return JSON.readValue(body, Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> headers(String body) throws IOException {
        return (Map<String, String>) echo(body).get("headers");
    }

    @Override
    public void close() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
