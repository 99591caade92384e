package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HealthProbe.http against a real local HTTP server")
class HttpProbeTest {

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HealthStatus probe() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
        return HealthProbe.http(client, uri).probe().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("maps 200 to passing, 429 to warning and 503 to critical")
    void statuses() throws Exception {
        // Given / When / Then
        assertThat(probe()).as("200").isEqualTo(HealthStatus.PASSING);
        status.set(429);
        assertThat(probe()).as("429").isEqualTo(HealthStatus.WARNING);
        status.set(503);
        assertThat(probe()).as("503").isEqualTo(HealthStatus.CRITICAL);
    }
}
