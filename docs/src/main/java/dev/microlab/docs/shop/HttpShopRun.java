package dev.microlab.docs.shop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.TimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code run shop --http}: starts the shop as five JVMs ({@link ShopProcesses}: the gateway with the
 * registry, and order, inventory, payment and shipping, each its own process), plays an order, a
 * declined payment and a killed process through the gateway over real HTTP, prints the curl
 * commands a reader can try, and (with {@code --keep-running}) serves until Ctrl-C or SIGTERM (or
 * Enter, on a terminal; the end of standard input, as in a container, does not stop it), then stops
 * every child.
 *
 * <p>The JWT secret comes from {@code SHOP_JWT_SECRET} (or {@code SHOP_JWT_SECRET_FILE}); when
 * neither is set, a random one is made for this run and handed to the gateway's process in its
 * environment. The secret is never printed; the token a reader needs is.
 */
public final class HttpShopRun {

    private HttpShopRun() {
    }

    /**
     * Runs the story with this process's environment; with {@code keepRunning}, serves until this JVM
     * is stopped (Ctrl-C, SIGTERM) or a line is read from {@code in}. Returns the process exit code.
     */
    public static int run(boolean keepRunning, InputStream in, PrintStream out) throws Exception {
        CompletableFuture<String> stop = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.complete("the JVM is stopping (Ctrl-C or SIGTERM)");
            try {
                stopped.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "microlab-shop-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(keepRunning, in, out, System.getenv(), stop);
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook is waiting for this
            }
        }
    }

    /** Runs the story once, with secrets from {@code env}; returns the process exit code. */
    public static int run(boolean keepRunning, InputStream in, PrintStream out, Map<String, String> env) throws Exception {
        return run(keepRunning, in, out, env, new CompletableFuture<>());
    }

    /**
     * Runs the story with secrets from {@code env}; with {@code keepRunning}, serves until {@code stop}
     * completes (with the reason) or a line is read from {@code in}. Returns the process exit code.
     */
    public static int run(boolean keepRunning, InputStream in, PrintStream out, Map<String, String> env,
            CompletableFuture<String> stop) throws Exception {
        Map<String, String> environment = new HashMap<>(env);
        Secrets secrets = Secrets.from(environment);
        if (secrets.find("shop-jwt-secret").isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            environment.put("SHOP_JWT_SECRET", Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            secrets = Secrets.from(environment);
            out.println("SHOP_JWT_SECRET is not set: using a random secret for this run (not shown).");
        }
        String secret = secrets.require("shop-jwt-secret");
        Map<String, String> children = new HashMap<>();
        children.put("SHOP_JWT_SECRET", secret);
        children.put("SHOP_STOCK", "book=100");
        children.put("SHOP_WALLETS", "alice=10000,bob=500");
        Path logs = Files.createTempDirectory("microlab-shop-");
        out.println("Starting the gateway (with the registry) and order, inventory, payment and shipping, each in its own JVM...");
        out.flush();
        try (ShopProcesses shop = ShopProcesses.start(children, logs)) {
            String token = token(secret, TimeSource.system());
            String base = "http://127.0.0.1:" + shop.gatewayPort();
            String admin = "http://127.0.0.1:" + shop.adminPort();
            HttpClient client = HttpClient.newHttpClient();
            for (String p : ShopProcesses.PROCESSES) {
                out.printf("  %-9s pid %-7d port %d%s%n", p, shop.process(p).pid(), shop.port(p),
                        p.equals("gateway") ? " (proxy), admin port " + shop.adminPort() + " (health, status, registry)" : "");
            }
            out.println("Clients only use the gateway; the services registered by name. Logs: " + logs);
            out.println();
            // the reader's side of the trace: a traceparent the gateway continues
            SecureRandom random = new SecureRandom();
            String traceId = String.format("%016x%016x", random.nextLong(), random.nextLong());
            String clientSpan = String.format("%016x", random.nextLong() | 1);
            out.println("1. alice orders 2 books:      " + call(client, base, "POST", "/api/orders",
                    "{\"orderId\":\"o-1\",\"customerId\":\"alice\",\"sku\":\"book\",\"quantity\":2,\"unitPriceCents\":1250}", token,
                    "00-" + traceId + "-" + clientSpan + "-01"));
            List<SpanFile.Line> trace = awaitTrace(logs, traceId, clientSpan);
            out.println("   its trace " + traceId + ", put together from the processes' span files:");
            SpanFile.tree(trace, clientSpan).forEach(line -> out.println("     " + line));
            out.println("2. bob cannot pay for 4:      " + call(client, base, "POST", "/api/orders",
                    "{\"orderId\":\"o-2\",\"customerId\":\"bob\",\"sku\":\"book\",\"quantity\":4,\"unitPriceCents\":1250}", token));
            out.println("3. without a token:           " + call(client, base, "GET", "/api/orders/o-1", null, null));
            out.println("4. the inventory process is killed (SIGKILL, pid " + shop.process("inventory").pid()
                    + "); it stays registered until its health check fails:");
            shop.kill("inventory");
            for (int i = 0; i < 5; i++) {
                out.println("   GET /api/stock/book        " + call(client, base, "GET", "/api/stock/book", null, token));
            }
            out.println("   the gateway's breakers:    " + call(client, admin, "GET", "/status", null, null));
            out.println("   the order service is ready: " + call(client, "http://127.0.0.1:" + shop.port("order"), "GET",
                    "/health/ready", null, null));
            out.println();
            out.println("Try it (the token expires in an hour):");
            out.println("  TOKEN=" + token);
            out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/api/orders/o-1");
            out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/api/wallets/alice");
            out.println("  curl -s -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\");
            out.println("       -d '{\"orderId\":\"o-3\",\"customerId\":\"alice\",\"sku\":\"book\",\"quantity\":1,\"unitPriceCents\":1250}' "
                    + base + "/api/orders");
            out.println("  curl -s http://127.0.0.1:" + shop.port("order") + "/health/ready");
            out.println("  curl -s " + admin + "/v1/health/service/inventory-service   # the registry: inventory is critical");
            if (keepRunning) {
                out.println();
                out.println("Serving until Ctrl-C or SIGTERM (`kill " + ProcessHandle.current().pid() + "`), or Enter.");
                out.flush();
                Thread reader = new Thread(() -> {
                    try {
                        if (in.read() >= 0) {
                            stop.complete("Enter");
                        } else {
                            out.println("(standard input ended, as in a container: still serving; stop with Ctrl-C or SIGTERM)");
                            out.flush();
                        }
                    } catch (IOException e) {
                        // no input to read: only a signal stops the run
                    }
                }, "microlab-shop-run-input");
                reader.setDaemon(true);
                reader.start();
                out.println("Stopping: " + stop.get() + ".");
            }
            out.println("Shutting down.");
        }
        out.println("Every child process has exited.");
        return 0;
    }

    private static String token(String secret, TimeSource time) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer("shop-frontend").expirationTime(Date.from(time.instant().plusSeconds(3600))).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /**
     * The spans of {@code traceId} once the gateway's (the child of {@code clientSpan}, the last to end)
     * and the order service's are written, or what is there after 5 s.
     */
    private static List<SpanFile.Line> awaitTrace(Path logs, String traceId, String clientSpan) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            List<SpanFile.Line> trace = SpanFile.read(logs, traceId);
            boolean gateway = trace.stream().anyMatch(l -> l.parentSpanId().equals(clientSpan));
            boolean order = trace.stream().anyMatch(l -> l.service().equals("order-service") && l.kind().equals("server"));
            if ((gateway && order) || System.nanoTime() > deadline) {
                return trace;
            }
            Thread.sleep(50); // another process writes the spans as they end: nothing to be told by
        }
    }

    private static String call(HttpClient client, String base, String method, String path, String body, String token)
            throws IOException, InterruptedException {
        return call(client, base, method, path, body, token, null);
    }

    private static String call(HttpClient client, String base, String method, String path, String body, String token,
            String traceparent) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (traceparent != null) {
            b.header("traceparent", traceparent);
        }
        HttpResponse<String> response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
