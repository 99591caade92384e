package dev.microlab.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.CircuitBreaker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PrometheusEndpoint")
class PrometheusEndpointTest {

    /** One sample line of the text format: name{labels} value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @DisplayName("serves the scrape over HTTP in Prometheus' text format, with the breaker's meters in it")
    void scrapeOverHttp() throws Exception {
        // Given
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("payments");
        MicrolabMetrics.of(prometheus).bind(breaker);
        breaker.transitionToOpenState();
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(prometheus, new InetSocketAddress("127.0.0.1", 0))) {
            // When
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            // Then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            Map<String, Double> samples = parse(response.body());
            assertThat(samples).containsEntry("microlab_circuitbreaker_state{name=\"payments\",state=\"open\"}", 1.0)
                    .containsEntry("microlab_circuitbreaker_state{name=\"payments\",state=\"closed\"}", 0.0);
            assertThat(response.body()).contains("# HELP microlab_circuitbreaker_state")
                    .contains("# TYPE microlab_circuitbreaker_not_permitted_calls_total counter");
        }
    }

    @Test
    @DisplayName("scraped as OpenMetrics, a timer recorded inside a span carries that span's trace id as exemplar")
    @SuppressWarnings("try")
    void exemplarsCarryTheTraceId() throws Exception {
        // Given: a Prometheus registry with exemplars from OpenTelemetry, and an instrumented event store
        io.opentelemetry.sdk.trace.SdkTracerProvider provider = io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(
                        io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create()))
                .build();
        io.opentelemetry.api.trace.Tracer tracer = provider.get("test");
        PrometheusMeterRegistry prometheus = TraceExemplars.prometheusRegistry(PrometheusConfig.DEFAULT);
        dev.microlab.eventstore.EventStore store = MicrolabMetrics.of(prometheus)
                .instrument("orders", dev.microlab.eventstore.InMemoryEventStore.builder().build());
        io.opentelemetry.api.trace.Span command = tracer.spanBuilder("command PlaceOrder").startSpan();
        try (io.opentelemetry.context.Scope ignored = command.makeCurrent()) {
            store.append(dev.microlab.eventstore.StreamName.of("order-1"), dev.microlab.eventstore.ExpectedVersion.ANY,
                    dev.microlab.eventstore.EventData.of("order-placed", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } finally {
            command.end();
            provider.close();
        }
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(prometheus, new InetSocketAddress("127.0.0.1", 0))) {
            // When
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            // Then
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/openmetrics-text"));
            assertThat(response.body()).endsWith("# EOF\n");
            Matcher exemplar = Pattern.compile("^microlab_eventstore_append_seconds_bucket\\{[^}]*outcome=\"success\"[^}]*\\}"
                    + " \\S+ # \\{[^}]*trace_id=\"([0-9a-f]{32})\"[^}]*\\} \\S+.*$", Pattern.MULTILINE)
                    .matcher(response.body());
            assertThat(exemplar.find()).as("an exemplar on the append timer in:%n%s", response.body()).isTrue();
            assertThat(exemplar.group(1)).isEqualTo(command.getSpanContext().getTraceId());
        }
    }

    @Test
    @DisplayName("answers 405 to anything but GET and HEAD")
    void onlyGet() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(prometheus, new InetSocketAddress("127.0.0.1", 0))) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    /** Sample lines keyed by name and labels as printed; comment lines skipped; every other line must parse. */
    private static Map<String, Double> parse(String body) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line of the text format: %s", line).isTrue();
            String labels = m.group(2) == null ? "" : m.group(2);
            samples.put(m.group(1) + labels, Double.valueOf(m.group(3)));
        }
        return samples;
    }
}
