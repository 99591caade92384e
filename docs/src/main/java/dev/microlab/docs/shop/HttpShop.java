package dev.microlab.docs.shop;

import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.TimeSource;
import dev.microlab.gateway.ApiGateway;
import dev.microlab.observability.MicrolabTracing;
import dev.microlab.registry.ServiceRegistry;
import dev.microlab.registry.ServiceSnapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The shop over HTTP in one JVM: the gateway process's parts ({@link ShopGateway}: the gateway,
 * the registry on its admin listener) and the four services ({@link ShopService}), each on its own
 * loopback port, talking over real sockets exactly as when each runs in its own JVM
 * ({@link ShopProcesses}): the services register over HTTP, the registry checks their
 * {@code /health/ready} over HTTP, the order service calls the others over HTTP. What one JVM
 * gives a test is speed and access to the parts (the gateway's breakers, a service's store).
 *
 * <pre>{@code
 * try (HttpShop shop = HttpShop.start(secrets, new HttpShop.Options().stock("book", 10).wallet("alice", 10_000))) {
 *     // curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:<shop.gatewayPort()>/api/orders
 * }
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class HttpShop implements AutoCloseable {

    /** The shop's kong.yml, a resource beside this class. */
    public static final String KONG_YML = "kong.yml";

    private final ShopGateway gateway;
    private final Map<String, ShopService> services = new LinkedHashMap<>();

    private HttpShop(Secrets secrets, Options options) throws IOException, InterruptedException {
        ShopGateway.Options g = new ShopGateway.Options().secrets(secrets).time(options.time)
                .proxy(new InetSocketAddress("127.0.0.1", 0)).admin(new InetSocketAddress("127.0.0.1", 0))
                .checkInterval(options.checkInterval);
        if (options.meterRegistry != null) {
            g.meterRegistry(options.meterRegistry);
        }
        if (options.tracing != null) {
            g.tracing(options.tracing);
        }
        this.gateway = ShopGateway.start(g);
        try {
            for (ShopService.Kind kind : ShopService.Kind.values()) {
                ShopService.Options s = options.services.copy().bind(new InetSocketAddress("127.0.0.1", 0))
                        .instanceId(kind.serviceName() + "-1")
                        .registry(URI.create("http://127.0.0.1:" + gateway.adminPort()));
                services.put(kind.serviceName(), ShopService.start(kind, s));
            }
            for (String name : services.keySet()) {
                awaitPassing(gateway.registry(), name, options.startTimeout);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Waits (on the registry's watch, no polling) until {@code service} has a passing instance.
     *
     * @throws IllegalStateException if it has none after {@code timeout}
     */
    static void awaitPassing(ServiceRegistry registry, String service, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long index = ServiceRegistry.FIRST_INDEX;
        while (registry.passingInstances(service).isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(service + " did not pass its health check within " + timeout
                        + ": " + registry.snapshot(service));
            }
            ServiceSnapshot snapshot = registry.watch(service, index, Duration.ofNanos(left));
            index = snapshot.index();
        }
    }

    /**
     * Starts the gateway and the four services; returns once every service passes its registry check.
     * {@code secrets} must hold {@code shop-jwt-secret}.
     *
     * @throws dev.microlab.gateway.KongConfigException if the secret is missing (named, never shown)
     */
    public static HttpShop start(Secrets secrets, Options options) throws IOException, InterruptedException {
        Objects.requireNonNull(secrets, "secrets must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return new HttpShop(secrets, options);
    }

    /** The gateway's proxy port: the only address a client uses. */
    public int gatewayPort() {
        return gateway.port();
    }

    /** The gateway's admin port (its health, its status, the registry). */
    public int adminPort() {
        return gateway.adminPort();
    }

    /** The gateway (its breakers, its config). */
    public ApiGateway gateway() {
        return gateway.gateway();
    }

    /** The registry the services registered in (served by the gateway process). */
    public ServiceRegistry registry() {
        return gateway.registry();
    }

    /** The service registered as {@code name} ({@code order-service}, ...). */
    public ShopService service(String name) {
        return Objects.requireNonNull(services.get(name), () -> "no service '" + name + "'; known: " + services.keySet());
    }

    /** The port of one service (to show that clients never need it). */
    public int port(String service) {
        return service(service).port();
    }

    /** Stops {@code service}'s HTTP server and leaves it registered: a dead instance, as after a crash. */
    public void kill(String service) {
        service(service).kill();
    }

    /** Stops every service (each deregisters), then the gateway. */
    @Override
    public void close() {
        services.values().forEach(ShopService::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Options of {@link #start}. Not threadsafe: use from one thread. */
    public static final class Options {
        final ShopService.Options services = new ShopService.Options();
        TimeSource time = TimeSource.system();
        Duration checkInterval = Duration.ofSeconds(10);
        Duration startTimeout = Duration.ofSeconds(30);
        io.micrometer.core.instrument.MeterRegistry meterRegistry;
        MicrolabTracing tracing;

        /** No stock, no wallets, the system clock, checks every 10 s. */
        public Options() {
        }

        /** Puts {@code quantity} of {@code sku} in the inventory. */
        public Options stock(String sku, int quantity) {
            services.stock(sku, quantity);
            return this;
        }

        /** Puts {@code cents} in {@code customerId}'s wallet. */
        public Options wallet(String customerId, long cents) {
            services.wallet(customerId, cents);
            return this;
        }

        /** The gateway's clock (JWT expiry, rate-limit windows). */
        public Options time(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time must not be null");
            return this;
        }

        /** How often the registry probes each service's {@code /health/ready} (default 10 s). */
        public Options checkInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval must not be null");
            this.checkInterval = interval;
            return this;
        }

        /** Where the gateway's prometheus plugin records. */
        public Options meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry must not be null");
            return this;
        }

        /** Traces the gateway and every service, with the trace context carried over HTTP. */
        public Options tracing(MicrolabTracing tracing) {
            this.tracing = Objects.requireNonNull(tracing, "tracing must not be null");
            services.tracing(tracing);
            return this;
        }
    }
}
