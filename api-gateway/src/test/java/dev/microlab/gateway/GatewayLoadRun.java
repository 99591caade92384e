package dev.microlab.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.microlab.core.secrets.Secrets;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * A load run on loopback, not a test (surefire runs {@code *Test} classes only): first direct to
 * an upstream, then through the gateway with jwt, rate-limiting and cors on, each phase a bounded
 * loop of the JDK HttpClient from {@code threads} clients for {@code seconds}. It prints
 * requests/s and p50/p99 latency of both phases (of every request, and of the 200s alone: a 429
 * never reaches the upstream), every status seen (only 200 and the designed 429 are allowed:
 * anything else makes the exit code 1), and live threads and heap after a GC before and after the
 * gateway phase (the heap after holds the run's own latency samples, printed beside it). Run it with {@code api-gateway/load-test [seconds] [threads]}.
 */
public final class GatewayLoadRun {

    private GatewayLoadRun() {
    }

    /**
     * One phase's outcome: the latency of every request, and apart that of the 200s (the answers
     * that went to the upstream and back; a 429 is written by the gateway alone, so it is faster).
     */
    record Phase(long requests, double seconds, long[] sortedNanos, long[] sortedOkNanos, Map<Integer, Long> statuses) {
        String summary(String name) {
            return String.format("%-8s %8d requests  %8.0f req/s  p50 %6.3f ms  p99 %6.3f ms (200s only: p50 %6.3f ms"
                    + "  p99 %6.3f ms)  statuses %s", name, requests, requests / seconds, percentile(sortedNanos, 0.50) / 1e6,
                    percentile(sortedNanos, 0.99) / 1e6, percentile(sortedOkNanos, 0.50) / 1e6,
                    percentile(sortedOkNanos, 0.99) / 1e6, statuses);
        }

        static long percentile(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
        }

        long samplesBytes() {
            return 8L * (sortedNanos.length + sortedOkNanos.length);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String secret = "load-run-secret-of-at-least-32-bytes";
        try (TestUpstream upstream = new TestUpstream("load")) {
            KongConfig config = KongConfig.parse("""
                    _format_version: "2.1"
                    consumers:
                      - username: load
                        jwt_secrets: [{key: load-key, secret: "{vault://env/load-jwt-secret}"}]
                    services:
                      - name: svc
                        url: http://svc:8000
                        routes: [{paths: [/api]}]
                        plugins:
                          - name: jwt
                            config: {claims_to_verify: [exp]}
                          - name: rate-limiting
                            config: {second: 2000, limit_by: consumer}
                    plugins:
                      - name: cors
                        config: {origins: ["https://shop.example.com"]}
                    """, "load.yml", Secrets.from(Map.of("LOAD_JWT_SECRET", secret)));
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().issuer("load-key")
                    .expirationTime(new Date(System.currentTimeMillis() + (seconds + 600) * 1000L)).build());
            jwt.sign(new MACSigner(secret.getBytes()));
            String token = jwt.serialize();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            Phase direct = run(client, upstream.uri().resolve("/api/x"), token, Math.max(5, seconds / 4), threads);
            System.out.println(direct.summary("direct"));
            try (ApiGateway gateway = ApiGateway.builder(config).upstreamHost("svc", upstream.uri())
                    .start(new InetSocketAddress("127.0.0.1", 0))) {
                URI url = URI.create("http://127.0.0.1:" + gateway.port() + "/api/x");
                run(client, url, token, 2, threads);   // warm-up, not reported
                long[] before = footprint();
                Phase through = run(client, url, token, seconds, threads);
                long[] after = footprint();
                System.out.println(through.summary("gateway"));
                System.out.printf("threads before %d after %d; heap used after GC before %d KiB after %d KiB"
                        + " (of which %d KiB are this run's latency samples)%n",
                        before[0], after[0], before[1] / 1024, after[1] / 1024, through.samplesBytes() / 1024);
                long directP50 = Phase.percentile(direct.sortedOkNanos(), 0.5);
                System.out.printf("p50 added by the gateway, 200s only: %.0f %%%n",
                        100.0 * (Phase.percentile(through.sortedOkNanos(), 0.5) - directP50) / directP50);
                boolean unexpected = through.statuses().keySet().stream().anyMatch(s -> s != 200 && s != 429);
                if (unexpected) {
                    System.out.println("FAIL: statuses other than 200 and the designed 429");
                    System.exit(1);
                }
            }
        }
    }

    private static long[] footprint() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return new long[] {ManagementFactory.getThreadMXBean().getThreadCount(), memory.getHeapMemoryUsage().getUsed()};
    }

    private static Phase run(HttpClient client, URI url, String token, int seconds, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<long[][]>> futures = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token)
                .header("Origin", "https://shop.example.com").build();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long[] nanos = new long[1 << 16];
                long[] ok = new long[1 << 16];
                int n = 0;
                int k = 0;
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (java.io.IOException e) {
                        status = -1;
                    }
                    if (n == nanos.length) {
                        nanos = Arrays.copyOf(nanos, n * 2);
                    }
                    long took = System.nanoTime() - t0;
                    nanos[n++] = took;
                    if (status == 200) {
                        if (k == ok.length) {
                            ok = Arrays.copyOf(ok, k * 2);
                        }
                        ok[k++] = took;
                    }
                    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                }
                return new long[][] {Arrays.copyOf(nanos, n), Arrays.copyOf(ok, k)};
            }));
        }
        List<long[]> all = new ArrayList<>();
        List<long[]> allOk = new ArrayList<>();
        for (Future<long[][]> f : futures) {
            long[][] samples = f.get();
            all.add(samples[0]);
            allOk.add(samples[1]);
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long[] mergedOk = allOk.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.sum()));
        return new Phase(merged.length, elapsed, merged, mergedOk, counts);
    }
}
