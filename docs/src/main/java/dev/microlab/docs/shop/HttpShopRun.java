package dev.microlab.docs.shop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code run shop --http}: starts {@link HttpShop}, plays an order, a declined payment and a dead
 * instance through the gateway over real HTTP, prints the curl commands a reader can try, and
 * (with {@code --keep-running}) serves until Enter or end of input, then shuts down.
 *
 * <p>The JWT secret comes from {@code SHOP_JWT_SECRET} (or {@code SHOP_JWT_SECRET_FILE}); when
 * neither is set, a random one is made for this run. The secret is never printed; the token a
 * reader needs is.
 */
public final class HttpShopRun {

    private HttpShopRun() {
    }

    /** Runs the story with this process's environment; returns the process exit code. */
    public static int run(boolean keepRunning, InputStream in, PrintStream out) throws Exception {
        return run(keepRunning, in, out, System.getenv());
    }

    /** Runs the story with secrets from {@code env}; returns the process exit code. */
    public static int run(boolean keepRunning, InputStream in, PrintStream out, Map<String, String> env) throws Exception {
        Map<String, String> environment = new HashMap<>(env);
        Secrets secrets = Secrets.from(environment);
        String secret;
        if (secrets.find("shop-jwt-secret").isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            environment.put("SHOP_JWT_SECRET", Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            secrets = Secrets.from(environment);
            out.println("SHOP_JWT_SECRET is not set: using a random secret for this run (not shown).");
        }
        secret = secrets.require("shop-jwt-secret");
        ManualTimeSource time = new ManualTimeSource();
        try (Shop shop = Shop.builder(time, new ManualScheduler(time)).stock("book", 100).wallet("alice", 10_000)
                .wallet("bob", 500).build();
             HttpShop http = HttpShop.start(shop, secrets, time, new HttpShop.Options())) {
            String token = token(secret, time);
            String base = "http://127.0.0.1:" + http.gatewayPort();
            HttpClient client = HttpClient.newHttpClient();
            out.println("Gateway on " + base + "; order-service on port " + http.port("order-service")
                    + ", inventory-service on " + http.port("inventory-service") + ", payment-service on "
                    + http.port("payment-service") + " (registered by name; clients only use the gateway).");
            out.println();
            out.println("1. alice orders 2 books:      " + call(client, base, "POST", "/api/orders",
                    "{\"orderId\":\"o-1\",\"customerId\":\"alice\",\"sku\":\"book\",\"quantity\":2,\"unitPriceCents\":1250}", token));
            out.println("2. bob cannot pay for 4:      " + call(client, base, "POST", "/api/orders",
                    "{\"orderId\":\"o-2\",\"customerId\":\"bob\",\"sku\":\"book\",\"quantity\":4,\"unitPriceCents\":1250}", token));
            out.println("3. without a token:           " + call(client, base, "GET", "/api/orders/o-1", null, null));
            out.println("4. the inventory instance dies (still registered):");
            http.kill("inventory-service");
            for (int i = 0; i < 5; i++) {
                out.println("   GET /api/stock/book        " + call(client, base, "GET", "/api/stock/book", null, token));
            }
            out.println("   the breaker of inventory-service is " + http.gateway().circuitBreaker("inventory-service").state());
            out.println();
            out.println("Try it (the token expires in an hour of the shop's clock):");
            out.println("  TOKEN=" + token);
            out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/api/orders/o-1");
            out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/api/wallets/alice");
            out.println("  curl -s -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\");
            out.println("       -d '{\"orderId\":\"o-3\",\"customerId\":\"alice\",\"sku\":\"book\",\"quantity\":1,\"unitPriceCents\":1250}' "
                    + base + "/api/orders");
            out.println("  curl -s " + base.replace(Integer.toString(http.gatewayPort()), Integer.toString(http.port("order-service")))
                    + "/health/ready");
            if (keepRunning) {
                out.println();
                out.println("Serving until Enter (or end of input).");
                out.flush();
                in.read();
            }
            out.println("Shutting down.");
        }
        return 0;
    }

    private static String token(String secret, ManualTimeSource time) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer("shop-frontend").expirationTime(Date.from(time.instant().plusSeconds(3600))).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String call(HttpClient client, String base, String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
