package dev.microlab.benchmarks.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.gateway.ApiGateway;
import dev.microlab.gateway.KongConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * What the API gateway adds to one HTTP request on loopback: the same request, from the same
 * JDK {@code HttpClient}, sent straight to an upstream ({@code path=direct}) or through an
 * {@code ApiGateway} in front of that upstream ({@code path=gateway}) with {@code jwt} (HS256,
 * {@code claims_to_verify: [exp]}), {@code rate-limiting} (per consumer, a limit the run never
 * reaches) and a global {@code cors} on. Both paths send the same headers ({@code Authorization},
 * {@code Origin}) and read the whole body, so the benchmark's own client cost is the same; the
 * difference is the gateway: a second HTTP exchange plus its plugins. The upstream is a JDK
 * {@code HttpServer} answering a 52-byte JSON body after {@code upstreamMicros} of service time
 * (parked, not spinning: a real service waits on its database, it does not burn the core the
 * gateway needs). With {@code upstreamMicros=0} the ratio gateway/direct compares one no-op
 * loopback exchange with two; with a realistic service time it says what a user of the gateway
 * would see. The figure that does not depend on the upstream is the difference, gateway p50 minus
 * direct p50 at the same {@code upstreamMicros}: what the gateway adds, in microseconds.
 *
 * <p>Throughput (requests per millisecond: × 1,000 for requests/s) and the latency distribution
 * (p50, p99 in sample mode), with one client thread and with four. The forked JVM runs with
 * {@code -Dsun.net.httpserver.nodelay=true}, as the gateway's guide says it must (the JDK server
 * writes headers and body apart; without TCP_NODELAY every answer waits ~40 ms for a delayed ACK).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class GatewayBenchmark {

    /** Every {@code path} value {@link #setUp} accepts. */
    static final List<String> PATHS = List.of("direct", "gateway");

    static final byte[] BODY = "{\"orderId\":42,\"status\":\"PAID\",\"total\":\"19.90 EUR\"}".getBytes(StandardCharsets.UTF_8);

    private static final String SECRET = "benchmark-secret-of-at-least-32-bytes";

    /** Where the request goes: {@code direct} to the upstream, or through the {@code gateway}. */
    @Param({"direct", "gateway"})
    public String path;

    /**
     * How long the upstream takes to answer, in microseconds: 0 (a no-op), 1000, 5000 (a service
     * that reads a row or two). The same on both paths.
     */
    @Param({"0", "1000", "5000"})
    public long upstreamMicros;

    private HttpServer upstream;
    private ExecutorService upstreamWorkers;
    private ApiGateway gateway;
    private HttpClient client;
    private HttpRequest request;

    @Setup
    public void setUp() throws IOException, InterruptedException, JOSEException {
        if (!PATHS.contains(path)) {
            throw new IllegalArgumentException("path must be one of " + PATHS + ", but was '" + path + "'");
        }
        if (upstreamMicros < 0 || upstreamMicros > 1_000_000) {
            throw new IllegalArgumentException("upstreamMicros must be in [0, 1000000], but was " + upstreamMicros);
        }
        upstreamWorkers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "benchmark-upstream");
            t.setDaemon(true);
            return t;
        });
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(upstreamWorkers);
        upstream.createContext("/", this::answer);
        upstream.start();
        URI upstreamUri = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());

        URI target = upstreamUri;
        if (path.equals("gateway")) {
            gateway = ApiGateway.builder(config()).upstreamHost("order-service", upstreamUri)
                    .start(new InetSocketAddress("127.0.0.1", 0));
            target = URI.create("http://127.0.0.1:" + gateway.port());
        }
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(target.resolve("/api/orders/42"))
                .header("Authorization", "Bearer " + token())
                .header("Origin", "https://shop.example.com")
                .build();
        request();   // fails the setup, not the measurement, when something is wired wrong
    }

    @TearDown
    public void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
        upstream.stop(0);
        upstreamWorkers.shutdownNow();
    }

    /** One request and its whole answer, one client thread. */
    @Benchmark
    @Threads(1)
    public byte[] request() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + ": expected 200 but got " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** The same, four client threads sharing the client, the gateway and the upstream. */
    @Benchmark
    @Threads(4)
    public byte[] requestFourThreads() throws IOException, InterruptedException {
        return request();
    }

    /**
     * Process CPU time per request, direct and through the gateway, in interleaved rounds (one
     * client thread). The client, the gateway and the upstream share this JVM, so the difference
     * is what the gateway costs in CPU per request; a busy machine stretches wall-clock latency
     * (every thread hand-off waits for a core) far more than it moves CPU time, so this is the
     * figure to compare on a shared machine. Arguments: rounds (7), requests per round (5000).
     */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");   // before the server's config is read
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Map<String, double[]> cpuPerRequest = new java.util.LinkedHashMap<>();
        Map<String, double[]> wallPerRequest = new java.util.LinkedHashMap<>();
        long bytes = 0;
        for (int r = -2; r < rounds; r++) {   // two rounds of warm-up
            for (String p : PATHS) {
                GatewayBenchmark benchmark = new GatewayBenchmark();
                benchmark.path = p;
                benchmark.setUp();
                long cpu = os.getProcessCpuTime();
                long wall = System.nanoTime();
                for (int i = 0; i < requests; i++) {
                    bytes += benchmark.request().length;
                }
                wall = System.nanoTime() - wall;
                cpu = os.getProcessCpuTime() - cpu;
                benchmark.tearDown();
                if (r >= 0) {
                    cpuPerRequest.computeIfAbsent(p, k -> new double[rounds])[r] = cpu / 1e3 / requests;
                    wallPerRequest.computeIfAbsent(p, k -> new double[rounds])[r] = wall / 1e3 / requests;
                }
            }
        }
        for (String p : PATHS) {
            double[] cpu = cpuPerRequest.get(p);
            double[] wall = wallPerRequest.get(p);
            java.util.Arrays.sort(cpu);
            java.util.Arrays.sort(wall);
            System.out.printf("%-8s process CPU per request median %6.1f µs (rounds %.1f–%.1f); wall-clock mean per request"
                    + " median %6.1f µs%n", p, cpu[rounds / 2], cpu[0], cpu[rounds - 1], wall[rounds / 2]);
        }
        double direct = cpuPerRequest.get("direct")[rounds / 2];
        double gateway = cpuPerRequest.get("gateway")[rounds / 2];
        System.out.printf("the gateway adds %.1f µs of CPU per request: %.0f %% of the direct request's (%d bytes read)%n",
                gateway - direct, 100 * (gateway - direct) / direct, bytes);
    }

    /** The upstream's service time: parked until {@code nanos} have passed (parkNanos may wake early). */
    static void serve(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    static KongConfig config() {
        return KongConfig.parse("""
                _format_version: "3.0"
                consumers:
                  - username: benchmark
                    jwt_secrets: [{key: benchmark-key, secret: "{vault://env/benchmark-jwt-secret}"}]
                services:
                  - name: order-service
                    url: http://order-service:8000
                    routes: [{name: orders, paths: [/api/orders], strip_path: false}]
                    plugins:
                      - name: jwt
                        config: {claims_to_verify: [exp]}
                      - name: rate-limiting
                        config: {second: 100000000, hour: 1000000000, limit_by: consumer}
                plugins:
                  - name: cors
                    config: {origins: ["https://shop.example.com"]}
                """, "benchmark-kong.yml", Secrets.from(Map.of("BENCHMARK_JWT_SECRET", SECRET)));
    }

    private static String token() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer("benchmark-key")
                .expirationTime(new Date(System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1)))
                .build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private void answer(HttpExchange exchange) {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            serve(upstreamMicros * 1000);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
