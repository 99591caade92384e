package dev.microlab.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.core.retry.Retry;
import dev.microlab.cqrs.CommandBus;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.InMemoryEventStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The snippets of docs/observability.md (and .es.md), compiled and run. */
@DisplayName("the observability guide's examples")
class ObservabilityGuideExamplesTest {

    @Test
    @DisplayName("metrics: bind the patterns and serve /metrics")
    void metrics() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("payments");
        Retry retry = Retry.ofDefaults("payments");
        InMemoryEventStore orderStore = InMemoryEventStore.create();

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrolabMetrics metrics = MicrolabMetrics.of(prometheus);
        MeterBinding breakerMeters = metrics.bind(breaker);      // state, rates, rejections
        metrics.bind(retry);                                     // calls by kind, retries
        var store = metrics.instrument("orders", orderStore);    // use `store` from now on: appends and reads timed
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(prometheus, new InetSocketAddress("127.0.0.1", 0))) {
            // curl http://127.0.0.1:<port>/metrics
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.body()).contains("microlab_circuitbreaker_state{name=\"payments\",state=\"closed\"} 1");
        }
        breakerMeters.close();                                   // the breaker is gone: so are its meters

        assertThat(store.lastPosition()).isEqualTo(orderStore.lastPosition());
        assertThat(prometheus.find("microlab.circuitbreaker.state").meters()).isEmpty();
    }

    @Test
    @DisplayName("traces: a command bus and a thread hop in one trace, context into event metadata")
    void traces() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetry openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            MicrolabTracing tracing = MicrolabTracing.of(openTelemetry);
            CommandBus commands = CommandBus.builder()
                    .interceptor(tracing.commandInterceptor())          // first: its span covers the rest
                    .build();
            var executor = MicrolabTracing.propagating(pool);          // trace context and MDC cross the hop
            EventMetadata metadata = tracing.inject(EventMetadata.EMPTY); // traceparent into the event's headers
            Context remote = tracing.extract(metadata);                // ...and out, on the consumer's side

            assertThat(commands).isNotNull();
            assertThat(executor).isNotNull();
            assertThat(Span.fromContext(remote).getSpanContext().isValid()).as("no span was current").isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
