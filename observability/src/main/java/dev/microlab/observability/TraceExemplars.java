package dev.microlab.observability;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Prometheus exemplars from OpenTelemetry: a {@link PrometheusMeterRegistry} built with it
 * attaches the current span's trace and span ids to the samples it records (a counter's
 * increment, a timer's or histogram's observation), so a latency spike on a dashboard leads
 * to the trace that caused it. Exemplars appear only in the OpenMetrics format: scrape with
 * {@code Accept: application/openmetrics-text} ({@link PrometheusEndpoint} answers in it then).
 * Only sampled spans become exemplars.
 *
 * <pre>{@code
 * PrometheusMeterRegistry prometheus = TraceExemplars.prometheusRegistry(PrometheusConfig.DEFAULT);
 * // or: new PrometheusMeterRegistry(config, new PrometheusRegistry(), Clock.SYSTEM, new TraceExemplars());
 * }</pre>
 *
 * <p>Needs {@code io.micrometer:micrometer-registry-prometheus} on the class path (an optional
 * dependency of this module). This class is threadsafe (stateless: it reads
 * {@link Span#current()}).
 */
public final class TraceExemplars implements SpanContext {

    /** Reads the current OpenTelemetry span. */
    public TraceExemplars() {
        // stateless
    }

    /** Upper bounds of the latency buckets {@link #latencyBuckets()} gives microlab's timers, Prometheus' defaults. */
    private static final Duration[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    /**
     * A Prometheus registry whose samples carry the current span as exemplar, with
     * {@link #latencyBuckets()} on microlab's timers (in the OpenMetrics format a timer's
     * exemplars sit on its histogram buckets: a timer without buckets, a summary, has none).
     */
    public static PrometheusMeterRegistry prometheusRegistry(PrometheusConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(config, new PrometheusRegistry(), Clock.SYSTEM,
                new TraceExemplars());
        registry.config().meterFilter(latencyBuckets());
        return registry;
    }

    /**
     * A filter that gives every timer named {@code microlab.*} the histogram buckets Prometheus'
     * own clients use by default (5 ms to 10 s, eleven buckets): what an exemplar on a timer needs,
     * at a bounded cost per timer. Install it before binding ({@code registry.config().meterFilter(...)}).
     */
    public static MeterFilter latencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("microlab.")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(
                        Stream.of(BUCKETS).mapToDouble(Duration::toNanos).toArray()).build().merge(config);
            }
        };
    }

    @Override
    public String getCurrentTraceId() {
        io.opentelemetry.api.trace.SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }

    @Override
    public String getCurrentSpanId() {
        io.opentelemetry.api.trace.SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? context.getSpanId() : null;
    }

    @Override
    public boolean isCurrentSpanSampled() {
        io.opentelemetry.api.trace.SpanContext context = Span.current().getSpanContext();
        return context.isValid() && context.isSampled();
    }

    /** Marks the span ({@value #EXEMPLAR_ATTRIBUTE_NAME}={@value #EXEMPLAR_ATTRIBUTE_VALUE}), so a tail sampler can keep it. */
    @Override
    public void markCurrentSpanAsExemplar() {
        Span.current().setAttribute(EXEMPLAR_ATTRIBUTE_NAME, EXEMPLAR_ATTRIBUTE_VALUE);
    }
}
