package dev.microlab.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.core.retry.Retry;
import dev.microlab.cqrs.CommandBus;
import dev.microlab.cqrs.InMemoryProjectionStore;
import dev.microlab.cqrs.Projection;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventTypeRegistry;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
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
import java.time.Duration;
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

        PrometheusMeterRegistry prometheus = TraceExemplars.prometheusRegistry(PrometheusConfig.DEFAULT); // + exemplars
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

    @Test
    @DisplayName("the chosen instance on client spans, and a span per projection batch")
    void instancesAndBatches() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetry openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        InMemoryEventStore store = InMemoryEventStore.create();
        try (ServiceRegistry registry = ServiceRegistry.builder().defaultLeaseTtl(Duration.ZERO).build();
             Projection<Long> summaries = Projection.builder("order-summaries", store,
                     new EventSerializer(EventTypeRegistry.builder().register("shipped", TracingTest.Shipped.class)
                             .build()), InMemoryProjectionStore.factory(0L)).build()) {
            registry.register(ServiceInstance.of("payments", "payments-1", "10.0.0.7", 8443));

            MicrolabTracing tracing = MicrolabTracing.of(openTelemetry);
            ServiceClient payments = ServiceClient.builder(registry, "payments")
                    .callDecorator(tracing.callDecorator("payments"))  // a CLIENT span per attempt
                    .instanceDecorator(tracing.instanceDecorator())    // ...naming server.address and server.port
                    .build();
            var batches = tracing.traceProjection(summaries);          // a span per batch, linked to the commands

            assertThat(payments.<Integer>call(instance -> instance.port())).isEqualTo(8443);
            assertThat(exporter.getFinishedSpanItems()).singleElement().satisfies(span -> assertThat(
                    span.getAttributes().get(MicrolabTracing.SERVER_ADDRESS)).isEqualTo("10.0.0.7"));
            batches.close();
        }
    }
}
