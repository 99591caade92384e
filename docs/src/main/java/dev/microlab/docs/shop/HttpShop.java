package dev.microlab.docs.shop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.TimeSource;
import dev.microlab.docs.shop.inventory.api.GetStock;
import dev.microlab.docs.shop.order.api.GetOrder;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.docs.shop.payment.api.GetWallet;
import dev.microlab.gateway.ApiGateway;
import dev.microlab.gateway.KongConfig;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The reference shop's edge over real HTTP: the order, inventory and payment APIs each served by
 * its own JDK HTTP server on a loopback port, each registered in a {@link ServiceRegistry} under
 * its service name, and reached only through an {@link ApiGateway} configured by the shop's
 * {@code kong.yml} (jwt, rate limiting, circuit breaker, cors, prometheus, correlation id).
 *
 * <p>Behind the HTTP edge the services still talk to each other in-process, through the
 * {@link Shop} they wrap (its saga, its simulated network): serving each service from its own JVM
 * and carrying events over messaging are not done yet.
 *
 * <p>Each service answers {@code GET /health/live} (the process is up) and {@code GET /health/ready}
 * (it can serve: {@link #setReady}). Orders are placed one at a time: the shop plays its saga
 * on its virtual clock, which is not meant for concurrent callers.
 *
 * <p>This class is threadsafe.
 */
public final class HttpShop implements AutoCloseable {

    /** The shop's kong.yml, a resource beside this class. */
    public static final String KONG_YML = "kong.yml";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Shop shop;
    private final ServiceRegistry registry;
    private final Map<String, HttpServer> services = new LinkedHashMap<>();
    private final Map<String, Boolean> ready = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "microlab-shop-http");
        t.setDaemon(true);
        return t;
    });
    private final ApiGateway gateway;

    private HttpShop(Shop shop, Secrets secrets, TimeSource time, Options options) throws IOException {
        this.shop = shop;
        this.registry = ServiceRegistry.builder().timeSource(time).build();
        serve("order-service", this::orders);
        serve("inventory-service", this::stock);
        serve("payment-service", this::wallets);
        KongConfig config;
        try (InputStream in = HttpShop.class.getResourceAsStream(KONG_YML)) {
            config = KongConfig.parse(new String(Objects.requireNonNull(in, KONG_YML).readAllBytes(), StandardCharsets.UTF_8),
                    KONG_YML, secrets);
        }
        ApiGateway.Builder builder = ApiGateway.builder(config).timeSource(time).registry(registry);
        if (options.meterRegistry != null) {
            builder.meterRegistry(options.meterRegistry);
        }
        this.gateway = builder.start(new InetSocketAddress("127.0.0.1", 0));
    }

    /** Options of {@link #start}. */
    public static final class Options {
        io.micrometer.core.instrument.MeterRegistry meterRegistry;

        /** Where the gateway's prometheus plugin records. */
        public Options meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry must not be null");
            return this;
        }
    }

    /**
     * Serves {@code shop} over HTTP behind a gateway; {@code secrets} must hold {@code shop-jwt-secret}.
     *
     * @throws dev.microlab.gateway.KongConfigException if the secret is missing (named, never shown)
     */
    public static HttpShop start(Shop shop, Secrets secrets, TimeSource time, Options options)
            throws IOException {
        Objects.requireNonNull(shop, "shop must not be null");
        Objects.requireNonNull(secrets, "secrets must not be null");
        Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return new HttpShop(shop, secrets, time, options);
    }

    /** The gateway's port: the only address a client uses. */
    public int gatewayPort() {
        return gateway.port();
    }

    /** The gateway (its breakers, its config). */
    public ApiGateway gateway() {
        return gateway;
    }

    /** The registry the services registered in. */
    public ServiceRegistry registry() {
        return registry;
    }

    /** The port of one service (to show that clients never need it). */
    public int port(String service) {
        return services.get(service).getAddress().getPort();
    }

    /** Marks {@code service} ready or not: {@code /health/ready} answers 200 or 503. */
    public void setReady(String service, boolean isReady) {
        ready.put(service, isReady);
    }

    /** Stops {@code service}'s HTTP server and leaves it registered: a dead instance, as after a crash. */
    public void kill(String service) {
        services.get(service).stop(0);
    }

    private interface Route {
        void handle(HttpExchange exchange, String rest) throws IOException;
    }

    private void serve(String name, Route route) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        ready.put(name, true);
        server.createContext("/health/live", ex -> reply(ex, 200, Map.of("status", "UP")));
        server.createContext("/health/ready", ex -> {
            boolean isReady = ready.getOrDefault(name, false);
            reply(ex, isReady ? 200 : 503, Map.of("status", isReady ? "UP" : "OUT_OF_SERVICE"));
        });
        // the gateway strips the route's prefix (/api/orders), so the service sees "/" + rest
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            try {
                route.handle(ex, path.length() > 1 ? path.substring(1) : "");
            } catch (IllegalArgumentException e) {
                reply(ex, 400, Map.of("message", e.getMessage()));
            } catch (RuntimeException e) {
                reply(ex, 500, Map.of("message", "internal error"));
            }
        });
        server.start();
        services.put(name, server);
        registry.register(ServiceInstance.of(name, name + "-1", "127.0.0.1", server.getAddress().getPort()));
    }

    private void orders(HttpExchange ex, String id) throws IOException {
        if ("POST".equals(ex.getRequestMethod()) && id.isEmpty()) {
            PlaceOrder command;
            try (InputStream in = ex.getRequestBody()) {
                command = JSON.readValue(in, PlaceOrder.class);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                reply(ex, 400, Map.of("message", "body must be a PlaceOrder: " + e.getOriginalMessage()));
                return;
            }
            try {
                Object receipt;
                synchronized (shop) {
                    receipt = shop.place(command);
                }
                reply(ex, 200, receipt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(ex, 503, Map.of("message", "interrupted"));
            }
        } else if ("GET".equals(ex.getRequestMethod()) && !id.isEmpty()) {
            Object view;
            synchronized (shop) {
                view = shop.orders().order(new GetOrder(id)).orElse(null);
            }
            if (view == null) {
                reply(ex, 404, Map.of("message", "no order '" + id + "'"));
            } else {
                reply(ex, 200, view);
            }
        } else if ("GET".equals(ex.getRequestMethod())) {
            List<Object> all;
            synchronized (shop) {
                all = new ArrayList<>(shop.orders().orders());
            }
            reply(ex, 200, all);
        } else {
            reply(ex, 405, Map.of("message", "use POST /orders or GET /orders/{id}"));
        }
    }

    private void stock(HttpExchange ex, String sku) throws IOException {
        synchronized (shop) {
            reply(ex, 200, shop.inventory().stock(new GetStock(sku)));
        }
    }

    private void wallets(HttpExchange ex, String customer) throws IOException {
        synchronized (shop) {
            reply(ex, 200, shop.payments().wallet(new GetWallet(customer)));
        }
    }

    private static void reply(HttpExchange ex, int status, Object body) throws IOException {
        try (ex) {
            byte[] bytes = JSON.writeValueAsBytes(body);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops the gateway and every service. */
    @Override
    public void close() {
        gateway.close();
        services.values().forEach(s -> s.stop(0));
        executor.shutdownNow();
        registry.close();
    }
}
