package dev.microlab.docs.shop;

import dev.microlab.docs.diagram.SequenceDiagram;
import dev.microlab.docs.diagram.SvgDashboard;
import dev.microlab.docs.diagram.SvgWaterfall;
import dev.microlab.docs.scenario.Narrator;
import dev.microlab.docs.scenario.Scenario;
import dev.microlab.docs.shop.order.api.GetOrder;
import dev.microlab.docs.shop.order.api.OrderReceipt;
import dev.microlab.docs.shop.order.api.PlaceOrder;
import dev.microlab.observability.MicrolabMetrics;
import dev.microlab.observability.MicrolabTracing;
import dev.microlab.observability.TraceExemplars;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The reference shop with its lights on: every breaker, retry, the registry, the outlier
 * detector, the order saga and the read model bound to a Prometheus registry, and every saga
 * run, call between services and read-model batch traced with OpenTelemetry. Plays a shipped
 * order and a declined one, prints part of the Prometheus scrape and the declined order's trace
 * as a tree (and draws it as a waterfall, {@value #WATERFALL_SVG}); then plays two minutes of
 * traffic with a payment outage, samples the meters every virtual second and draws them as a
 * Grafana-style dashboard ({@value #DASHBOARD_SVG}).
 *
 * <pre>{@code
 * ./mvnw -q -pl docs -am test-compile exec:java -Dexec.args="run observability"
 * }</pre>
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class ObservabilityScenario implements Scenario {

    private static final io.opentelemetry.api.common.AttributeKey<Long> BATCH_SIZE =
            io.opentelemetry.api.common.AttributeKey.longKey("messaging.batch.message_count");

    /** The scrape lines worth a look in a narration; the whole scrape has a few hundred. */
    private static final List<String> SHOWN = List.of("microlab_saga_ended_total",
            "microlab_saga_step_seconds_count{outcome=\"failure\"",
            "microlab_circuitbreaker_state{name=\"payment\"", "microlab_retry_calls_total{kind=\"successful_without",
            "microlab_registry_instances{service=\"payment\",status=\"passing\"", "microlab_projection_position");

    /** Where the catalog writes the dashboard and the waterfall, relative to the working directory. */
    static final Path DEFAULT_OUTPUT = Path.of("target", "observability");
    /** The dashboard's file name under the output directory (and under docs/images). */
    public static final String DASHBOARD_SVG = "observability-dashboard.svg";
    /** The declined order's waterfall's file name under the output directory (and under docs/images). */
    public static final String WATERFALL_SVG = "observability-trace.svg";

    /** The order whose trace the waterfall draws: one of bob's, declined, placed late in the traffic. */
    static final String WATERFALL_ORDER = "o-3040";

    private final Path output;

    /** Writes the pictures under {@code target/observability}. */
    public ObservabilityScenario() {
        this(DEFAULT_OUTPUT);
    }

    /** Writes the pictures ({@value #DASHBOARD_SVG}, {@value #WATERFALL_SVG}) into {@code output}. */
    public ObservabilityScenario(Path output) {
        this.output = Objects.requireNonNull(output, "output must not be null");
    }

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
        PrometheusMeterRegistry prometheus = TraceExemplars.prometheusRegistry(PrometheusConfig.DEFAULT);
        CollectingExporter spans = new CollectingExporter();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
             Shop shop = Shop.builder(narrator.time(), narrator.scheduler())
                     .stock("book", 1_000).wallet("alice", 1_000_000).wallet("bob", 500)
                     .observability(MicrolabMetrics.of(prometheus, narrator.time()),
                             MicrolabTracing.of(OpenTelemetrySdk.builder().setTracerProvider(provider).build()))
                     .build()) {
            narrator.milestone("instrumented", prometheus.getMeters().size() + " meters bound to the shop's breakers,"
                    + " retries, registry, outlier detector, saga orchestrator and read model; spans for every"
                    + " saga, every call between services and every read-model batch");

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

            shop.orders().order(new GetOrder("o-2002")); // a query drains the read model: one batch
            SpanData batch = spans.finished().stream().filter(span -> span.getName().equals("projection order-views"))
                    .reduce((first, second) -> second).orElseThrow();
            narrator.milestone("batch", "a query brought the read model up to date in one batch: span '"
                    + batch.getName() + "' (" + batch.getAttributes().get(BATCH_SIZE) + " events, the sagas' own log"
                    + " among them), linked to the " + batch.getLinks().size() + " saga steps that recorded the"
                    + " order events, in " + batch.getLinks().stream()
                    .map(link -> link.getSpanContext().getTraceId()).distinct().count() + " traces");

            Dashboard dashboard = new Dashboard(prometheus);
            playTraffic(shop, narrator, dashboard);
            Files.createDirectories(output);
            Files.writeString(output.resolve(DASHBOARD_SVG), dashboard.render());
            // the first order's spans include the JVM loading classes; a later one shows the shop's own timing
            Files.writeString(output.resolve(WATERFALL_SVG), waterfall(traceOf(spans.finished(), WATERFALL_ORDER))
                    .render());
            narrator.milestone("dashboard", dashboard.samples() + " samples of the meters, one a second over two"
                    + " minutes of traffic with the payment service down from 30 s to 60 s, drawn as " + output.resolve(DASHBOARD_SVG) + "; the declined order's"
                    + " trace of " + WATERFALL_ORDER + " (bob's, declined like o-2002, once the JVM is warm) as "
                    + output.resolve(WATERFALL_SVG));
        }
    }

    /**
     * Two minutes of traffic, sampled every virtual second: an order every 3 s (every fourth from
     * bob, whose wallet declines), the read model queried every 10 s, and both payment instances
     * refusing connections from 30 s to 60 s.
     */
    private static void playTraffic(Shop shop, Narrator narrator, Dashboard dashboard) throws InterruptedException {
        Duration start = narrator.elapsed();
        int orders = 0;
        for (int second = 0; second <= 120; second++) {
            long at = narrator.elapsed().minus(start).toSeconds();
            if (at < second) {
                narrator.scheduler().advance(Duration.ofSeconds(second - at)); // the outlier sweeps run too
            }
            if (second == 30) {
                shop.network().inject(Shop.PAYMENT_1, Network.Fault.REFUSE_CONNECTIONS);
                shop.network().inject(Shop.PAYMENT_2, Network.Fault.REFUSE_CONNECTIONS);
            } else if (second == 60) {
                shop.network().inject(Shop.PAYMENT_1, Network.Fault.NONE);
                shop.network().inject(Shop.PAYMENT_2, Network.Fault.NONE);
            }
            if (second % 3 == 0) {
                orders++;
                shop.place(new PlaceOrder("o-3" + String.format(Locale.ROOT, "%03d", orders),
                        orders % 4 == 0 ? "bob" : "alice", "book", 1, 1_250));
            }
            if (second % 10 == 0) {
                shop.orders().order(new GetOrder("o-2001"));
            }
            dashboard.sample(narrator.elapsed().minus(start));
        }
    }

    /** The meters the dashboard draws, sampled from the registry as a Prometheus scrape would see them. */
    private static final class Dashboard {
        private final MeterRegistry registry;
        private final List<Double> seconds = new ArrayList<>();
        private final Map<String, List<Double>> values = new LinkedHashMap<>();

        Dashboard(MeterRegistry registry) {
            this.registry = registry;
        }

        void sample(Duration at) {
            seconds.add(at.toMillis() / 1000.0);
            record("breaker.state", value("microlab.circuitbreaker.state", "name", "payment", "state", "open") * 2
                    + value("microlab.circuitbreaker.state", "name", "payment", "state", "half_open"));
            double rate = value("microlab.circuitbreaker.failure.rate", "name", "payment");
            record("breaker.failure.rate", rate < 0 ? Double.NaN : rate);
            record("calls.ok", value("microlab.retry.calls", "name", "payment", "kind", "successful_without_retry")
                    + value("microlab.retry.calls", "name", "payment", "kind", "successful_with_retry"));
            record("calls.failed", value("microlab.retry.calls", "name", "payment", "kind", "failed_with_retry")
                    + value("microlab.retry.calls", "name", "payment", "kind", "failed_without_retry"));
            record("calls.not.permitted", value("microlab.circuitbreaker.not.permitted.calls", "name", "payment"));
            record("saga.completed", value("microlab.saga.ended", "state", "completed"));
            record("saga.compensated", value("microlab.saga.ended", "state", "compensated"));
            record("projection.lag", value("microlab.projection.lag"));
            record("instances.passing", value("microlab.registry.instances", "service", "payment", "status", "passing"));
            record("instances.ejected", value("microlab.registry.outlier.ejected", "service", "payment"));
        }

        private void record(String key, double value) {
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }

        /** The sum of the first measurement of every meter with this name and these tags (0 if none). */
        private double value(String name, String... tags) {
            double sum = 0;
            for (Meter meter : registry.find(name).tags(tags).meters()) {
                sum += meter.measure().iterator().next().getValue();
            }
            return sum;
        }

        int samples() {
            return seconds.size();
        }

        String render() {
            return new SvgDashboard("the shop over two minutes of traffic; payment down from 30 s to 60 s (run observability)",
                    seconds.stream().mapToDouble(Double::doubleValue).toArray(), List.of(
                    panel("payment breaker state", "0 closed · 1 half-open · 2 open", "state", "breaker.state"),
                    panel("payment breaker failure rate", "% of the window", "failure rate", "breaker.failure.rate"),
                    panel("payment calls by outcome", "calls, total", "succeeded", "calls.ok", "failed",
                            "calls.failed", "not permitted (open)", "calls.not.permitted"),
                    panel("order sagas by outcome", "sagas, total", "completed", "saga.completed", "compensated",
                            "saga.compensated"),
                    panel("read-model lag", "events behind the store", "order-views", "projection.lag"),
                    panel("payment instances", "instances", "passing", "instances.passing", "ejected (outlier)",
                            "instances.ejected"))).render();
        }

        /** A panel of the series named by pairs of (legend, key). */
        private SvgDashboard.Panel panel(String title, String unit, String... legendAndKey) {
            List<SvgDashboard.Series> series = new ArrayList<>();
            for (int i = 0; i < legendAndKey.length; i += 2) {
                series.add(new SvgDashboard.Series(legendAndKey[i],
                        values.get(legendAndKey[i + 1]).stream().mapToDouble(Double::doubleValue).toArray()));
            }
            return new SvgDashboard.Panel(title, unit, series);
        }
    }

    /** The trace as a waterfall: the spans in tree order, each bar from its start to its end. */
    static SvgWaterfall waterfall(List<SpanData> trace) {
        long start = trace.stream().mapToLong(SpanData::getStartEpochNanos).min().orElse(0);
        List<SvgWaterfall.Bar> bars = new ArrayList<>();
        for (Map.Entry<SpanData, Integer> span : inTreeOrder(trace).entrySet()) {
            SpanData s = span.getKey();
            bars.add(new SvgWaterfall.Bar(s.getName() + " (" + s.getKind().name().toLowerCase(Locale.ROOT) + ")",
                    span.getValue(), s.getStartEpochNanos() - start, s.getEndEpochNanos() - start,
                    s.getStatus().getStatusCode() == StatusCode.ERROR));
        }
        return new SvgWaterfall("a declined order's trace (run observability): the saga, its steps, calls and"
                + " compensations", bars);
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
        List<String> out = new ArrayList<>();
        inTreeOrder(trace).forEach((span, depth) -> out.add("  ".repeat(depth) + "└ " + span.getName() + " ("
                + span.getKind().name().toLowerCase(Locale.ROOT) + (span.getStatus().getStatusCode() == StatusCode.ERROR
                ? ", ERROR: " + span.getStatus().getDescription() : "") + ")"));
        return out;
    }

    /** The spans depth first, children in start order, each with its depth. */
    private static Map<SpanData, Integer> inTreeOrder(List<SpanData> trace) {
        Map<String, List<SpanData>> children = trace.stream().collect(Collectors.groupingBy(
                s -> s.getParentSpanContext().isValid() ? s.getParentSpanId() : SpanId.getInvalid()));
        Map<SpanData, Integer> out = new LinkedHashMap<>();
        walk(children, SpanId.getInvalid(), 0, out);
        return out;
    }

    private static void walk(Map<String, List<SpanData>> children, String parent, int depth, Map<SpanData, Integer> out) {
        List<SpanData> kids = new ArrayList<>(children.getOrDefault(parent, List.of()));
        kids.sort(Comparator.comparingLong(SpanData::getStartEpochNanos).thenComparing(SpanData::getName));
        for (SpanData span : kids) {
            out.put(span, depth);
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
