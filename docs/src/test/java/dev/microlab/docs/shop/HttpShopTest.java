package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.ManualTimeSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The reference shop over real HTTP, through the gateway")
class HttpShopTest {

    static final String SECRET = "shop-jwt-secret-for-tests-only-32b+";
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient client = HttpClient.newHttpClient();
    final ManualTimeSource time = new ManualTimeSource();
    HttpShop http;
    String token;

    @BeforeEach
    void start() throws Exception {
        // a check interval of an hour: each service is probed once, when it registers, and the test
        // decides what is dead (the gateway's clock is manual: JWT expiry and rate-limit windows)
        http = HttpShop.start(Secrets.from(Map.of("SHOP_JWT_SECRET", SECRET)), new HttpShop.Options().time(time)
                .stock("book", 100).wallet("alice", 10_000).wallet("bob", 500).checkInterval(Duration.ofHours(1)));
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().issuer("shop-frontend")
                .expirationTime(Date.from(time.instant().plusSeconds(3600))).build());
        jwt.sign(new MACSigner(SECRET.getBytes()));
        token = jwt.serialize();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    HttpResponse<String> call(String method, String path, String body, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.gatewayPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (withToken) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String order(String id, String customer, int quantity) {
        return "{\"orderId\":\"" + id + "\",\"customerId\":\"" + customer + "\",\"sku\":\"book\",\"quantity\":" + quantity
                + ",\"unitPriceCents\":1250}";
    }

    @Test
    @DisplayName("an order placed through the gateway ships, and its view and the stock are read back over HTTP")
    void orderShips() throws Exception {
        HttpResponse<String> placed = call("POST", "/api/orders", order("o-1", "alice", 2), true);

        assertThat(placed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(placed.body()).get("status").asText()).isEqualTo("SHIPPED");
        assertThat(placed.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(JSON.readTree(call("GET", "/api/orders/o-1", null, true).body()).get("status").asText()).isEqualTo("SHIPPED");
        assertThat(JSON.readTree(call("GET", "/api/stock/book", null, true).body()).get("available").asInt()).isEqualTo(98);
        assertThat(JSON.readTree(call("GET", "/api/wallets/alice", null, true).body()).get("balanceCents").asLong())
                .isEqualTo(10_000 - 2_500);
    }

    @Test
    @DisplayName("a declined payment cancels the order; the answer still comes back through the gateway")
    void declinedPayment() throws Exception {
        HttpResponse<String> placed = call("POST", "/api/orders", order("o-2", "bob", 4), true);

        assertThat(JSON.readTree(placed.body()).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(JSON.readTree(call("GET", "/api/stock/book", null, true).body()).get("available").asInt())
                .as("the reservation was released").isEqualTo(100);
    }

    @Test
    @DisplayName("no token: 401; over 50 requests a minute on orders: 429")
    void unauthorizedAndRateLimited() throws Exception {
        assertThat(call("GET", "/api/orders", null, false).statusCode()).isEqualTo(401);
        int limited = 0;
        for (int i = 0; i < 51; i++) {
            if (call("GET", "/api/orders", null, true).statusCode() == 429) {
                limited++;
            }
        }
        assertThat(limited).as("the 51st request of the minute").isEqualTo(1);
    }

    @Test
    @DisplayName("a dead inventory instance: 502s, then the breaker opens and the gateway answers 503 itself")
    void deadInstanceOpensTheBreaker() throws Exception {
        http.kill("inventory-service");

        for (int i = 0; i < 4; i++) {
            assertThat(call("GET", "/api/stock/book", null, true).statusCode()).isEqualTo(502);
        }
        HttpResponse<String> open = call("GET", "/api/stock/book", null, true);

        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(http.gateway().circuitBreaker("inventory-service").state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(call("GET", "/api/wallets/alice", null, true).statusCode()).as("other services unaffected").isEqualTo(200);
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("each service registered itself over HTTP and passes its registry check on /health/ready")
    void servicesRegisteredThemselves() throws Exception {
        for (ShopService.Kind kind : ShopService.Kind.values()) {
            assertThat(http.registry().passingInstances(kind.serviceName())).as(kind.serviceName())
                    .extracting(i -> i.port()).containsExactly(http.port(kind.serviceName()));
        }
        HttpResponse<String> registry = get(http.adminPort(), "/v1/health/service/payment-service?passing");
        assertThat(JSON.readTree(registry.body()).get(0).path("Service").path("ID").asText()).isEqualTo("payment-service-1");
        HttpResponse<String> ready = get(http.port("order-service"), "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).path("checks").path("registry").asText()).startsWith("UP");
        assertThat(JSON.readTree(ready.body()).path("checks").path("store").asText()).startsWith("UP");
    }

    @Test
    @DisplayName("/health/ready is 503 naming the store when a service's event store is taken away; live stays 200")
    void readinessFollowsTheStore() throws Exception {
        http.service("inventory-service").store().close();

        HttpResponse<String> ready = get(http.port("inventory-service"), "/health/ready");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("DOWN");
        assertThat(JSON.readTree(ready.body()).path("checks").path("store").asText()).startsWith("DOWN")
                .contains("closed");
        assertThat(JSON.readTree(ready.body()).path("checks").path("registry").asText()).startsWith("UP");
        assertThat(get(http.port("inventory-service"), "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("/health/ready is 503 naming the registry when the service's entry is taken out of it")
    void readinessFollowsTheRegistryEntry() throws Exception {
        HttpResponse<String> removed = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.adminPort()
                + "/v1/agent/service/deregister/shipping-service-1")).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(removed.statusCode()).isEqualTo(200);

        HttpResponse<String> ready = get(http.port("shipping-service"), "/health/ready");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(ready.body()).path("checks").path("registry").asText())
                .isEqualTo("DOWN: shipping-service-1 is not in the registry at http://127.0.0.1:" + http.adminPort());
    }

    @Test
    @DisplayName("the gateway's health is on its admin port; on the proxy port /health/ready is no route (404)")
    void gatewayHealthOnTheAdminPort() throws Exception {
        assertThat(get(http.adminPort(), "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(http.adminPort(), "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).path("checks").path("registry").asText())
                .isEqualTo("UP: 4 instances registered, 4 passing");
        assertThat(get(http.gatewayPort(), "/health/ready").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("with tracing, one order is one trace: the traceparent goes gateway -> order -> each service over HTTP")
    void traceparentCrossesEveryHop(@org.junit.jupiter.api.io.TempDir java.nio.file.Path spans) throws Exception {
        try (io.opentelemetry.sdk.trace.SdkTracerProvider provider = io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                        .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(
                                new SpanFile(spans.resolve("shop" + SpanFile.SUFFIX), "shop"))).build();
             HttpShop traced = HttpShop.start(Secrets.from(Map.of("SHOP_JWT_SECRET", SECRET)), new HttpShop.Options()
                     .time(time).stock("book", 5).wallet("alice", 10_000).checkInterval(Duration.ofHours(1))
                     .tracing(dev.microlab.observability.MicrolabTracing.of(
                             io.opentelemetry.sdk.OpenTelemetrySdk.builder().setTracerProvider(provider).build())))) {
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            String clientSpan = "00f067aa0ba902b7";
            HttpResponse<String> placed = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + traced.gatewayPort() + "/api/orders")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString(order("o-9", "alice", 1))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(placed.statusCode()).isEqualTo(200);

            // the gateway's span ends last, once the answer is written: wait for it (another thread ends it)
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> SpanFile.read(spans, traceId)
                    .stream().anyMatch(l -> l.parentSpanId().equals(clientSpan)));
            java.util.List<String> tree = SpanFile.tree(SpanFile.read(spans, traceId), clientSpan);
            String joined = String.join("\n", tree);
            assertThat(joined).containsPattern("(?m)^└ shop: POST order-routes \\(server")
                    .containsPattern("(?m)^  └ shop: order-service POST / \\(server")
                    .containsPattern("(?m)^      └ shop: saga step reserve-inventory")
                    .containsPattern("(?m)^          └ shop: inventory-service POST /rpc/reserve \\(server")
                    .containsPattern("(?m)^          └ shop: payment-service POST /rpc/charge \\(server")
                    .containsPattern("(?m)^          └ shop: shipping-service POST /rpc/schedule \\(server");
        }
    }

    @Test
    @DisplayName("without a registry (Kubernetes' DNS mode) the order service calls its peers at fixed addresses; ready has no registry check")
    void withoutARegistry() throws Exception {
        java.net.InetSocketAddress loopback = new java.net.InetSocketAddress("127.0.0.1", 0);
        try (ShopService inventory = ShopService.start(ShopService.Kind.INVENTORY, new ShopService.Options().bind(loopback)
                        .stock("book", 3));
             ShopService payment = ShopService.start(ShopService.Kind.PAYMENT, new ShopService.Options().bind(loopback)
                     .wallet("alice", 10_000));
             ShopService shipping = ShopService.start(ShopService.Kind.SHIPPING, new ShopService.Options().bind(loopback));
             ShopService orders = ShopService.start(ShopService.Kind.ORDER, new ShopService.Options().bind(loopback)
                     .peer(ShopService.Kind.INVENTORY, "127.0.0.1", inventory.port())
                     .peer(ShopService.Kind.PAYMENT, "127.0.0.1", payment.port())
                     .peer(ShopService.Kind.SHIPPING, "127.0.0.1", shipping.port()))) {
            HttpResponse<String> placed = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orders.port() + "/"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(order("o-d", "alice", 2)))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(JSON.readTree(placed.body()).path("status").asText()).as(placed.body()).isEqualTo("SHIPPED");
            assertThat(JSON.readTree(get(inventory.port(), "/book").body()).path("available").asInt()).isEqualTo(1);
            assertThat(orders.readiness()).containsOnlyKeys("store");
            assertThat(shipping.readiness()).as("shipping: no registry, no store").isEmpty();
            assertThat(get(shipping.port(), "/health/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("a shipment the order's saga scheduled over HTTP is in the shipping service's own state")
    void sagaCallsGoOverHttp() throws Exception {
        call("POST", "/api/orders", order("o-7", "alice", 1), true);

        HttpResponse<String> shipment = get(http.port("shipping-service"), "/o-7");

        assertThat(shipment.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(shipment.body()).path("trackingId").asText()).startsWith("TRK-");
        assertThat(JSON.readTree(shipment.body()).path("scheduledAt").asText()).as("an Instant, over JSON").isNotBlank();
    }
}
