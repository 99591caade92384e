package dev.microlab.gateway;

import static dev.microlab.gateway.GatewayTestSupport.CLIENT;
import static dev.microlab.gateway.GatewayTestSupport.LOOPBACK;
import static dev.microlab.gateway.GatewayTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.core.secrets.Secrets;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.observability.MicrolabTracing;
import dev.microlab.observability.PrometheusEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("cors, prometheus, correlation-id, tracing, circuit-breaker and retry plugins")
class GatewayPluginsTest {

    final ManualTimeSource time = new ManualTimeSource();
    final TestUpstream upstream = new TestUpstream("u");
    ApiGateway gateway;

    GatewayPluginsTest() throws Exception {
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        upstream.close();
    }

    ApiGateway.Builder builder(String yaml) {
        return ApiGateway.builder(KongConfig.parse(yaml, "t.yml", Secrets.from(Map.of())))
                .timeSource(time).upstreamHost("svc", upstream.uri());
    }

    static final String CORS = """
            _format_version: "2.1"
            services:
              - name: svc
                url: http://svc:8000
                routes: [{name: r, paths: [/], methods: [GET, OPTIONS]}]
            plugins:
              - name: cors
                config:
                  origins: [https://shop.example.com]
                  methods: [GET, POST]
                  headers: [Authorization, Content-Type]
                  exposed_headers: [X-Request-Id]
                  credentials: true
                  max_age: 600
            """;

    @Test
    @DisplayName("cors answers an allowed preflight itself, with the configured methods, headers and max age")
    void preflight() throws Exception {
        gateway = builder(CORS).start(LOOPBACK);

        HttpResponse<String> response = send(gateway, "OPTIONS", "/items", "Origin", "https://shop.example.com",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.com");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET,POST");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Authorization,Content-Type");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(response.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(response.headers().firstValue("Vary")).hasValue("Origin");
        assertThat(upstream.requests.get()).as("the preflight never reaches the upstream").isZero();
    }

    @Test
    @DisplayName("cors gives a disallowed origin no CORS header at all, on the preflight and on the request")
    void disallowedOrigin() throws Exception {
        gateway = builder(CORS).start(LOOPBACK);

        HttpResponse<String> preflight = send(gateway, "OPTIONS", "/items", "Origin", "https://evil.example.com",
                "Access-Control-Request-Method", "POST");
        HttpResponse<String> get = send(gateway, "GET", "/items", "Origin", "https://evil.example.com");
        HttpResponse<String> allowed = send(gateway, "GET", "/items", "Origin", "https://shop.example.com");

        assertThat(preflight.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        assertThat(get.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        assertThat(get.statusCode()).as("CORS is the browser's check: the request itself is served").isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.com");
        assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers")).hasValue("X-Request-Id");
    }

    @Test
    @DisplayName("the course's kong.yml runs: CORS with '*', and jwt refusing a request without a token")
    void courseConfigRuns() throws Exception {
        String course = KongConfigTest.resource("course-kong.yml");
        gateway = ApiGateway.builder(KongConfig.parse(course, "course-kong.yml", Secrets.from(Map.of())))
                .timeSource(time).upstreamHost("user-service", upstream.uri()).upstreamHost("order-service", upstream.uri())
                .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start(LOOPBACK);

        HttpResponse<String> response = send(gateway, "GET", "/api/users", "Origin", "https://any.example.com");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        HttpResponse<String> preflight = send(gateway, "OPTIONS", "/api/users", "Origin", "https://any.example.com",
                "Access-Control-Request-Method", "GET");
        assertThat(preflight.statusCode()).as("as in Kong: the course's routes do not list OPTIONS, so no route matches")
                .isEqualTo(404);
    }

    @Test
    @DisplayName("prometheus: Kong's request counter by service, route and status, and the latency histogram, at /metrics")
    void prometheus() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        gateway = builder("""
                _format_version: "2.1"
                services:
                  - name: svc
                    url: http://svc:8000
                    routes: [{name: items, paths: [/items]}]
                plugins:
                  - name: prometheus
                """).meterRegistry(registry).start(LOOPBACK);
        send(gateway, "GET", "/items");
        send(gateway, "GET", "/items");
        send(gateway, "GET", "/nowhere");

        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(registry, LOOPBACK)) {
            String scrape = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).contains("kong_http_requests_total{code=\"200\",route=\"items\",service=\"svc\",source=\"service\"} 2.0")
                    .contains("kong_http_requests_total{code=\"404\",route=\"\",service=\"\",source=\"kong\"} 1.0")
                    .contains("kong_request_latency_ms_bucket{route=\"items\",service=\"svc\",le=\"")
                    .contains("kong_upstream_latency_ms_count{route=\"items\",service=\"svc\"} 2")
                    .contains("kong_bandwidth_bytes_total{direction=\"egress\",route=\"items\",service=\"svc\"}");
        }
    }

    @Test
    @DisplayName("correlation-id keeps or makes the request id; the trace continues from the client's traceparent")
    void correlationAndTrace() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            MicrolabTracing tracing = MicrolabTracing.of(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
            gateway = builder("""
                    _format_version: "2.1"
                    services:
                      - name: svc
                        url: http://svc:8000
                        routes: [{name: items, paths: [/items]}]
                    plugins:
                      - name: correlation-id
                        config: {header_name: X-Request-Id, echo_downstream: true}
                    """).tracing(tracing).start(LOOPBACK);
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

            HttpResponse<String> response = send(gateway, "GET", "/items", "X-Request-Id", "req-42",
                    "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

            Map<String, String> upstreamSaw = TestUpstream.headers(response.body());
            assertThat(upstreamSaw).containsEntry("x-request-id", "req-42");
            assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-42");
            assertThat(upstreamSaw.get("traceparent")).startsWith("00-" + traceId + "-")
                    .doesNotContain("00f067aa0ba902b7");
            SpanData span = exporter.getFinishedSpanItems().get(0);
            assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(span.getTraceId()).isEqualTo(traceId);
            assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            assertThat(upstreamSaw.get("traceparent")).contains(span.getSpanId());

            HttpResponse<String> generated = send(gateway, "GET", "/items");
            assertThat(generated.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
        }
    }

    @Test
    @DisplayName("circuit-breaker: failing statuses open the service's breaker, then 503 without calling the upstream")
    void circuitBreaker() throws Exception {
        gateway = builder("""
                _format_version: "2.1"
                services:
                  - name: svc
                    url: http://svc:8000
                    routes: [{paths: [/]}]
                    plugins:
                      - name: circuit-breaker
                        config: {failure_rate_threshold: 50, sliding_window_size: 4, minimum_number_of_calls: 4,
                                 wait_duration_in_open_seconds: 30}
                """).start(LOOPBACK);
        upstream.status = 500;
        for (int i = 0; i < 4; i++) {
            assertThat(send(gateway, "GET", "/").statusCode()).isEqualTo(500);
        }
        HttpResponse<String> open = send(gateway, "GET", "/");
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(open.body()).isEqualTo("{\"message\":\"The circuit breaker of service 'svc' is open\"}");
        assertThat(upstream.requests.get()).isEqualTo(4);
        assertThat(gateway.circuitBreaker("svc").state()).isEqualTo(CircuitBreaker.State.OPEN);

        upstream.status = 200;
        time.advance(Duration.ofSeconds(30));   // the wait in open, on the gateway's time source
        assertThat(send(gateway, "GET", "/").statusCode()).as("half-open lets a trial call through").isEqualTo(200);
    }

    @Test
    @DisplayName("retry: an idempotent request is retried on 503 up to max_attempts; a POST is not")
    void retry() throws Exception {
        gateway = builder("""
                _format_version: "2.1"
                services:
                  - name: svc
                    url: http://svc:8000
                    routes: [{paths: [/]}]
                    plugins:
                      - name: retry
                        config: {max_attempts: 3}
                """).start(LOOPBACK);
        upstream.status = 503;
        assertThat(send(gateway, "GET", "/").statusCode()).isEqualTo(503);
        assertThat(upstream.requests.get()).isEqualTo(3);
        assertThat(send(gateway, "POST", "/").statusCode()).isEqualTo(503);
        assertThat(upstream.requests.get()).isEqualTo(4);
    }
}
