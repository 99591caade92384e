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
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    Shop shop;
    HttpShop http;
    String token;

    @BeforeEach
    void start() throws Exception {
        shop = Shop.builder(time, new ManualScheduler(time)).stock("book", 100).wallet("alice", 10_000).wallet("bob", 500)
                .build();
        http = HttpShop.start(shop, Secrets.from(Map.of("SHOP_JWT_SECRET", SECRET)), time, new HttpShop.Options());
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().issuer("shop-frontend")
                .expirationTime(Date.from(time.instant().plusSeconds(3600))).build());
        jwt.sign(new MACSigner(SECRET.getBytes()));
        token = jwt.serialize();
    }

    @AfterEach
    void stop() {
        http.close();
        shop.close();
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

    @Test
    @DisplayName("the catalog's 'run shop --http' plays the story over HTTP, prints curl commands and never the secret")
    void catalogRun() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();

        int code = dev.microlab.docs.Catalog.run(new String[] {"run", "shop", "--http"},
                new java.io.PrintStream(bytes, true), new java.io.PrintStream(errors, true));

        String output = bytes.toString();
        assertThat(code).as("exit code; stderr: %s", errors).isZero();
        assertThat(output).contains("\"status\":\"SHIPPED\"").contains("\"status\":\"CANCELLED\"")
                .contains("401 {\"message\":\"Unauthorized\"}").contains("502 ").contains("503 ")
                .contains("breaker of inventory-service is OPEN").contains("curl -s -H \"Authorization: Bearer $TOKEN\"")
                .contains("Shutting down.");
    }

    @Test
    @DisplayName("the secret given in the environment signs the tokens and never appears in the output")
    void secretNeverPrinted() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        HttpShopRun.run(false, java.io.InputStream.nullInputStream(), new java.io.PrintStream(bytes, true),
                Map.of("SHOP_JWT_SECRET", SECRET));

        assertThat(bytes.toString()).contains("\"status\":\"SHIPPED\"").doesNotContain(SECRET)
                .doesNotContain("random secret");
    }
}
