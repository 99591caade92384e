package dev.microlab.docs.shop;

import dev.microlab.docs.diagram.SequenceDiagram;
import dev.microlab.docs.scenario.Narrator;
import dev.microlab.docs.scenario.Scenario;
import dev.microlab.docs.shop.order.api.OrderReceipt;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.observability.MicrolabMetrics;
import dev.microlab.observability.MicrolabTracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The reference shop with its lights on: every breaker, retry, the registry, the outlier
 * detector, the order saga and the read model bound to a Prometheus registry, and every saga
 * run and call between services traced with OpenTelemetry. Plays a shipped order and a declined
 * one, then prints part of the Prometheus scrape and the declined order's trace as a tree.
 *
 * <pre>{@code
 * ./mvnw -q -pl docs -am test-compile exec:java -Dexec.args="run observability"
 * }</pre>
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class ObservabilityScenario implements Scenario {

    /** The scrape lines worth a look in a narration; the whole scrape has a few hundred. */
    private static final List<String> SHOWN = List.of("microlab_saga_ended_total",
            "microlab_saga_step_seconds_count{outcome=\"failure\"",
            "microlab_circuitbreaker_state{name=\"payment\"", "microlab_retry_calls_total{kind=\"successful_without",
            "microlab_registry_instances{service=\"payment\",status=\"passing\"", "microlab_projection_position");

    @Override
    public String name() {
        return "observability";
    }

    @Override
    public String title() {
        return "the shop with metrics and traces on: a Prometheus scrape and the trace of a declined order";
    }

    @Override
    public List<String> patterns() {
        return List.of("observability");
    }

    @Override
    public void run(Narrator narrator) throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CollectingExporter spans = new CollectingExporter();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
             Shop shop = Shop.builder(narrator.time(), narrator.scheduler())
                     .stock("book", 10).wallet("alice", 10_000).wallet("bob", 500)
                     .observability(MicrolabMetrics.of(prometheus, narrator.time()),
                             MicrolabTracing.of(OpenTelemetrySdk.builder().setTracerProvider(provider).build()))
                     .build()) {
            narrator.milestone("instrumented", prometheus.getMeters().size() + " meters bound to the shop's breakers,"
                    + " retries, registry, outlier detector, saga orchestrator and read model; spans for every"
                    + " saga and every call between services");

            OrderReceipt shipped = shop.place(new PlaceOrder("o-2001", "alice", "book", 1, 1_250));
            narrator.time().advance(Duration.ofSeconds(2));
            OrderReceipt declined = shop.place(new PlaceOrder("o-2002", "bob", "book", 1, 1_250));
            narrator.milestone("orders-placed", "o-2001 " + shipped.status() + ", o-2002 " + declined.status()
                    + " (" + declined.reason() + ")");

            String scrape = prometheus.scrape();
            List<String> lines = scrape.lines()
                    .filter(line -> !line.startsWith("#") && SHOWN.stream().anyMatch(line::startsWith))
                    .sorted().toList();
            narrator.milestone("scraped", "GET /metrics (PrometheusEndpoint serves this over HTTP) returns "
                    + scrape.lines().filter(l -> !l.startsWith("#")).count() + " samples; among them:");
            lines.forEach(line -> narrator.say("  " + line));

            List<SpanData> declinedTrace = traceOf(spans.finished(), "o-2002");
            narrator.milestone("traced", "the declined order's trace: " + declinedTrace.size() + " spans in one trace,"
                    + " the saga's span the root, each step, call and compensation under it:");
            tree(declinedTrace).forEach(line -> narrator.say("  " + line));
            narrator.draw(sequence(declinedTrace));
        }
    }

    /** The trace as a sequence diagram: the saga's steps as notes, each client span as a call. */
    private static SequenceDiagram sequence(List<SpanData> trace) {
        SequenceDiagram diagram = new SequenceDiagram("the declined order's trace, span by span")
                .participant("O", "order saga").participant("I", "inventory").participant("P", "payment")
                .participant("S", "shipping");
        Map<String, String> lanes = Map.of("inventory", "I", "payment", "P", "shipping", "S");
        List<SpanData> ordered = new ArrayList<>(trace);
        ordered.sort(Comparator.comparingLong(SpanData::getStartEpochNanos).thenComparing(SpanData::getName));
        for (SpanData span : ordered) {
            boolean failed = span.getStatus().getStatusCode() == StatusCode.ERROR;
            if (span.getKind() == SpanKind.CLIENT) {
                String lane = lanes.getOrDefault(span.getName(), "O");
                diagram.call("O", lane, "span " + span.getName());
                if (failed) {
                    diagram.failure(lane, "O", "ERROR");
                } else {
                    diagram.reply(lane, "O", "ok");
                }
            } else {
                diagram.note("O", span.getName() + (failed ? " (ERROR)" : ""));
            }
        }
        return diagram;
    }

    /** The spans of the trace whose saga span carries {@code sagaId}. */
    private static List<SpanData> traceOf(List<SpanData> spans, String sagaId) {
        String traceId = spans.stream()
                .filter(s -> sagaId.equals(s.getAttributes().get(io.opentelemetry.api.common.AttributeKey
                        .stringKey("microlab.saga.id"))) && s.getName().startsWith("saga ") && !s.getParentSpanContext()
                        .isValid())
                .map(SpanData::getTraceId).findFirst()
                .orElseThrow(() -> new IllegalStateException("no saga span for " + sagaId));
        return spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    /** The spans as an indented tree, children in start order; an ERROR span is marked. */
    static List<String> tree(List<SpanData> trace) {
        Map<String, List<SpanData>> children = trace.stream().collect(Collectors.groupingBy(
                s -> s.getParentSpanContext().isValid() ? s.getParentSpanId() : SpanId.getInvalid()));
        List<String> out = new ArrayList<>();
        walk(children, SpanId.getInvalid(), 0, out);
        return out;
    }

    private static void walk(Map<String, List<SpanData>> children, String parent, int depth, List<String> out) {
        List<SpanData> kids = new ArrayList<>(children.getOrDefault(parent, List.of()));
        kids.sort(Comparator.comparingLong(SpanData::getStartEpochNanos).thenComparing(SpanData::getName));
        for (SpanData span : kids) {
            out.add("  ".repeat(depth) + "└ " + span.getName() + " (" + span.getKind().name().toLowerCase()
                    + (span.getStatus().getStatusCode() == StatusCode.ERROR ? ", ERROR: "
                    + span.getStatus().getDescription() : "") + ")");
            walk(children, span.getSpanId(), depth + 1, out);
        }
    }

    /** Keeps finished spans in memory, for the narration. */
    private static final class CollectingExporter implements SpanExporter {
        private final List<SpanData> finished = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            finished.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        List<SpanData> finished() {
            return List.copyOf(finished);
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
