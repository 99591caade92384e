package dev.microlab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ApiGateway: routing and proxying")
class ApiGatewayProxyTest {

    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    TestUpstream users;
    TestUpstream orders;
    ApiGateway gateway;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {gateway, users, orders}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    static KongConfig config(String yaml) {
        return KongConfig.parse(yaml, "test.yml", Secrets.from(Map.of()));
    }

    ApiGateway start(String yaml) throws Exception {
        users = users == null ? new TestUpstream("users") : users;
        orders = orders == null ? new TestUpstream("orders") : orders;
        gateway = ApiGateway.builder(config(yaml)).timeSource(new ManualTimeSource())
                .upstreamHost("user-service", users.uri()).upstreamHost("order-service", orders.uri())
                .maxBodyBytes(1024).maxHeaderBytes(2048)
                .start(LOOPBACK);
        return gateway;
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String TWO_SERVICES = """
            _format_version: "2.1"
            services:
              - name: user-service
                url: http://user-service:8000/base
                routes:
                  - name: users
                    paths: [/api/users]
                    methods: [GET, POST]
              - name: order-service
                url: http://order-service:8000
                routes:
                  - name: orders
                    paths: [/api/orders]
                    strip_path: false
                  - name: orders-v2
                    paths: [/api/orders]
                    headers:
                      x-version: ["2"]
                  - name: admin
                    hosts: [admin.example.com]
                    paths: [/]
            """;

    @Test
    @DisplayName("strip_path removes the matched prefix and prepends the service's path; strip_path false keeps it")
    void stripPath() throws Exception {
        start(TWO_SERVICES);

        HttpResponse<String> stripped = get("/api/users/7?x=1");
        assertThat(stripped.statusCode()).isEqualTo(200);
        assertThat(TestUpstream.echo(stripped.body())).containsEntry("path", "/base/7").containsEntry("query", "x=1")
                .containsEntry("upstream", "users");

        HttpResponse<String> kept = get("/api/orders/9");
        assertThat(TestUpstream.echo(kept.body())).containsEntry("path", "/api/orders/9").containsEntry("upstream", "orders");
    }

    @Test
    @DisplayName("keeps its upstream connections alive: 20 requests in a row use one connection, 4 clients at most 4")
    void upstreamKeepAlive() throws Exception {
        start(TWO_SERVICES);

        for (int i = 0; i < 20; i++) {
            assertThat(get("/api/orders/" + i).statusCode()).isEqualTo(200);
        }
        assertThat(orders.requests.get()).isEqualTo(20);
        assertThat(orders.connections).as("client ports the upstream saw").hasSize(1);

        int clients = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    int ok = 0;
                    for (int i = 0; i < 10; i++) {
                        ok += get("/api/orders/" + i).statusCode() == 200 ? 1 : 0;
                    }
                    return ok;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        go.countDown();
        try {
            for (CompletableFuture<Integer> run : runs) {
                assertThat(run.get()).isEqualTo(10);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(orders.requests.get()).isEqualTo(20 + clients * 10);
        assertThat(orders.connections).as("no connection per request: at most one per concurrent client")
                .hasSizeLessThanOrEqualTo(clients);
    }

    @Test
    @DisplayName("routes by method (404 with Kong's message otherwise), by header and by host, the most specific winning")
    void routing() throws Exception {
        start(TWO_SERVICES);

        HttpResponse<String> delete = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/api/users/7")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(delete.body()).isEqualTo("{\"message\":\"no Route matched with those values\"}");

        HttpResponse<String> v2 = get("/api/orders/9", "X-Version", "2");
        assertThat(TestUpstream.echo(v2.body())).as("orders-v2 strips its path").containsEntry("path", "/9");

        String admin = RawHttp.send(gateway.port(), "GET /anything HTTP/1.1\r\nHost: admin.example.com:8000\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(admin)).isEqualTo(200);
        assertThat(TestUpstream.echo(RawHttp.body(admin))).containsEntry("path", "/anything");
    }

    @Test
    @DisplayName("hop-by-hop headers (and those named by Connection) are stripped both ways; X-Forwarded-* are set")
    void headers() throws Exception {
        start(TWO_SERVICES);

        String response = RawHttp.send(gateway.port(), "GET /api/users/1 HTTP/1.1\r\nHost: shop.example.com:8443\r\n"
                + "Connection: close\r\nConnection: X-Secret-Hop\r\nX-Secret-Hop: 1\r\nKeep-Alive: timeout=9\r\nTE: trailers\r\n"
                + "Proxy-Authorization: Basic abc\r\nX-Forwarded-For: 10.0.0.1\r\nX-Kept: yes\r\n\r\n");

        Map<String, String> upstreamSaw = TestUpstream.headers(RawHttp.body(response));
        assertThat(upstreamSaw).doesNotContainKeys("x-secret-hop", "keep-alive", "te", "proxy-authorization")
                .containsEntry("x-kept", "yes")
                .containsEntry("x-forwarded-for", "10.0.0.1, 127.0.0.1")
                .containsEntry("x-real-ip", "127.0.0.1")
                .containsEntry("x-forwarded-proto", "http")
                .containsEntry("x-forwarded-host", "shop.example.com")
                .containsEntry("x-forwarded-port", Integer.toString(gateway.port()))
                .containsEntry("x-forwarded-prefix", "/api/users");
        assertThat(upstreamSaw.get("host")).as("without preserve_host the upstream's own host").startsWith("127.0.0.1:");
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).contains("x-upstream: users").doesNotContain("keep-alive: timeout=5")
                .doesNotContain("proxy-authenticate");
    }

    @Test
    @DisplayName("preserve_host forwards the client's Host header")
    void preserveHost() throws Exception {
        start("""
                _format_version: "2.1"
                services:
                  - name: user-service
                    url: http://user-service:8000
                    routes:
                      - paths: [/]
                        preserve_host: true
                """);
        String response = RawHttp.send(gateway.port(), "GET /x HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n");
        assertThat(TestUpstream.headers(RawHttp.body(response))).containsEntry("host", "shop.example.com");
    }

    @Test
    @DisplayName("'..' is resolved before routing, climbing above the root or an encoded slash is refused with 400")
    void pathNormalisation() throws Exception {
        start(TWO_SERVICES);

        String resolved = RawHttp.get(gateway.port(), "/api/orders/../users/%2e%2e/users/5");
        assertThat(TestUpstream.echo(RawHttp.body(resolved))).containsEntry("upstream", "users").containsEntry("path", "/base/5");

        for (String bad : new String[] {"/api/users/../../../etc/passwd", "/api/users/%2e%2e/%2E%2E/%2e%2e/x",
                "/api/users%2F..%2F..%2Fadmin", "/api/users/%5c.."}) {
            String response = RawHttp.get(gateway.port(), bad);
            assertThat(RawHttp.status(response)).as(bad).isEqualTo(400);
            assertThat(RawHttp.body(response)).as(bad).startsWith("{\"message\":\"Bad request: ");
        }
        assertThat(RawHttp.status(RawHttp.get(gateway.port(), "/api/users/a%zz")))
                .as("invalid percent-encoding: the JDK server refuses it before the gateway sees it").isEqualTo(400);
        assertThat(users.requests.get()).as("only the resolved request reached an upstream").isEqualTo(1);
    }

    @Test
    @DisplayName("a body over the limit gets 413 and headers over the limit get 431, before any upstream is called")
    void limits() throws Exception {
        start(TWO_SERVICES);

        HttpResponse<String> big = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/users"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1025))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);

        String chunked = RawHttp.send(gateway.port(), "POST /api/users HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(1500) + "\r\n" + "y".repeat(1500) + "\r\n0\r\n\r\n");
        assertThat(RawHttp.status(chunked)).as("chunked body without Content-Length").isEqualTo(413);

        HttpResponse<String> fat = get("/api/users", "X-Big", "z".repeat(3000));
        assertThat(fat.statusCode()).isEqualTo(431);

        HttpResponse<String> ok = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/users"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(TestUpstream.echo(ok.body())).containsEntry("body", "hello").containsEntry("method", "POST");
        assertThat(users.requests.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("an upstream that is down gets 502 with a JSON body; a registry service without instances gets 503")
    void upstreamDown() throws Exception {
        start(TWO_SERVICES);
        users.close();

        HttpResponse<String> down = get("/api/users/1");
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(down.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(down.body()).isEqualTo("{\"message\":\"An invalid response was received from the upstream server\"}");

        try (ServiceRegistry registry = ServiceRegistry.builder().timeSource(new ManualTimeSource()).build();
             ApiGateway viaRegistry = ApiGateway.builder(config("""
                     _format_version: "2.1"
                     services:
                       - name: inventory
                         url: http://inventory:8000
                         routes: [{paths: [/inv]}]
                     """)).registry(registry).start(LOOPBACK)) {
            registry.register(ServiceInstance.of("inventory", "i-1", "127.0.0.1", orders.port()));
            HttpResponse<String> ok = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + viaRegistry.port() + "/inv/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            registry.deregister("inventory", "i-1");
            HttpResponse<String> none = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + viaRegistry.port() + "/inv/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(503);
            assertThat(none.body()).contains("\"message\"");
        }
    }

    @Test
    @DisplayName("a service name resolved through the registry spreads requests over its instances")
    void registryBalancing() throws Exception {
        users = new TestUpstream("a");
        orders = new TestUpstream("b");
        try (ServiceRegistry registry = ServiceRegistry.builder().timeSource(new ManualTimeSource()).build()) {
            registry.register(ServiceInstance.of("catalog", "a", "127.0.0.1", users.port()));
            registry.register(ServiceInstance.of("catalog", "b", "127.0.0.1", orders.port()));
            gateway = ApiGateway.builder(config("""
                    _format_version: "2.1"
                    services:
                      - name: catalog
                        url: http://catalog:8000
                        routes: [{paths: [/c]}]
                    """)).registry(registry).start(LOOPBACK);
            Set<Object> served = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                served.add(TestUpstream.echo(get("/c").body()).get("upstream"));
            }
            assertThat(served).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    @DisplayName("an upstream slower than the service's read_timeout gets 504")
    void timeout() throws Exception {
        start("""
                _format_version: "2.1"
                services:
                  - name: user-service
                    url: http://user-service:8000
                    read_timeout: 100
                    routes: [{paths: [/slow]}]
                """);
        users.hold = new CountDownLatch(1);   // the upstream never answers until released
        try {
            HttpResponse<String> slow = get("/slow");
            assertThat(slow.statusCode()).isEqualTo(504);
            assertThat(slow.body()).isEqualTo("{\"message\":\"The upstream server is timing out\"}");
        } finally {
            users.hold.countDown();
        }
    }

    @Test
    @DisplayName("a reload swaps atomically: a request in flight finishes on the old config, an invalid config changes nothing")
    void reload() throws Exception {
        start(TWO_SERVICES);
        users.hold = new CountDownLatch(1);
        users.arrived = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> inFlight = CLIENT.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/api/users/1")).build(), HttpResponse.BodyHandlers.ofString());
        users.arrived.await();

        gateway.reload(config("""
                _format_version: "2.1"
                services:
                  - name: order-service
                    url: http://order-service:8000
                    routes: [{paths: [/v2]}]
                """));
        users.hold.countDown();
        users.hold = null;

        assertThat(inFlight.get().statusCode()).as("the request that started before the reload").isEqualTo(200);
        assertThat(get("/api/users/1").statusCode()).as("old route gone").isEqualTo(404);
        assertThat(get("/v2/x").statusCode()).isEqualTo(200);

        KongConfig tooShortKey = config("""
                _format_version: "2.1"
                consumers:
                  - username: a
                    jwt_secrets: [{key: a, secret: short}]
                services:
                  - name: order-service
                    url: http://order-service:8000
                    routes: [{paths: [/v3]}]
                    plugins: [{name: jwt}]
                """);
        assertThatThrownBy(() -> gateway.reload(tooShortKey)).isInstanceOf(KongConfigException.class)
                .hasMessageContaining("consumer credential 'a': a HS256 secret must be at least 32 bytes");
        assertThat(get("/v2/x").statusCode()).as("the running config stays").isEqualTo(200);
    }
}
