package dev.microlab.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.circuitbreaker.CircuitBreakerConfig;
import dev.microlab.core.time.Sleeper;
import dev.microlab.core.time.TimeSource;
import dev.microlab.observability.Correlation;
import dev.microlab.observability.MicrolabMetrics;
import dev.microlab.observability.MicrolabTracing;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import dev.microlab.registry.ServiceUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP API gateway that runs Kong's declarative config: the JDK's {@code HttpServer} (or
 * {@code HttpsServer}) in front, the JDK's {@code HttpClient} to the upstreams, no web framework.
 *
 * <pre>{@code
 * KongConfig config = KongConfig.load(Path.of("kong.yml"), Secrets.fromEnvironment());
 * try (ApiGateway gateway = ApiGateway.builder(config)
 *         .upstreamHost("order-service", URI.create("http://127.0.0.1:8081"))   // or .registry(registry)
 *         .meterRegistry(prometheus)
 *         .start(new InetSocketAddress("127.0.0.1", 8000))) {
 *     // curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/api/orders
 * }
 * }</pre>
 *
 * <p>For each request: the path is normalized and refused when unsafe (400), the header and body
 * sizes are checked (431, 413), a route is chosen as Kong's router does (404
 * {@code no Route matched with those values}), the plugins run in Kong's priority order
 * (correlation-id, cors, jwt, rate-limiting), and the request is proxied: hop-by-hop headers
 * stripped, {@code X-Forwarded-*} set, the upstream found by URL, through the name map, or through
 * the {@link ServiceRegistry} (load balancing, outlier detection); with the {@code circuit-breaker}
 * and {@code retry} plugins around the call. An unreachable upstream is a 502, no instance or an
 * open breaker a 503, an upstream slower than the service's {@code read_timeout} a 504, each with
 * Kong's JSON body {@code {"message": ...}}.
 *
 * <p>{@link #reload(KongConfig)} builds the new routes and plugins first (any error leaves the old
 * config serving) and swaps them in one atomic step: a request in flight finishes on the config it
 * started with; rate-limit counters and breakers carry over.
 *
 * <p>This class is threadsafe.
 */
public final class ApiGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiGateway.class);

    /** Headers that belong to one connection (RFC 9110 7.6.1) and never cross the gateway. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade");
    /** Headers the gateway sets itself on the upstream request. */
    private static final Set<String> SET_BY_GATEWAY = Set.of("host", "content-length", "expect",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix",
            "x-real-ip");

    private final Builder settings;
    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient client;
    private final AtomicReference<RouteTable> table = new AtomicReference<>();
    private final RateLimitingPlugin.Counters counters = new RateLimitingPlugin.Counters();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, ServiceClient> serviceClients = new ConcurrentHashMap<>();
    private final MicrolabMetrics metrics;

    private ApiGateway(Builder b, InetSocketAddress address) throws IOException {
        this.settings = b;
        this.metrics = b.meterRegistry == null ? null : MicrolabMetrics.of(b.meterRegistry, b.time);
        this.table.set(compile(b.config));
        // The client's executor runs the work its selector thread hands over (parsing a response,
        // completing the future a worker waits on). The default, a pool, adds one thread hand-off
        // per upstream call; on a loaded machine each hand-off is a wait for a core. Running that
        // work on the selector thread itself is safe here: the only body handler is ofByteArray,
        // which never blocks.
        HttpClient.Builder cb = HttpClient.newBuilder().connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1)
                .executor(Runnable::run);
        if (b.upstreamTls != null) {
            cb.sslContext(b.upstreamTls);
        }
        this.client = cb.build();
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(b.workerThreads, b.workerThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "microlab-gateway-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        if (b.serverTls != null) {
            HttpsServer https = HttpsServer.create(address, 0);
            boolean needClientAuth = b.requireClientCertificate;
            https.setHttpsConfigurator(new HttpsConfigurator(b.serverTls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(p);
                }
            });
            this.server = https;
        } else {
            this.server = HttpServer.create(address, 0);
        }
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A builder for a gateway that runs {@code config}. */
    public static Builder builder(KongConfig config) {
        return new Builder(config);
    }

    /** The port the gateway listens on (useful after binding port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The config serving now. */
    public KongConfig config() {
        return table.get().config;
    }

    /**
     * Applies {@code config}: everything is built first, then swapped in atomically.
     *
     * @throws KongConfigException if the config cannot be applied; the running config stays
     */
    public void reload(KongConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        table.set(compile(config));
    }

    /** Stops accepting requests, waits at most a second for those in flight, and stops the workers. */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
    }

    // ------------------------------------------------------------------ compiling a config

    private RouteTable compile(KongConfig config) {
        List<String> errors = new ArrayList<>();
        for (KongConfig.Service s : config.services()) {
            for (KongConfig.Route r : s.routes()) {
                if (r.preserveHost() && !hostHeaderAllowed()) {
                    errors.add("route '" + r.name() + "' has preserve_host: true, which needs the JVM started with"
                            + " -Djdk.httpclient.allowRestrictedHeaders=host (the JDK's HttpClient refuses to set Host otherwise)");
                }
            }
        }
        RouteTable compiled = new RouteTable(config, (plugin, scope) -> {
            try {
                return plugin(plugin, scope, config);
            } catch (IllegalArgumentException e) {
                errors.add("line " + plugin.line() + ": plugin " + plugin.name() + ": " + e.getMessage());
                return null;
            }
        });
        if (!errors.isEmpty()) {
            throw new KongConfigException("config", errors.stream().distinct().toList());
        }
        return compiled;
    }

    private static boolean hostHeaderAllowed() {
        String allowed = System.getProperty("jdk.httpclient.allowRestrictedHeaders", "");
        for (String h : allowed.split(",")) {
            if (h.trim().equalsIgnoreCase("host")) {
                return true;
            }
        }
        return false;
    }

    private GatewayPlugin plugin(KongConfig.Plugin plugin, String scope, KongConfig config) {
        PluginConfig c = plugin.config();
        if (c instanceof PluginConfig.RateLimiting r) {
            return new RateLimitingPlugin(r, scope, counters, settings.time);
        } else if (c instanceof PluginConfig.Jwt j) {
            return new JwtPlugin(j, config.consumers(), settings.time);
        } else if (c instanceof PluginConfig.Cors cors) {
            return new CorsPlugin(cors);
        } else if (c instanceof PluginConfig.CorrelationId id) {
            return new CorrelationIdPlugin(id);
        }
        return null;   // prometheus, circuit-breaker and retry act around the proxied call, below
    }

    // ------------------------------------------------------------------ serving a request

    private void handle(HttpExchange http) {
        long started = settings.time.nanoTime();
        RouteTable current = table.get();
        GatewayExchange ex = null;
        RouteTable.Match match = null;
        GatewayResponse response;
        long[] upstreamNanos = {-1};
        long requestBytes = 0;
        try {
            response = null;
            long headerBytes = http.getRequestURI().toString().length() + http.getRequestMethod().length();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : http.getRequestHeaders().entrySet()) {
                for (String v : e.getValue()) {
                    headerBytes += e.getKey().length() + v.length() + 4;
                }
                headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(e.getValue());
            }
            String path = null;
            if (headerBytes > settings.maxHeaderBytes) {
                response = GatewayResponse.message(431, "Request header or cookie too large");
            } else {
                try {
                    path = RequestPath.normalize(http.getRequestURI().getRawPath());
                } catch (RequestPath.BadPathException e) {
                    response = GatewayResponse.message(400, "Bad request: " + e.getMessage());
                }
            }
            ex = new GatewayExchange(http.getRequestMethod().toUpperCase(Locale.ROOT), path == null ? "/" : path,
                    http.getRequestURI().getRawQuery(), headers, http.getRemoteAddress().getAddress().getHostAddress(),
                    server instanceof HttpsServer ? "https" : "http", port());
            if (response == null) {
                response = readBody(http, ex);
                requestBytes = ex.body.length;
            }
            if (response == null) {
                match = current.match(ex);
                if (match == null) {
                    response = GatewayResponse.message(404, "no Route matched with those values");
                }
            }
            if (response == null) {
                for (GatewayPlugin plugin : match.route().plugins()) {
                    response = plugin.access(ex);
                    if (response != null) {
                        break;
                    }
                }
            }
            if (response == null) {
                RouteTable.Match m = match;
                GatewayExchange e = ex;
                response = Correlation.call(ex.correlationId, () -> traced(m, e, upstreamNanos));
            }
        } catch (Exception e) {
            log.error("gateway: unexpected error on {} {}", http.getRequestMethod(), http.getRequestURI(), e);
            response = GatewayResponse.message(500, "An unexpected error occurred");
        }
        long responseBytes = write(http, ex, response);
        record(current, match, ex, response, started, upstreamNanos[0], requestBytes, responseBytes);
    }

    private GatewayResponse readBody(HttpExchange http, GatewayExchange ex) throws IOException {
        String length = ex.header("content-length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > settings.maxBodyBytes) {
                    return GatewayResponse.message(413, "Request body too large");
                }
            } catch (NumberFormatException e) {
                return GatewayResponse.message(400, "Bad request: invalid Content-Length");
            }
        }
        if ((length == null || length.trim().equals("0")) && ex.header("transfer-encoding") == null) {
            return null;   // no body (RFC 9112 6.3): nothing to read, no buffer to allocate
        }
        try (InputStream in = http.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBodyBytes + 1));
            if (body.length > settings.maxBodyBytes) {
                return GatewayResponse.message(413, "Request body too large");
            }
            ex.body = body;
        }
        return null;
    }

    private GatewayResponse traced(RouteTable.Match match, GatewayExchange ex, long[] upstreamNanos) throws Exception {
        MicrolabTracing tracing = settings.tracing;
        if (tracing == null) {
            return proxy(match, ex, upstreamNanos);
        }
        Map<String, String> incoming = new HashMap<>();
        ex.headers.forEach((k, v) -> incoming.put(k, v.get(0)));
        Span span = tracing.tracer().spanBuilder(ex.method + " " + match.route().routeName())
                .setParent(tracing.extract(incoming)).setSpanKind(SpanKind.SERVER).startSpan();
        Scope scope = span.makeCurrent();
        try {
            if (ex.correlationId != null) {
                span.setAttribute("microlab.correlation.id", ex.correlationId);
            }
            span.setAttribute("microlab.gateway.service", match.route().service().name());
            tracing.inject(new HashMap<>()).forEach(ex.upstreamHeaders::put);
            GatewayResponse response = proxy(match, ex, upstreamNanos);
            span.setAttribute("http.response.status_code", response.status());
            return response;
        } finally {
            scope.close();
            span.end();
        }
    }

    // ------------------------------------------------------------------ proxying

    private GatewayResponse proxy(RouteTable.Match match, GatewayExchange ex, long[] upstreamNanos) {
        KongConfig.Service service = match.route().service();
        KongConfig.Plugin breakerPlugin = match.route().plugin("circuit-breaker");
        CircuitBreaker breaker = breakerPlugin == null ? null
                : breaker(service.name(), (PluginConfig.CircuitBreaker) breakerPlugin.config());
        KongConfig.Plugin retryPlugin = match.route().plugin("retry");
        PluginConfig.Retry retry = retryPlugin == null ? null : (PluginConfig.Retry) retryPlugin.config();
        int attempts = retry != null && retry.methods().contains(ex.method) ? retry.maxAttempts() : 1;
        GatewayResponse last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1 && !retry.backoff().isZero()) {
                try {
                    settings.sleeper.sleep(retry.backoff());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return last;
                }
            }
            if (breaker != null && !breaker.tryAcquirePermission()) {
                return GatewayResponse.message(503, "The circuit breaker of service '" + service.name() + "' is open");
            }
            long t0 = settings.time.nanoTime();
            boolean retryable;
            try {
                HttpResponse<byte[]> upstream = send(match, ex);
                long took = settings.time.nanoTime() - t0;
                upstreamNanos[0] = took;
                int status = upstream.statusCode();
                if (breaker != null) {
                    if (((PluginConfig.CircuitBreaker) breakerPlugin.config()).failureStatusCodes().contains(status)) {
                        breaker.onError(took, new UpstreamStatusException(status));
                    } else {
                        breaker.onSuccess(took);
                    }
                }
                last = fromUpstream(upstream);
                retryable = retry != null && retry.retryOnStatus().contains(status);
            } catch (HttpTimeoutException e) {
                report(breaker, t0, e);
                return GatewayResponse.message(504, "The upstream server is timing out");
            } catch (ServiceUnavailableException e) {
                if (breaker != null) {
                    breaker.releasePermission();
                }
                return GatewayResponse.message(503, "failure to get a peer from the ring-balancer");
            } catch (IOException e) {
                report(breaker, t0, e);
                last = GatewayResponse.message(502, "An invalid response was received from the upstream server");
                retryable = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                report(breaker, t0, e);
                return GatewayResponse.message(502, "An invalid response was received from the upstream server");
            }
            if (!retryable) {
                return last;
            }
        }
        return last;
    }

    private void report(CircuitBreaker breaker, long t0, Exception e) {
        if (breaker != null) {
            breaker.onError(settings.time.nanoTime() - t0, e);
        }
    }

    /** An upstream answered with a status the circuit-breaker plugin counts as a failure. */
    static final class UpstreamStatusException extends Exception {
        private static final long serialVersionUID = 1L;

        UpstreamStatusException(int status) {
            super("upstream answered " + status, null, false, false);
        }
    }

    private CircuitBreaker breaker(String service, PluginConfig.CircuitBreaker c) {
        String key = service + "|" + c;
        return breakers.computeIfAbsent(key, k -> {
            CircuitBreaker breaker = CircuitBreaker.builder(service).timeSource(settings.time)
                    .config(CircuitBreakerConfig.builder()
                            .failureRateThreshold(c.failureRateThreshold())
                            .slidingWindow(dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                                    c.slidingWindowSize())
                            .minimumNumberOfCalls(c.minimumNumberOfCalls())
                            .waitDurationInOpen(c.waitDurationInOpen())
                            .build())
                    .build();
            if (metrics != null) {
                metrics.bind(breaker);
            }
            return breaker;
        });
    }

    /** The circuit breaker of {@code service}'s circuit-breaker plugin, or null when it has none (yet). */
    public CircuitBreaker circuitBreaker(String service) {
        for (Map.Entry<String, CircuitBreaker> e : breakers.entrySet()) {
            if (e.getKey().startsWith(service + "|")) {
                return e.getValue();
            }
        }
        return null;
    }

    private HttpResponse<byte[]> send(RouteTable.Match match, GatewayExchange ex)
            throws IOException, InterruptedException {
        KongConfig.Service service = match.route().service();
        URI base = service.upstream();
        String host = base.getHost();
        URI mapped = settings.upstreamHosts.get(host);
        if (mapped != null) {
            return client.send(request(match, ex, mapped.getScheme(), mapped.getHost(), mapped.getPort(), base),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
        ServiceRegistry registry = settings.registry;
        if (registry != null && isServiceName(host)) {
            ServiceClient serviceClient = serviceClients.computeIfAbsent(host,
                    h -> ServiceClient.builder(registry, h).timeSource(settings.time).build());
            try {
                return serviceClient.call((ServiceInstance instance) -> client.send(
                        request(match, ex, base.getScheme(), instance.host(), instance.port(), base),
                        HttpResponse.BodyHandlers.ofByteArray()));
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException("upstream call to " + host + " failed", e);
            }
        }
        return client.send(request(match, ex, base.getScheme(), host, base.getPort(), base),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * With a registry, an upstream host that is a bare name ({@code order-service}: no dot, not
     * {@code localhost}, not an address) is a service of the registry — as a name in Consul's DNS
     * would be. A service without passing instances is then a 503, never a DNS lookup.
     */
    private static boolean isServiceName(String host) {
        return host.indexOf('.') < 0 && host.indexOf(':') < 0 && !host.equalsIgnoreCase("localhost");
    }

    private HttpRequest request(RouteTable.Match match, GatewayExchange ex, String scheme, String host, int port,
                                URI base) {
        KongConfig.Route route = match.route().route();
        String remainder = ex.path;
        if (route.stripPath() && !match.matchedPrefix().isEmpty()) {
            remainder = ex.path.substring(match.matchedPrefix().length());
        }
        String basePath = base.getPath() == null ? "" : base.getPath();
        String joined;
        if (basePath.endsWith("/") && remainder.startsWith("/")) {
            joined = basePath + remainder.substring(1);
        } else {
            joined = basePath + remainder;
        }
        if (!joined.startsWith("/")) {
            joined = "/" + joined;
        }
        String target = scheme + "://" + (host.contains(":") ? "[" + host + "]" : host)
                + (port > 0 ? ":" + port : "") + RequestPath.encode(joined)
                + (ex.rawQuery == null ? "" : "?" + ex.rawQuery);
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(target))
                .timeout(match.route().service().readTimeout())
                .method(ex.method, ex.body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(ex.body));
        Set<String> connectionListed = new java.util.HashSet<>();
        for (String v : ex.headerValues("connection")) {
            for (String token : v.split(",")) {
                connectionListed.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        boolean traced = settings.tracing != null;
        Set<String> setByPlugins = new java.util.HashSet<>();
        for (String name : ex.upstreamHeaders.keySet()) {
            setByPlugins.add(name.toLowerCase(Locale.ROOT));
        }
        for (Map.Entry<String, List<String>> e : ex.headers.entrySet()) {
            String name = e.getKey();
            if (HOP_BY_HOP.contains(name) || SET_BY_GATEWAY.contains(name) || connectionListed.contains(name)
                    || setByPlugins.contains(name)
                    || (traced && (name.equals("traceparent") || name.equals("tracestate")))) {
                continue;
            }
            for (String v : e.getValue()) {
                try {
                    rb.header(name, v);
                } catch (IllegalArgumentException restricted) {
                    // a header the JDK client sets itself; it is not forwarded
                }
            }
        }
        ex.upstreamHeaders.forEach(rb::header);
        String forwardedFor = ex.header("x-forwarded-for");
        rb.header("X-Forwarded-For", forwardedFor == null ? ex.clientIp : forwardedFor + ", " + ex.clientIp);
        rb.header("X-Real-IP", ex.clientIp);
        rb.header("X-Forwarded-Proto", ex.scheme);
        String clientHost = ex.header("host");
        if (clientHost != null) {
            rb.header("X-Forwarded-Host", ex.host());
        }
        rb.header("X-Forwarded-Port", Integer.toString(ex.localPort));
        if (route.stripPath() && !match.matchedPrefix().isEmpty()) {
            rb.header("X-Forwarded-Prefix", match.matchedPrefix());
        }
        if (route.preserveHost() && clientHost != null) {
            rb.header("Host", clientHost);
        }
        return rb.build();
    }

    private static GatewayResponse fromUpstream(HttpResponse<byte[]> upstream) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Set<String> connectionListed = new java.util.HashSet<>();
        for (String v : upstream.headers().allValues("connection")) {
            for (String token : v.split(",")) {
                connectionListed.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        upstream.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !connectionListed.contains(lower) && !lower.equals("content-length")
                    && !lower.equals("date") && !lower.startsWith(":")) {
                headers.put(name, new ArrayList<>(values));
            }
        });
        return new GatewayResponse(upstream.statusCode(), headers, upstream.body(), true);
    }

    // ------------------------------------------------------------------ answering and measuring

    private long write(HttpExchange http, GatewayExchange ex, GatewayResponse response) {
        try (http) {
            var out = http.getResponseHeaders();
            response.headers().forEach((name, values) -> out.put(name, new ArrayList<>(values)));
            if (ex != null) {
                ex.responseHeaders.forEach((name, values) -> out.put(name, new ArrayList<>(values)));
            }
            out.set("Via", "1.1 microlab-gateway");
            boolean noBody = "HEAD".equals(http.getRequestMethod()) || response.status() == 204
                    || response.status() == 304 || response.body().length == 0;
            http.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream body = http.getResponseBody()) {
                    body.write(response.body());
                }
            }
            return noBody ? 0 : response.body().length;
        } catch (IOException e) {
            log.debug("gateway: the client went away before the response was written", e);
            return 0;
        }
    }

    private void record(RouteTable current, RouteTable.Match match, GatewayExchange ex, GatewayResponse response,
                        long started, long upstreamNanos, long requestBytes, long responseBytes) {
        MeterRegistry registry = settings.meterRegistry;
        if (registry == null) {
            return;
        }
        KongConfig.Plugin plugin = match != null ? match.route().plugin("prometheus")
                : current.config.plugins().stream().filter(p -> p.name().equals("prometheus") && p.enabled())
                        .findFirst().orElse(null);
        if (plugin == null) {
            return;
        }
        PluginConfig.Prometheus c = (PluginConfig.Prometheus) plugin.config();
        String service = match == null ? "" : match.route().service().name();
        String route = match == null ? "" : match.route().routeName();
        String consumer = ex == null || ex.consumer == null ? "" : ex.consumer.username();
        if (c.statusCodeMetrics()) {
            Counter.Builder b = Counter.builder("kong.http.requests")
                    .description("HTTP requests by service, route and status code, as Kong's kong_http_requests_total")
                    .tag("service", service).tag("route", route).tag("code", Integer.toString(response.status()))
                    .tag("source", response.fromUpstream() ? "service" : "kong");
            if (c.perConsumer()) {
                b.tag("consumer", consumer);
            }
            b.register(registry).increment();
        }
        if (c.latencyMetrics()) {
            latency(registry, "kong.request.latency.ms", "total latency of requests through the gateway", service, route)
                    .record((settings.time.nanoTime() - started) / 1e6);
            if (upstreamNanos >= 0) {
                latency(registry, "kong.upstream.latency.ms", "time spent waiting for the upstream", service, route)
                        .record(upstreamNanos / 1e6);
            }
        }
        if (c.bandwidthMetrics()) {
            bandwidth(registry, service, route, "ingress", c.perConsumer(), consumer).increment(requestBytes);
            bandwidth(registry, service, route, "egress", c.perConsumer(), consumer).increment(responseBytes);
        }
    }

    private static DistributionSummary latency(MeterRegistry registry, String name, String description, String service,
                                               String route) {
        return DistributionSummary.builder(name).description(description).baseUnit(null)
                .tag("service", service).tag("route", route)
                .serviceLevelObjectives(1, 2, 5, 7, 10, 15, 20, 30, 50, 75, 100, 200, 500, 750, 1000, 3000, 6000)
                .register(registry);
    }

    private static Counter bandwidth(MeterRegistry registry, String service, String route, String direction,
                                     boolean perConsumer, String consumer) {
        Counter.Builder b = Counter.builder("kong.bandwidth.bytes").description("bytes through the gateway")
                .tag("service", service).tag("route", route).tag("direction", direction);
        if (perConsumer) {
            b.tag("consumer", consumer);
        }
        return b.register(registry);
    }

    /**
     * Settings of a gateway. Not threadsafe; {@link #start} builds an independent gateway.
     */
    public static final class Builder {
        private final KongConfig config;
        private TimeSource time = TimeSource.system();
        private Sleeper sleeper = Sleeper.system();
        private ServiceRegistry registry;
        private final Map<String, URI> upstreamHosts = new HashMap<>();
        private MeterRegistry meterRegistry;
        private MicrolabTracing tracing;
        private SSLContext serverTls;
        private boolean requireClientCertificate;
        private SSLContext upstreamTls;
        private long maxBodyBytes = 8L * 1024 * 1024;
        private long maxHeaderBytes = 32 * 1024;
        private int workerThreads = 32;
        private Duration connectTimeout = Duration.ofSeconds(5);

        private Builder(KongConfig config) {
            this.config = Objects.requireNonNull(config, "config must not be null");
        }

        /** Where rate limits, JWT expiry and latencies read time. Default: the system clock. */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time must not be null");
            return this;
        }

        /** How the retry plugin waits between attempts. Default: {@link Sleeper#system()}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
            return this;
        }

        /**
         * Resolves upstream hosts that are bare names ({@code order-service}) through {@code registry}:
         * each request picks a passing instance through a {@link ServiceClient} (load balancing,
         * outlier detection); no instance is a 503. Names in {@link #upstreamHost} come first.
         */
        public Builder registry(ServiceRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
            return this;
        }

        /**
         * Sends requests for the upstream host {@code host} (as written in kong.yml, e.g.
         * {@code user-service}) to {@code target}'s scheme, host and port instead.
         */
        public Builder upstreamHost(String host, URI target) {
            Objects.requireNonNull(host, "host must not be null");
            Objects.requireNonNull(target, "target must not be null");
            if (target.getHost() == null || target.getPort() < 1) {
                throw new IllegalArgumentException("target must be scheme://host:port, but was " + target);
            }
            upstreamHosts.put(host, target);
            return this;
        }

        /** Where the prometheus plugin records (Kong's metric names) and where breakers are bound. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry must not be null");
            return this;
        }

        /** A server span per request, and W3C {@code traceparent} from it to the upstream. */
        public Builder tracing(MicrolabTracing tracing) {
            this.tracing = Objects.requireNonNull(tracing, "tracing must not be null");
            return this;
        }

        /** Serve HTTPS with {@code context}'s key; {@code requireClientCertificate} for mutual TLS. */
        public Builder serverTls(SSLContext context, boolean requireClientCertificate) {
            this.serverTls = Objects.requireNonNull(context, "context must not be null");
            this.requireClientCertificate = requireClientCertificate;
            return this;
        }

        /**
         * Verify https upstreams against {@code context}'s trust store (and present its key, when
         * the upstream asks for a client certificate). Default: the JDK's trust store.
         */
        public Builder upstreamTls(SSLContext context) {
            this.upstreamTls = Objects.requireNonNull(context, "context must not be null");
            return this;
        }

        /** Largest request body accepted; larger gets 413. Default 8 MiB. */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 0, but was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Largest request line plus headers accepted; larger gets 431. Default 32 KiB. */
        public Builder maxHeaderBytes(long bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("maxHeaderBytes must be >= 256, but was " + bytes);
            }
            this.maxHeaderBytes = bytes;
            return this;
        }

        /** Threads that serve requests (each blocks on its upstream call). Default 32. */
        public Builder workerThreads(int threads) {
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("workerThreads must be in [1, 1024], but was " + threads);
            }
            this.workerThreads = threads;
            return this;
        }

        /** How long to wait for a connection to an upstream. Default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, but was " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Validates the plugins against the consumers, binds {@code address} and starts serving.
         *
         * @throws KongConfigException if the config cannot be applied (a key too short, ...)
         * @throws IOException if the address cannot be bound
         */
        public ApiGateway start(InetSocketAddress address) throws IOException {
            Objects.requireNonNull(address, "address must not be null");
            return new ApiGateway(this, address);
        }
    }
}
