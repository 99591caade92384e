package dev.microlab.docs.shop;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.circuitbreaker.CircuitBreakerConfig;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.Sleeper;
import dev.microlab.core.time.TimeSource;
import dev.microlab.docs.shop.inventory.api.GetStock;
import dev.microlab.docs.shop.inventory.api.InventoryService;
import dev.microlab.docs.shop.inventory.internal.InventoryLedger;
import dev.microlab.docs.shop.order.api.GetOrder;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.docs.shop.order.internal.OrderApplication;
import dev.microlab.docs.shop.order.internal.Remote;
import dev.microlab.docs.shop.payment.api.GetWallet;
import dev.microlab.docs.shop.payment.api.PaymentService;
import dev.microlab.docs.shop.payment.internal.PaymentInstance;
import dev.microlab.docs.shop.payment.internal.PaymentLedger;
import dev.microlab.docs.shop.shipping.api.ShippingService;
import dev.microlab.docs.shop.shipping.internal.ShipmentBook;
import dev.microlab.eventstore.EventStore;
import dev.microlab.observability.Correlation;
import dev.microlab.observability.MicrolabTracing;
import dev.microlab.registry.CallDecorator;
import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.Registration;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import dev.microlab.saga.SagaAction;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the shop's services as a process of its own: an HTTP server (the JDK's) on its own port,
 * registered in the shop's registry with an HTTP check on its {@code /health/ready}, reaching the
 * other services only over HTTP. {@link ShopMain} runs one per JVM; {@link HttpShop} runs the four
 * of them and the gateway in one JVM, still over real sockets.
 *
 * <p>Every service serves {@code GET /health/live} (the process answers) and {@code GET
 * /health/ready}: 200 only when each of its dependencies is usable — its entry in the registry
 * (registry mode) and its event store (order, inventory, payment; shipping keeps plain state) — else
 * 503 with a JSON body naming what is not ready. The order service does not make its readiness
 * depend on the services it calls: a downstream outage is handled per call (retry, breaker,
 * compensation), not by taking the order service out of rotation.
 *
 * <ul>
 *   <li>order-service: {@code POST /} places an order (runs the saga, calling inventory, payment and
 *       shipping over HTTP through {@link ServiceClient}s with retry and breaker), {@code GET /},
 *       {@code GET /<id>};</li>
 *   <li>inventory-service: {@code GET /<sku>}; payment-service: {@code GET /<customer>};
 *       shipping-service: no public route;</li>
 *   <li>the last three serve their api to other services as {@code POST /rpc/<method>}
 *       ({@link ShopHttp}).</li>
 * </ul>
 *
 * <pre>{@code
 * try (ShopService inventory = ShopService.start(ShopService.Kind.INVENTORY, new ShopService.Options()
 *         .bind(new InetSocketAddress("0.0.0.0", 8000)).registry(URI.create("http://127.0.0.1:8100")))) {
 *     // GET http://127.0.0.1:8000/health/ready
 * }
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class ShopService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShopService.class);

    /** The shop's four services, by their registry (and Kubernetes Service) names. */
    public enum Kind {
        /** The order service: the saga's orchestrator. */
        ORDER("order-service"),
        /** The inventory service. */
        INVENTORY("inventory-service"),
        /** The payment service. */
        PAYMENT("payment-service"),
        /** The shipping service. */
        SHIPPING("shipping-service");

        private final String serviceName;

        Kind(String serviceName) {
            this.serviceName = serviceName;
        }

        /** The name it registers under, e.g. {@code order-service}. */
        public String serviceName() {
            return serviceName;
        }

        /**
         * The kind named {@code name}: {@code order} or {@code order-service}, any case.
         *
         * @throws IllegalArgumentException naming the known services
         */
        public static Kind of(String name) {
            Objects.requireNonNull(name, "name must not be null");
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(name) || k.serviceName.equalsIgnoreCase(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no shop service '" + name
                    + "': use order, inventory, payment or shipping");
        }
    }

    private final Kind kind;
    private final Options options;
    private final String instanceId;
    private final String host;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService threads;
    private final HttpServer server;
    private final RegistryClient registryClient;
    private final EventStore store;
    private final ServiceRegistry peers;
    private final ScheduledExecutorService sagaTimers;
    private final OrderApplication orders;
    private final InventoryLedger inventory;
    private final PaymentService payments;
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private volatile boolean serving = true;

    private ShopService(Kind kind, Options o) throws IOException, InterruptedException {
        this.kind = kind;
        this.options = o;
        this.server = HttpServer.create(o.bind, 0);
        this.host = o.advertisedHost != null ? o.advertisedHost : advertised(o.bind);
        this.instanceId = o.instanceId != null ? o.instanceId
                : kind.serviceName + "-" + host.replace('.', '-') + "-" + server.getAddress().getPort();
        this.threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "microlab-" + kind.serviceName);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        this.registryClient = o.registry == null ? null : new RegistryClient(o.registry, client);
        TimeSource time = TimeSource.system();
        OrderApplication orderApp = null;
        InventoryLedger ledger = null;
        PaymentService payment = null;
        ServiceRegistry peerRegistry = null;
        ScheduledExecutorService timers = null;
        EventStore ownStore = null;
        switch (kind) {
            case ORDER -> {
                peerRegistry = ServiceRegistry.builder().timeSource(time).build();
                if (registryClient == null) {
                    // Kubernetes: a Service's DNS name and port stand for all its ready pods
                    for (Kind peer : List.of(Kind.INVENTORY, Kind.PAYMENT, Kind.SHIPPING)) {
                        InetSocketAddress at = o.peers.getOrDefault(peer,
                                InetSocketAddress.createUnresolved(peer.serviceName, o.peerPort));
                        peerRegistry.register(Registration.of(ServiceInstance.of(peer.serviceName, peer.serviceName,
                                at.getHostString(), at.getPort())).withoutLease());
                    }
                }
                timers = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "microlab-order-saga-timers");
                    t.setDaemon(true);
                    return t;
                });
                MicrolabTracing tracing = o.tracing;
                orderApp = new OrderApplication(time, Scheduler.of(timers), Runnable::run,
                        remote(peerRegistry, Kind.INVENTORY, InventoryService.class),
                        remote(peerRegistry, Kind.PAYMENT, PaymentService.class),
                        remote(peerRegistry, Kind.SHIPPING, ShippingService.class),
                        step -> inOrderService(tracing == null ? step : tracing.inStepSpan(step)),
                        tracing == null ? UnaryOperator.identity() : tracing::inject);
                if (tracing != null) {
                    tracing.traceSagas(orderApp.sagas());
                }
                ownStore = orderApp.store();
                OrderApplication app = orderApp;
                traced(server.createContext("/", ex -> publicRoute(ex, rest -> orders(app, ex, rest))));
            }
            case INVENTORY -> {
                ledger = new InventoryLedger(time);
                o.stock.forEach(ledger::restock);
                ownStore = ledger.store();
                InventoryLedger l = ledger;
                traced(ShopHttp.serveRpc(server, InventoryService.class, l));
                traced(server.createContext("/", ex -> publicRoute(ex, sku -> ShopHttp.reply(ex, 200, l.stock(new GetStock(sku))))));
            }
            case PAYMENT -> {
                PaymentLedger paymentLedger = new PaymentLedger(time);
                o.wallets.forEach(paymentLedger::fund);
                ownStore = paymentLedger.store();
                payment = new PaymentInstance(instanceId, paymentLedger);
                PaymentService p = payment;
                traced(ShopHttp.serveRpc(server, PaymentService.class, p));
                traced(server.createContext("/", ex -> publicRoute(ex, customer -> ShopHttp.reply(ex, 200,
                        p.wallet(new GetWallet(customer))))));
            }
            case SHIPPING -> {
                ShipmentBook book = new ShipmentBook(time);
                traced(ShopHttp.serveRpc(server, ShippingService.class, book));
                traced(server.createContext("/", ex -> publicRoute(ex, orderId -> book.shipmentOf(orderId).ifPresentOrElse(
                        s -> reply(ex, 200, s), () -> reply(ex, 404, Map.of("message", "no shipment of '" + orderId + "'"))))));
            }
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
        this.orders = orderApp;
        this.inventory = ledger;
        this.payments = payment;
        this.peers = peerRegistry;
        this.sagaTimers = timers;
        this.store = ownStore;
        server.createContext("/health/live", ex -> ShopHttp.reply(ex, 200, Map.of("status", "UP")));
        server.createContext("/health/ready", ex -> {
            Map<String, String> checks = readiness();
            boolean up = checks.values().stream().allMatch(v -> v.startsWith("UP"));
            ShopHttp.reply(ex, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN", "checks", checks));
        });
        server.start();
        if (registryClient != null) {
            try {
                register(o.registerTimeout);
            } catch (IOException | RuntimeException e) {
                server.stop(0);
                threads.shutdownNow();
                throw new IOException(kind.serviceName + " could not register with the registry at " + o.registry
                        + ": " + e.getMessage(), e);
            }
        }
        LOG.info("{} ({}) serving on {}:{}{}", kind.serviceName, instanceId, host, port(),
                registryClient == null ? ", peers by DNS name on port " + o.peerPort
                        : ", registered at " + o.registry);
    }

    /**
     * Registers, trying again with backoff while the registry cannot be reached (it may be
     * starting too), until {@code timeout} has passed.
     */
    private void register(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration wait = Duration.ofMillis(100);
        while (true) {
            try {
                registryClient.register(kind.serviceName, instanceId, host, port());
                return;
            } catch (IOException e) {
                if (System.nanoTime() + wait.toNanos() > deadline) {
                    throw e;
                }
                LOG.info("{}: the registry at {} did not answer ({}); trying again in {} ms", instanceId,
                        registryClient.base(), e.getMessage(), wait.toMillis());
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : wait.multipliedBy(2);
            }
        }
    }

    /**
     * Starts {@code kind} as {@code options} say: binds, serves, then registers.
     *
     * @throws IOException if the port cannot be bound or the registry cannot be reached
     */
    public static ShopService start(Kind kind, Options options) throws IOException, InterruptedException {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(options, "options must not be null");
        return new ShopService(kind, options);
    }

    private static String advertised(InetSocketAddress bind) {
        String h = bind.getAddress() == null ? bind.getHostString() : bind.getAddress().getHostAddress();
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0")) {
            String pod = System.getenv("HOSTNAME");
            return pod == null || pod.isBlank() ? "127.0.0.1" : pod;
        }
        return h;
    }

    /** Which service this is. */
    public Kind kind() {
        return kind;
    }

    /** The id it registered under. */
    public String instanceId() {
        return instanceId;
    }

    /** The port it serves on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Its event store (null for shipping, which keeps plain state): to take it away in a test. */
    public EventStore store() {
        return store;
    }

    /** The order service's breaker on calls to {@code peer} (order-service only). */
    public CircuitBreaker breaker(Kind peer) {
        return Objects.requireNonNull(breakers.get(peer.serviceName), () -> "no breaker on " + peer.serviceName
                + " in " + kind.serviceName + "; known: " + breakers.keySet());
    }

    /**
     * Each dependency of this service and whether it is usable: {@code "UP"} or {@code "DOWN: <why>"}.
     */
    public Map<String, String> readiness() {
        Map<String, String> checks = new LinkedHashMap<>();
        if (!serving) {
            checks.put("server", "DOWN: stopping");
        }
        if (registryClient != null) {
            try {
                boolean present = registryClient.instances(kind.serviceName, false).stream()
                        .anyMatch(i -> i.instanceId().equals(instanceId));
                checks.put("registry", present ? "UP: registered as " + instanceId
                        : "DOWN: " + instanceId + " is not in the registry at " + registryClient.base());
            } catch (IOException e) {
                checks.put("registry", "DOWN: the registry at " + registryClient.base() + " did not answer: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                checks.put("registry", "DOWN: interrupted");
            }
        }
        if (store != null) {
            try {
                long head = store.lastPosition();
                store.readAll(head, 1); // a read, as a request would make
                checks.put("store", "UP: at position " + head);
            } catch (RuntimeException e) {
                checks.put("store", "DOWN: " + e.getMessage());
            }
        }
        return checks;
    }

    // ------------------------------------------------------------------ calls to other services

    private <T> Remote<T> remote(ServiceRegistry registry, Kind peer, Class<T> api) {
        String service = peer.serviceName;
        TimeSource time = TimeSource.system();
        CircuitBreaker breaker = CircuitBreaker.builder(service)
                .config(CircuitBreakerConfig.builder()
                        .slidingWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 10)
                        .minimumNumberOfCalls(5)
                        .failureRateThreshold(50)
                        .waitDurationInOpen(Duration.ofSeconds(30))
                        .recordException(Remote::isTransient)
                        .build())
                .timeSource(time).build();
        Retry retry = Retry.builder(service)
                .maxAttempts(3)
                .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)))
                .retryOnException(Remote::isTransient)
                .timeSource(time).sleeper(Sleeper.system())
                .build();
        breakers.put(service, breaker);
        CallDecorator decorator = CallDecorator.of(retry).andThen(CallDecorator.of(breaker));
        if (options.tracing != null) {
            // innermost, so that each attempt the retry makes is a span of its own
            decorator = decorator.andThen(options.tracing.callDecorator(service));
        }
        ServiceClient serviceClient = ServiceClient.builder(registry, service).loadBalancer(LoadBalancer.roundRobin())
                .outcomeClassifier(Remote.classifier()).callDecorator(decorator).build();
        return new Remote<>(serviceClient,
                instance -> ShopHttp.rpcClient(api, instance, client, Duration.ofSeconds(5), this::propagate));
    }

    /** What every call to another service carries: the correlation id, and the trace context when tracing. */
    private void propagate(HttpRequest.Builder request) {
        String correlationId = Correlation.current();
        if (correlationId != null) {
            request.header("X-Request-Id", correlationId);
        }
        if (options.tracing != null) {
            options.tracing.inject(new HashMap<>()).forEach(request::header);
        }
    }

    private static <D> SagaAction<D> inOrderService(SagaAction<D> step) {
        return context -> Correlation.call(context.sagaId(),
                () -> Correlation.callInService(Kind.ORDER.serviceName, () -> step.apply(context)));
    }

    // ------------------------------------------------------------------ serving

    private interface Route {
        void handle(String rest) throws IOException, InterruptedException;
    }

    /**
     * Runs every request of {@code context} in a SERVER span that continues the caller's trace
     * ({@code traceparent}), with the caller's {@code X-Request-Id} as correlation id and this
     * service's name in the MDC.
     */
    private void traced(HttpContext context) {
        context.getFilters().add(new Filter() {
            @Override
            @SuppressWarnings("try") // the scope is only closed: it makes the span current for the request
            public void doFilter(HttpExchange ex, Chain chain) throws IOException {
                Span span = Span.getInvalid();
                Context parent = Context.current();
                if (options.tracing != null) {
                    Map<String, String> headers = new HashMap<>();
                    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                    parent = options.tracing.extract(headers);
                    span = options.tracing.tracer().spanBuilder(kind.serviceName + " " + ex.getRequestMethod() + " "
                            + ex.getRequestURI().getPath()).setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
                }
                try (Scope ignored = parent.with(span).makeCurrent()) {
                    Correlation.call(ex.getRequestHeaders().getFirst("X-Request-Id"),
                            () -> Correlation.callInService(kind.serviceName, () -> {
                                chain.doFilter(ex);
                                return null;
                            }));
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                } finally {
                    span.end();
                }
            }

            @Override
            public String description() {
                return "trace context and correlation id";
            }
        });
    }

    /**
     * Runs {@code route} for a request on a public path, answering a bad request with 400; the
     * gateway strips the route's prefix ({@code /api/orders}), so the service sees {@code "/" + rest}.
     */
    private void publicRoute(HttpExchange ex, Route route) {
        String path = ex.getRequestURI().getPath();
        try {
            route.handle(path.length() > 1 ? path.substring(1) : "");
        } catch (IllegalArgumentException e) {
            reply(ex, 400, Map.of("message", String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ex, 503, Map.of("message", "interrupted"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} failed on {} {}", kind.serviceName, ex.getRequestMethod(), path, e);
            reply(ex, 500, Map.of("message", "internal error"));
        }
    }

    private static void reply(HttpExchange ex, int status, Object body) {
        try {
            ShopHttp.reply(ex, status, body);
        } catch (IOException e) {
            LOG.debug("the client went away before the reply", e);
        }
    }

    private void orders(OrderApplication app, HttpExchange ex, String id) throws IOException, InterruptedException {
        if ("POST".equals(ex.getRequestMethod()) && id.isEmpty()) {
            PlaceOrder command;
            try (InputStream in = ex.getRequestBody()) {
                command = ShopHttp.JSON.readValue(in, PlaceOrder.class);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                reply(ex, 400, Map.of("message", "body must be a PlaceOrder: " + e.getOriginalMessage()));
                return;
            }
            refreshPeers();
            try {
                reply(ex, 200, app.placeOrder(command).toCompletableFuture().get(options.orderTimeout.toMillis(),
                        TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                reply(ex, 500, Map.of("message", "the saga of order '" + command.orderId() + "' could not run: "
                        + e.getCause()));
            } catch (TimeoutException e) {
                reply(ex, 504, Map.of("message", "the saga of order '" + command.orderId() + "' did not end within "
                        + options.orderTimeout + "; GET /api/orders/" + command.orderId() + " shows where it is"));
            }
        } else if ("GET".equals(ex.getRequestMethod()) && !id.isEmpty()) {
            app.order(new GetOrder(id)).ifPresentOrElse(v -> reply(ex, 200, v),
                    () -> reply(ex, 404, Map.of("message", "no order '" + id + "'")));
        } else if ("GET".equals(ex.getRequestMethod())) {
            reply(ex, 200, app.orders());
        } else {
            reply(ex, 405, Map.of("message", "use POST /orders or GET /orders/{id}"));
        }
    }

    /** Fetches the passing instances of the order service's peers into its local copy of the registry. */
    private void refreshPeers() throws InterruptedException {
        if (registryClient != null) {
            for (Kind peer : List.of(Kind.INVENTORY, Kind.PAYMENT, Kind.SHIPPING)) {
                registryClient.mirror(peers, peer.serviceName);
            }
        }
    }

    /** Stops serving and leaves the registration in place: a dead instance, as after a crash. */
    public void kill() {
        serving = false;
        server.stop(0);
    }

    /** Deregisters (when registered), stops serving and closes the service's stores. */
    @Override
    public void close() {
        serving = false;
        if (registryClient != null) {
            try {
                registryClient.deregister(instanceId);
            } catch (IOException e) {
                LOG.info("{} could not deregister from {}: {}", instanceId, registryClient.base(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.stop(0);
        threads.shutdownNow();
        if (orders != null) {
            orders.close();
            sagaTimers.shutdownNow();
            peers.close();
        }
        if (store != null && orders == null) {
            store.close();
        }
    }

    /**
     * Options of {@link #start}. Not threadsafe: use from one thread.
     */
    public static final class Options {
        InetSocketAddress bind = new InetSocketAddress("0.0.0.0", 8000);
        String advertisedHost;
        String instanceId;
        URI registry;
        int peerPort = 8000;
        Duration orderTimeout = Duration.ofSeconds(30);
        Duration registerTimeout = Duration.ofSeconds(60);
        final Map<Kind, InetSocketAddress> peers = new java.util.EnumMap<>(Kind.class);
        final Map<String, Integer> stock = new LinkedHashMap<>();
        final Map<String, Long> wallets = new LinkedHashMap<>();
        MicrolabTracing tracing;

        /** The defaults: bind 0.0.0.0:8000, peers by DNS name on port 8000, no stock, no wallets. */
        public Options() {
        }

        /** Where to listen (port 0: any free port). */
        public Options bind(InetSocketAddress address) {
            this.bind = Objects.requireNonNull(address, "address must not be null");
            return this;
        }

        /** The host others reach this instance at (default: the bind address, or the pod's HOSTNAME for 0.0.0.0). */
        public Options advertisedHost(String host) {
            this.advertisedHost = Objects.requireNonNull(host, "host must not be null");
            return this;
        }

        /** The registry id (default: service name, host and port). */
        public Options instanceId(String id) {
            this.instanceId = Objects.requireNonNull(id, "id must not be null");
            return this;
        }

        /** Register at, and find peers through, the registry at {@code base} (the gateway's admin listener). */
        public Options registry(URI base) {
            this.registry = Objects.requireNonNull(base, "base must not be null");
            return this;
        }

        /**
         * Without a registry, the port peers listen on behind their DNS names (default 8000, the
         * Kubernetes Services' port).
         *
         * @throws IllegalArgumentException if not in [1, 65535]
         */
        public Options peerPort(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("peerPort must be in [1, 65535], but was " + port);
            }
            this.peerPort = port;
            return this;
        }

        /**
         * Without a registry, where {@code peer} is (default: its service name as a DNS name, on
         * {@link #peerPort}): for running the services without DNS names, as a test does.
         */
        public Options peer(Kind peer, String host, int port) {
            Objects.requireNonNull(peer, "peer must not be null");
            Objects.requireNonNull(host, "host must not be null");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port of " + peer.serviceName + " must be in [1, 65535], but was " + port);
            }
            peers.put(peer, InetSocketAddress.createUnresolved(host, port));
            return this;
        }

        /**
         * Puts {@code quantity} of {@code sku} in the inventory's stock.
         *
         * @throws IllegalArgumentException if quantity is below 1
         */
        public Options stock(String sku, int quantity) {
            Objects.requireNonNull(sku, "sku must not be null");
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be >= 1, but was " + quantity);
            }
            stock.merge(sku, quantity, Integer::sum);
            return this;
        }

        /**
         * Puts {@code cents} in {@code customerId}'s wallet at the payment service.
         *
         * @throws IllegalArgumentException if cents is below 1
         */
        public Options wallet(String customerId, long cents) {
            Objects.requireNonNull(customerId, "customerId must not be null");
            if (cents < 1) {
                throw new IllegalArgumentException("cents must be >= 1, but was " + cents);
            }
            wallets.merge(customerId, cents, Long::sum);
            return this;
        }

        /** Spans for each request served and each call made, with the W3C trace context over HTTP. */
        public Options tracing(MicrolabTracing tracing) {
            this.tracing = Objects.requireNonNull(tracing, "tracing must not be null");
            return this;
        }

        /**
         * How long {@code POST /} waits for an order's saga before answering 504 (default 30 s).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Options orderTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("orderTimeout must be positive, but was " + timeout);
            }
            this.orderTimeout = timeout;
            return this;
        }

        /** A copy, for a second service with the same settings. */
        Options copy() {
            Options c = new Options();
            c.bind = bind;
            c.advertisedHost = advertisedHost;
            c.instanceId = instanceId;
            c.registry = registry;
            c.peerPort = peerPort;
            c.peers.putAll(peers);
            c.orderTimeout = orderTimeout;
            c.registerTimeout = registerTimeout;
            c.stock.putAll(stock);
            c.wallets.putAll(wallets);
            c.tracing = tracing;
            return c;
        }
    }
}
