package dev.microlab.docs.shop;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import dev.microlab.gateway.ApiGateway;
import dev.microlab.gateway.KongConfig;
import dev.microlab.observability.MicrolabTracing;
import dev.microlab.registry.HealthCheck;
import dev.microlab.registry.HealthProbe;
import dev.microlab.registry.Registration;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop's edge process: the {@link ApiGateway} running the shop's kong.yml on the proxy port,
 * and an admin listener on a second port that no route can reach (as Kong's status listener,
 * 8100 by default, sits beside its proxy on 8000). The admin listener serves:
 *
 * <ul>
 *   <li>{@code GET /health/live} (the process is up) and {@code GET /health/ready} (kong.yml is
 *       loaded and, in registry mode, the registry is open), the gateway's probes;</li>
 *   <li>{@code GET /status}: the state of each service's circuit breaker;</li>
 *   <li>in registry mode, the shop's service registry over a subset of Consul's HTTP API:
 *       {@code PUT /v1/agent/service/register}, {@code PUT /v1/agent/service/deregister/<id>},
 *       {@code GET /v1/health/service/<name>[?passing]}. A registration carries an HTTP check on the
 *       instance's {@code /health/ready}, which this process runs on its interval: only passing
 *       instances receive traffic.</li>
 * </ul>
 *
 * <p>In {@link Discovery#DNS} mode (Kubernetes) there is no registry: kong.yml's upstream hosts
 * ({@code order-service:8000}) are Kubernetes Service names, and kube-proxy balances over the
 * pods whose readiness probe passes.
 *
 * <pre>{@code
 * try (ShopGateway gateway = ShopGateway.start(new ShopGateway.Options().secrets(secrets))) {
 *     // services register at http://127.0.0.1:<gateway.adminPort()>/v1/agent/service/register
 * }
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class ShopGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShopGateway.class);
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** How services find each other. */
    public enum Discovery {
        /** Through the registry the gateway process serves (one machine, or any set of processes). */
        REGISTRY,
        /** Through DNS names, as Kubernetes Services give them; no registry. */
        DNS
    }

    private final Options options;
    private final ServiceRegistry registry;
    private final ScheduledExecutorService checks;
    private final HttpClient probes = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService adminThreads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "microlab-gateway-admin");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer admin;
    private final ApiGateway gateway;
    private final KongConfig config;

    private ShopGateway(Options o) throws IOException {
        this.options = o;
        this.config = KongConfig.parse(o.kongYml(), o.kongYmlSource(), o.secrets);
        if (o.discovery == Discovery.REGISTRY) {
            this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "microlab-registry-checks");
                t.setDaemon(true);
                return t;
            });
            this.registry = ServiceRegistry.builder().scheduler(Scheduler.of(checks)).build();
        } else {
            this.checks = null;
            this.registry = null;
        }
        ApiGateway.Builder builder = ApiGateway.builder(config).timeSource(o.time);
        if (registry != null) {
            builder.registry(registry);
        }
        if (o.meterRegistry != null) {
            builder.meterRegistry(o.meterRegistry);
        }
        if (o.tracing != null) {
            builder.tracing(o.tracing);
        }
        this.admin = HttpServer.create(o.admin, 0);
        admin.setExecutor(adminThreads);
        admin.createContext("/health/live", ex -> ShopHttp.reply(ex, 200, Map.of("status", "UP")));
        admin.createContext("/health/ready", this::ready);
        admin.createContext("/status", ex -> ShopHttp.reply(ex, 200, Map.of("breakers", breakers())));
        if (registry != null) {
            admin.createContext("/v1/agent/service/", this::agent);
            admin.createContext("/v1/health/service/", this::health);
        }
        admin.start();
        ApiGateway started;
        try {
            started = builder.start(o.proxy);
        } catch (IOException | RuntimeException e) {
            admin.stop(0);
            throw e;
        }
        this.gateway = started;
        LOG.info("api-gateway: proxy on port {}, admin (health, status{}) on port {}", gateway.port(),
                registry == null ? "" : ", registry", adminPort());
    }

    /** Starts the gateway and its admin listener. */
    public static ShopGateway start(Options options) throws IOException {
        Objects.requireNonNull(options, "options must not be null");
        if (options.secrets == null) {
            throw new IllegalArgumentException("secrets must be set: the gateway's kong.yml needs shop-jwt-secret");
        }
        return new ShopGateway(options);
    }

    /** The proxy's port: the only address a client uses. */
    public int port() {
        return gateway.port();
    }

    /** The admin listener's port (health, status, registry). */
    public int adminPort() {
        return admin.getAddress().getPort();
    }

    /** The gateway. */
    public ApiGateway gateway() {
        return gateway;
    }

    /** The registry the services register in, or null in {@link Discovery#DNS} mode. */
    public ServiceRegistry registry() {
        return registry;
    }

    private Map<String, String> breakers() {
        Map<String, String> states = new LinkedHashMap<>();
        for (KongConfig.Service s : config.services()) {
            CircuitBreaker breaker = gateway == null ? null : gateway.circuitBreaker(s.name());
            if (breaker != null) {
                states.put(s.name(), breaker.state().toString());
            }
        }
        return states;
    }

    /**
     * Ready once kong.yml is loaded: the gateway's dependencies live in its own process (its
     * config, its registry). Whether upstreams answer is not the gateway's readiness: a gateway
     * taken out of service because a backend is down would turn one failure into an outage.
     */
    private void ready(HttpExchange ex) throws IOException {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("config", "UP: " + config.services().size() + " services from " + options.kongYmlSource());
        if (registry != null) {
            int passing = 0;
            int all = 0;
            for (String service : registry.services()) {
                all += registry.instances(service).size();
                passing += registry.passingInstances(service).size();
            }
            checks.put("registry", "UP: " + all + " instances registered, " + passing + " passing");
        }
        ShopHttp.reply(ex, 200, Map.of("status", "UP", "checks", checks));
    }

    // ------------------------------------------------------------------ the registry over Consul's API

    private void agent(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!"PUT".equals(ex.getRequestMethod())) {
            ShopHttp.reply(ex, 405, Map.of("message", "use PUT " + path));
        } else if (path.equals("/v1/agent/service/register")) {
            register(ex);
        } else if (path.startsWith("/v1/agent/service/deregister/")) {
            String id = path.substring("/v1/agent/service/deregister/".length());
            boolean removed = false;
            for (String service : registry.services()) {
                removed |= registry.deregister(service, id);
            }
            ShopHttp.reply(ex, removed ? 200 : 404, Map.of("deregistered", removed, "ID", id));
        } else {
            ShopHttp.reply(ex, 404, Map.of("message", "no endpoint " + path));
        }
    }

    private void register(HttpExchange ex) throws IOException {
        JsonNode body;
        try (InputStream in = ex.getRequestBody()) {
            body = ShopHttp.JSON.readTree(in);
        } catch (JacksonException e) {
            ShopHttp.reply(ex, 400, Map.of("message", "body must be JSON: " + e.getOriginalMessage()));
            return;
        }
        List<String> errors = new ArrayList<>();
        String id = text(body, "ID", errors);
        String name = text(body, "Name", errors);
        String address = text(body, "Address", errors);
        int port = body.path("Port").asInt(-1);
        if (port < 1 || port > 65535) {
            errors.add("Port must be in [1, 65535], but was " + body.path("Port"));
        }
        JsonNode check = body.path("Check");
        String http = check.path("HTTP").asText("");
        Duration interval = duration(check.path("Interval").asText(""), options.checkInterval, "Check.Interval", errors);
        Duration timeout = duration(check.path("Timeout").asText(""), Duration.ofSeconds(5), "Check.Timeout", errors);
        Duration reap = duration(check.path("DeregisterCriticalServiceAfter").asText(""), Duration.ofMinutes(1),
                "Check.DeregisterCriticalServiceAfter", errors);
        if (http.isEmpty()) {
            errors.add("Check.HTTP must be the URL of the instance's health endpoint");
        }
        if (!errors.isEmpty()) {
            ShopHttp.reply(ex, 400, Map.of("message", String.join("; ", errors)));
            return;
        }
        try {
            registry.register(Registration.of(ServiceInstance.of(name, id, address, port)).withoutLease()
                    .withCheck(HealthCheck.active("http " + http, HealthProbe.http(probes, URI.create(http)))
                            .interval(interval).timeout(timeout).deregisterCriticalAfter(reap).build()));
        } catch (IllegalArgumentException e) {
            ShopHttp.reply(ex, 400, Map.of("message", String.valueOf(e.getMessage())));
            return;
        }
        LOG.info("registered {} ({}) at {}:{}, checked at {} every {}", id, name, address, port, http, interval);
        ShopHttp.reply(ex, 200, Map.of("registered", id));
    }

    private static String text(JsonNode body, String field, List<String> errors) {
        String value = body.path(field).asText("");
        if (value.isBlank()) {
            errors.add(field + " must be set");
        }
        return value;
    }

    /** A Go duration as Consul writes it ({@code 10s}, {@code 500ms}, {@code 1m}); blank means {@code otherwise}. */
    static Duration duration(String text, Duration otherwise, String field, List<String> errors) {
        if (text.isBlank()) {
            return otherwise;
        }
        Matcher m = GO_DURATION.matcher(text.trim());
        if (!m.matches()) {
            errors.add(field + " must be a duration such as 10s, 500ms or 1m, but was '" + text + "'");
            return otherwise;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private void health(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring("/v1/health/service/".length());
        String query = ex.getRequestURI().getQuery();
        boolean passingOnly = query != null && Set.of(query.split("&")).contains("passing");
        Set<ServiceInstance> passing = Set.copyOf(registry.passingInstances(name));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (ServiceInstance i : registry.instances(name)) {
            boolean isPassing = passing.contains(i);
            if (passingOnly && !isPassing) {
                continue;
            }
            entries.add(Map.of("Service", Map.of("ID", i.instanceId(), "Service", i.service(), "Address", i.host(),
                    "Port", i.port()), "Checks", List.of(Map.of("Status", isPassing ? "passing" : "critical"))));
        }
        ShopHttp.reply(ex, 200, entries);
    }

    /** Stops the proxy, the admin listener and the registry's checks. */
    @Override
    public void close() {
        gateway.close();
        admin.stop(0);
        adminThreads.shutdownNow();
        if (registry != null) {
            registry.close();
            checks.shutdownNow();
        }
    }

    /**
     * Options of {@link #start}: where to listen, the secrets kong.yml needs, how services are
     * discovered. Not threadsafe: use from one thread.
     */
    public static final class Options {
        InetSocketAddress proxy = new InetSocketAddress("0.0.0.0", 8000);
        InetSocketAddress admin = new InetSocketAddress("0.0.0.0", 8100);
        Secrets secrets;
        TimeSource time = TimeSource.system();
        Discovery discovery = Discovery.REGISTRY;
        Duration checkInterval = Duration.ofSeconds(10);
        Path kongYml;
        io.micrometer.core.instrument.MeterRegistry meterRegistry;
        MicrolabTracing tracing;

        /** Options with the defaults: proxy on 0.0.0.0:8000, admin on 0.0.0.0:8100, registry mode. */
        public Options() {
        }

        /** Where the proxy listens (port 0: any free port). */
        public Options proxy(InetSocketAddress address) {
            this.proxy = Objects.requireNonNull(address, "address must not be null");
            return this;
        }

        /** Where the admin listener (health, status, registry) listens. */
        public Options admin(InetSocketAddress address) {
            this.admin = Objects.requireNonNull(address, "address must not be null");
            return this;
        }

        /** Where kong.yml's {@code {vault://env/shop-jwt-secret}} is found. */
        public Options secrets(Secrets secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets must not be null");
            return this;
        }

        /** The gateway's clock (JWT expiry, rate-limit windows); default the system's. */
        public Options time(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time must not be null");
            return this;
        }

        /** How upstreams are found: {@link Discovery#REGISTRY} (default) or {@link Discovery#DNS}. */
        public Options discovery(Discovery discovery) {
            this.discovery = Objects.requireNonNull(discovery, "discovery must not be null");
            return this;
        }

        /**
         * How often the registry probes an instance that registered without its own
         * {@code Check.Interval} (default 10 s, Consul's usual).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Options checkInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval must not be null");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("checkInterval must be positive, but was " + interval);
            }
            this.checkInterval = interval;
            return this;
        }

        /** A kong.yml file to load instead of the shop's own (Kubernetes mounts the ConfigMap's). */
        public Options kongYml(Path file) {
            this.kongYml = Objects.requireNonNull(file, "file must not be null");
            return this;
        }

        /** Where the gateway's prometheus plugin records. */
        public Options meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry must not be null");
            return this;
        }

        /** Traces every proxied request, with the W3C trace context passed to the upstream. */
        public Options tracing(MicrolabTracing tracing) {
            this.tracing = Objects.requireNonNull(tracing, "tracing must not be null");
            return this;
        }

        String kongYmlSource() {
            return kongYml == null ? HttpShop.KONG_YML : kongYml.toString();
        }

        String kongYml() throws IOException {
            if (kongYml != null) {
                return Files.readString(kongYml);
            }
            try (InputStream in = HttpShop.class.getResourceAsStream(HttpShop.KONG_YML)) {
                return new String(Objects.requireNonNull(in, HttpShop.KONG_YML).readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
