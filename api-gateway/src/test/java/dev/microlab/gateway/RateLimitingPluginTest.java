package dev.microlab.gateway;

import static dev.microlab.gateway.GatewayTestSupport.LOOPBACK;
import static dev.microlab.gateway.GatewayTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.ManualTimeSource;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("rate-limiting plugin (Kong's, policy local)")
class RateLimitingPluginTest {

    final ManualTimeSource time = new ManualTimeSource();
    TestUpstream upstream;
    ApiGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
            upstream.close();
        }
    }

    void start(String limits, int threads) throws Exception {
        upstream = new TestUpstream("u");
        gateway = ApiGateway.builder(KongConfig.parse("""
                _format_version: "2.1"
                services:
                  - name: svc
                    url: http://svc:8000
                    routes: [{paths: [/]}]
                    plugins:
                      - name: rate-limiting
                        config: %s
                """.formatted(limits), "t.yml", Secrets.from(Map.of())))
                .timeSource(time).upstreamHost("svc", upstream.uri()).workerThreads(threads).start(LOOPBACK);
    }

    @Test
    @DisplayName("counts per minute and hour with Kong's headers; the request over the limit gets 429 and Retry-After")
    void windowsAndHeaders() throws Exception {
        start("{minute: 3, hour: 5}", 4);
        time.advance(Duration.ofSeconds(10));   // 00:00:10 — 50 s left in this minute

        HttpResponse<String> first = send(gateway, "GET", "/");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-RateLimit-Limit-Minute")).hasValue("3");
        assertThat(first.headers().firstValue("X-RateLimit-Remaining-Minute")).hasValue("2");
        assertThat(first.headers().firstValue("X-RateLimit-Limit-Hour")).hasValue("5");
        assertThat(first.headers().firstValue("X-RateLimit-Remaining-Hour")).hasValue("4");
        assertThat(first.headers().firstValue("RateLimit-Limit")).as("the window closest to running out").hasValue("3");
        assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("2");
        assertThat(first.headers().firstValue("RateLimit-Reset")).hasValue("50");

        send(gateway, "GET", "/");
        send(gateway, "GET", "/");
        HttpResponse<String> refused = send(gateway, "GET", "/");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("{\"message\":\"API rate limit exceeded\"}");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("50");
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining-Minute")).hasValue("0");
        assertThat(upstream.requests.get()).isEqualTo(3);

        time.advance(Duration.ofSeconds(50));   // a new minute
        assertThat(send(gateway, "GET", "/").statusCode()).isEqualTo(200);
        HttpResponse<String> fifth = send(gateway, "GET", "/");
        assertThat(fifth.statusCode()).isEqualTo(200);
        assertThat(fifth.headers().firstValue("RateLimit-Limit")).as("now the hour is tightest").hasValue("5");
        HttpResponse<String> hourly = send(gateway, "GET", "/");
        assertThat(hourly.statusCode()).isEqualTo(429);
        assertThat(hourly.headers().firstValue("Retry-After")).as("until the hour ends").hasValue(Long.toString(3600 - 60));
    }

    @Test
    @DisplayName("exact under 8 concurrent client threads: never more than the limit in a window")
    void exactUnderConcurrency() throws Exception {
        start("{minute: 100}", 8);
        int threads = 8;
        int perThread = 40;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int[] counts = new int[2];
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        int status = send(gateway, "GET", "/").statusCode();
                        counts[status == 200 ? 0 : status == 429 ? 1 : 0] += status == 200 || status == 429 ? 1 : 0;
                        if (status != 200 && status != 429) {
                            throw new AssertionError("unexpected status " + status);
                        }
                    }
                    return counts;
                }));
            }
            int ok = 0;
            int limited = 0;
            for (Future<int[]> f : results) {
                ok += f.get()[0];
                limited += f.get()[1];
            }
            assertThat(ok).as("requests let through in one minute").isEqualTo(100);
            assertThat(limited).isEqualTo(threads * perThread - 100);
            assertThat(upstream.requests.get()).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("counters survive a reload of the same config")
    void reloadKeepsCounters() throws Exception {
        start("{second: 2}", 2);
        send(gateway, "GET", "/");
        send(gateway, "GET", "/");
        gateway.reload(gateway.config());
        assertThat(send(gateway, "GET", "/").statusCode()).isEqualTo(429);
        time.advance(Duration.ofSeconds(1));
        assertThat(send(gateway, "GET", "/").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("counters of clients whose windows have ended are dropped, so one-off client IPs do not pile up")
    void endedWindowsAreSwept() {
        RateLimitingPlugin.Counters counters = new RateLimitingPlugin.Counters();
        RateLimitingPlugin plugin = new RateLimitingPlugin(new PluginConfig.RateLimiting(null, 10L, null, null,
                "ip", null, false, 429, "API rate limit exceeded"), "global", counters, time);
        for (int i = 0; i < 3000; i++) {
            plugin.access(new GatewayExchange("GET", "/", null, Map.of(), "10.0." + (i / 250) + "." + (i % 250), "http", 80));
        }
        assertThat(counters.size()).isEqualTo(3000);

        time.advance(Duration.ofMinutes(1));   // every one of those minute windows has ended
        for (int i = 0; i < RateLimitingPlugin.Counters.SWEEP_EVERY; i++) {
            plugin.access(new GatewayExchange("GET", "/", null, Map.of(), "192.168.0." + (i % 10), "http", 80));
        }

        assertThat(counters.size()).as("only the clients of the current minute remain").isEqualTo(10);
    }
}
