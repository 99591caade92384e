package dev.microlab.observability;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.cqrs.CommandInterceptor;
import dev.microlab.cqrs.Projection;
import dev.microlab.cqrs.ProjectionEvent;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.messaging.Broker;
import dev.microlab.registry.CallDecorator;
import dev.microlab.registry.InstanceCallDecorator;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.saga.Phase;
import dev.microlab.saga.SagaAction;
import dev.microlab.saga.SagaEvent;
import dev.microlab.saga.SagaOrchestrator;
import dev.microlab.saga.SagaState;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * OpenTelemetry spans for microlab's patterns, and W3C trace context carried where microlab
 * carries data: event metadata and message or HTTP headers.
 *
 * <pre>{@code
 * MicrolabTracing tracing = MicrolabTracing.of(openTelemetry);
 * CommandBus bus = CommandBus.builder().interceptor(tracing.commandInterceptor()).build();
 * ServiceClient users = ServiceClient.builder(registry, "users").callDecorator(tracing.callDecorator("users"))
 *         .instanceDecorator(tracing.instanceDecorator()).build();           // server.address, server.port
 * EventPublisher.ListenerRegistration sagas = tracing.traceSagas(orchestrator);
 * EventPublisher.ListenerRegistration batches = tracing.traceProjection(summaries);
 * EventMetadata metadata = tracing.inject(EventMetadata.EMPTY);      // traceparent into the event
 * }</pre>
 *
 * <p>Span names and attributes follow OpenTelemetry's semantic conventions where one exists
 * ({@code peer.service}, {@code server.address}, {@code server.port}, {@code exception.*} through {@link Span#recordException}); microlab's own
 * attributes are under {@code microlab.}. A span of a failed call has status ERROR and the
 * exception recorded.
 *
 * <p>This class is threadsafe.
 */
public final class MicrolabTracing {

    /** The instrumentation scope name of every span made here. */
    public static final String INSTRUMENTATION_SCOPE = "dev.microlab";

    static final AttributeKey<String> COMMAND_TYPE = AttributeKey.stringKey("microlab.command.type");
    static final AttributeKey<String> COMMAND_ID = AttributeKey.stringKey("microlab.command.id");
    static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("microlab.correlation.id");
    static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("microlab.instance.id");
    /** The CLIENT span {@link #callDecorator} made for the attempt in flight, for {@link #instanceDecorator}. */
    private static final ContextKey<ClientCall> CLIENT_SPAN = ContextKey.named("microlab-client-span");

    /** A CLIENT span in flight and the service it calls. */
    private record ClientCall(String service, Span span) {
    }
    static final AttributeKey<String> SAGA_TYPE = AttributeKey.stringKey("microlab.saga.type");
    static final AttributeKey<String> SAGA_ID = AttributeKey.stringKey("microlab.saga.id");
    static final AttributeKey<String> SAGA_STATE = AttributeKey.stringKey("microlab.saga.state");
    static final AttributeKey<String> SAGA_STEP = AttributeKey.stringKey("microlab.saga.step");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("microlab.attempt");
    static final AttributeKey<String> PROJECTION_NAME = AttributeKey.stringKey("microlab.projection.name");
    static final AttributeKey<Long> PROJECTION_GENERATION = AttributeKey.longKey("microlab.projection.generation");
    /** OpenTelemetry's messaging convention for how many messages a batch span handled. */
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");
    static final AttributeKey<Long> FROM_POSITION = AttributeKey.longKey("microlab.projection.from_position");
    static final AttributeKey<Long> TO_POSITION = AttributeKey.longKey("microlab.projection.to_position");
    static final AttributeKey<Long> EVENT_POSITION = AttributeKey.longKey("microlab.event.position");

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();
    /** The span of each step attempt in flight, keyed by saga id, phase and step (see {@link #inStepSpan}). */
    private final Map<String, Span> attemptsInFlight = new ConcurrentHashMap<>();

    private MicrolabTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Spans go to {@code openTelemetry}'s tracer provider. */
    public static MicrolabTracing of(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry must not be null");
        return new MicrolabTracing(openTelemetry.getTracer(INSTRUMENTATION_SCOPE));
    }

    /** The tracer the spans come from, for spans of your own beside them. */
    public Tracer tracer() {
        return tracer;
    }

    // ---------------------------------------------------------------- commands

    /**
     * An interceptor that runs the rest of the chain in a span {@code command <Type>} (the
     * handler's spans are its children) with the command's correlation id in the MDC.
     * Put it first, so the span covers the other interceptors.
     */
    @SuppressWarnings("try") // the scope is only closed: it makes the span current for the chain
    public CommandInterceptor commandInterceptor() {
        return (message, chain) -> {
            Span span = tracer.spanBuilder("command " + message.commandType().getSimpleName())
                    .setSpanKind(SpanKind.INTERNAL)
                    .setAttribute(COMMAND_TYPE, message.commandType().getName())
                    .setAttribute(COMMAND_ID, message.commandId().toString())
                    .startSpan();
            if (message.correlationId() != null) {
                span.setAttribute(CORRELATION_ID, message.correlationId());
            }
            try (Scope ignored = current(span)) {
                return Correlation.call(message.correlationId(), () -> chain.proceed(message));
            } catch (Exception | Error e) {
                fail(span, e);
                throw e;
            } finally {
                span.end();
            }
        };
    }

    // ---------------------------------------------------------------- calls to other services

    /**
     * A {@link CallDecorator} that wraps each call to {@code service} (every attempt, when
     * placed inside a retry) in a CLIENT span named after the service, with {@code peer.service}.
     * Add {@link #instanceDecorator()} to the same client and the span also names the instance
     * the load balancer chose.
     */
    public CallDecorator callDecorator(String service) {
        Objects.requireNonNull(service, "service must not be null");
        return new CallDecorator() {
            @Override
            public CheckedSupplier<Object> decorate(CheckedSupplier<Object> attempt) {
                return () -> inClientSpan(service, null, attempt);
            }
        };
    }

    /**
     * An {@link InstanceCallDecorator} that names the chosen instance on the call's CLIENT span:
     * {@code server.address} (its host), {@code server.port} and {@code microlab.instance.id}.
     * The span is the one {@link #callDecorator} made for the attempt; without one, the call to
     * the instance gets a CLIENT span of its own.
     *
     * <pre>{@code
     * ServiceClient.builder(registry, "payments")
     *         .callDecorator(tracing.callDecorator("payments"))
     *         .instanceDecorator(tracing.instanceDecorator())
     *         .build();
     * }</pre>
     */
    public InstanceCallDecorator instanceDecorator() {
        return instanceDecorator(InstanceCallDecorator.identity());
    }

    /**
     * {@link #instanceDecorator()} around {@code inner} (a timeout or bulkhead per instance):
     * {@code inner} runs with the instance already named on the span, so what it throws is
     * recorded on it.
     */
    public InstanceCallDecorator instanceDecorator(InstanceCallDecorator inner) {
        Objects.requireNonNull(inner, "inner must not be null");
        return (instance, call) -> {
            CheckedSupplier<Object> decorated = inner.decorate(instance, call);
            return () -> {
                ClientCall client = Context.current().get(CLIENT_SPAN);
                if (client == null || !client.service().equals(instance.service())) {
                    return inClientSpan(instance.service(), instance, decorated);
                }
                nameInstance(client.span(), instance);
                return decorated.get();
            };
        };
    }

    @SuppressWarnings("try") // the scope is only closed: it makes the span current for the attempt
    private Object inClientSpan(String service, ServiceInstance instance, CheckedSupplier<Object> attempt)
            throws Exception {
        Span span = tracer.spanBuilder(service).setSpanKind(SpanKind.CLIENT)
                .setAttribute(PEER_SERVICE, service).startSpan();
        if (instance != null) {
            nameInstance(span, instance);
        }
        try (Scope ignored = current(span, Context.current().with(CLIENT_SPAN, new ClientCall(service, span)))) {
            return attempt.get();
        } catch (Exception | Error e) {
            fail(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    private static void nameInstance(Span span, ServiceInstance instance) {
        span.setAttribute(SERVER_ADDRESS, instance.host());
        span.setAttribute(SERVER_PORT, (long) instance.port());
        span.setAttribute(INSTANCE_ID, instance.instanceId());
    }

    // ---------------------------------------------------------------- sagas

    /**
     * Traces every saga {@code orchestrator} runs from now on: a span {@code saga <type>} per
     * run (child of the context that called {@code start}), with a child span per step attempt
     * ({@code saga step <step>}) and per compensation attempt ({@code saga compensation <step>}).
     * A failed attempt's span has status ERROR; the saga's span is ERROR when it ends FAILED,
     * and carries {@code microlab.saga.state}. Close the returned registration to stop.
     */
    public EventPublisher.ListenerRegistration traceSagas(SagaOrchestrator orchestrator) {
        Objects.requireNonNull(orchestrator, "orchestrator must not be null");
        SagaSpans spans = new SagaSpans();
        return orchestrator.eventPublisher().subscribe(spans::onEvent);
    }

    /**
     * Wraps a saga step's action or compensation so that it runs with its attempt's span
     * current: the calls it makes (a {@link #callDecorator} span, a message published with
     * {@link #inject}) join the saga's trace instead of starting traces of their own. Needs
     * {@link #traceSagas} on the orchestrator that runs the step.
     *
     * <pre>{@code
     * .step("reserve").action(tracing.inStepSpan(ctx -> inventory.reserve(...))).add()
     * }</pre>
     */
    @SuppressWarnings("try") // the scope is only closed: it makes the span current for the action
    public <D> SagaAction<D> inStepSpan(SagaAction<D> action) {
        Objects.requireNonNull(action, "action must not be null");
        return context -> {
            Span span = attemptsInFlight.get(attemptKey(context.sagaId(),
                    context.phase() == Phase.ACTION ? "step" : "compensation", context.step()));
            if (span == null) {
                return action.apply(context);
            }
            try (Scope ignored = current(span)) {
                return action.apply(context);
            }
        };
    }

    private static String attemptKey(String sagaId, String phase, String step) {
        return sagaId + '\u0000' + phase + '\u0000' + step;
    }

    /** One orchestrator's saga spans, keyed by saga id; the step attempts go to attemptsInFlight. */
    private final class SagaSpans {
        private final Map<String, Span> sagas = new ConcurrentHashMap<>();
        private final Map<String, Span> attempts = attemptsInFlight;

        void onEvent(SagaEvent event) {
            if (event instanceof SagaEvent.SagaStarted s) {
                sagas.put(s.sagaId(), tracer.spanBuilder("saga " + s.sagaType())
                        .setAttribute(SAGA_TYPE, s.sagaType()).setAttribute(SAGA_ID, s.sagaId()).startSpan());
            } else if (event instanceof SagaEvent.SagaResumed r) {
                sagas.computeIfAbsent(r.sagaId(), id -> tracer.spanBuilder("saga recovery")
                        .setAttribute(SAGA_ID, id).startSpan());
            } else if (event instanceof SagaEvent.StepStarted s) {
                startAttempt(s.sagaId(), "step", s.step(), s.attempt());
            } else if (event instanceof SagaEvent.StepSucceeded s) {
                endAttempt(s.sagaId(), "step", s.step(), null);
            } else if (event instanceof SagaEvent.StepFailed f) {
                endAttempt(f.sagaId(), "step", f.step(), f.error());
            } else if (event instanceof SagaEvent.CompensationStarted s) {
                startAttempt(s.sagaId(), "compensation", s.step(), s.attempt());
            } else if (event instanceof SagaEvent.CompensationSucceeded s) {
                endAttempt(s.sagaId(), "compensation", s.step(), null);
            } else if (event instanceof SagaEvent.CompensationFailed f) {
                endAttempt(f.sagaId(), "compensation", f.step(), f.error());
            } else if (event instanceof SagaEvent.SagaEnded e) {
                Span span = sagas.remove(e.sagaId());
                if (span != null) {
                    span.setAttribute(SAGA_STATE, MicrolabMetrics.lower(e.state()));
                    if (e.state() == SagaState.FAILED) {
                        span.setStatus(StatusCode.ERROR, "saga ended FAILED");
                    }
                    span.end();
                }
            }
        }

        private void startAttempt(String sagaId, String phase, String step, int attempt) {
            Span parent = sagas.get(sagaId);
            Context context = parent == null ? Context.current() : Context.current().with(parent);
            attempts.put(attemptKey(sagaId, phase, step), tracer.spanBuilder("saga " + phase + " " + step)
                    .setParent(context).setAttribute(SAGA_ID, sagaId).setAttribute(SAGA_STEP, step)
                    .setAttribute(ATTEMPT, (long) attempt).startSpan());
        }

        private void endAttempt(String sagaId, String phase, String step, String error) {
            Span span = attempts.remove(attemptKey(sagaId, phase, step));
            if (span != null) {
                if (error != null) {
                    span.setStatus(StatusCode.ERROR, error);
                }
                span.end();
            }
        }
    }

    // ---------------------------------------------------------------- projections

    /**
     * Traces every batch {@code projection} applies from now on: a span {@code projection <name>}
     * per batch ({@link ProjectionEvent.BatchApplied}), with the projection's name, generation,
     * batch size ({@code messaging.batch.message_count}) and first and last positions as
     * attributes, and a link to the trace context each event carries in its metadata (see
     * {@link #inject(EventMetadata)}; one link per distinct context) — so a batch links to the
     * commands whose events it applied. The span is a root: a batch serves many traces. It is
     * recorded when the batch ends, spanning the time the batch took by the projection's time
     * source and ending now. Close the returned registration to stop.
     */
    public EventPublisher.ListenerRegistration traceProjection(Projection<?> projection) {
        Objects.requireNonNull(projection, "projection must not be null");
        return projection.eventPublisher().subscribe(event -> {
            if (event instanceof ProjectionEvent.BatchApplied batch) {
                batchSpan(batch);
            }
        });
    }

    private void batchSpan(ProjectionEvent.BatchApplied batch) {
        Instant end = Instant.now();
        SpanBuilder builder = tracer.spanBuilder("projection " + batch.projection()).setNoParent()
                .setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(end.minus(batch.took()))
                .setAttribute(PROJECTION_NAME, batch.projection())
                .setAttribute(PROJECTION_GENERATION, (long) batch.generation())
                .setAttribute(BATCH_SIZE, (long) batch.size())
                .setAttribute(FROM_POSITION, batch.fromPosition())
                .setAttribute(TO_POSITION, batch.toPosition());
        Set<SpanContext> linked = new HashSet<>();
        for (RecordedEvent event : batch.batch()) {
            Map<String, String> headers = event.metadata().headers();
            if (headers.isEmpty()) {
                continue;
            }
            SpanContext producer = Span.fromContext(propagator.extract(Context.root(), headers, MAP_GETTER))
                    .getSpanContext();
            if (producer.isValid() && linked.add(producer)) {
                builder.addLink(producer, Attributes.of(EVENT_POSITION, event.position()));
            }
        }
        builder.startSpan().end(end);
    }

    // ---------------------------------------------------------------- messaging

    /**
     * Returns {@code broker} traced: each publish is a PRODUCER span whose context goes into the
     * message's headers ({@code traceparent}), and each delivery is handled in a CONSUMER span
     * that continues it (parent and link), with the message's correlation id in the MDC. Use the
     * returned broker in place of the original, on both sides.
     */
    public Broker trace(Broker broker) {
        Objects.requireNonNull(broker, "broker must not be null");
        return new TracingBroker(broker, this);
    }

    // ---------------------------------------------------------------- context propagation

    /** Adds the current trace context ({@code traceparent}, {@code tracestate}) to {@code metadata}'s headers. */
    public EventMetadata inject(EventMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata must not be null");
        Map<String, String> headers = inject(new HashMap<>());
        EventMetadata result = metadata;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            result = result.withHeader(header.getKey(), header.getValue());
        }
        return result;
    }

    /** Puts the current trace context into {@code headers} (a message's or an HTTP request's) and returns them. */
    public Map<String, String> inject(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers must not be null");
        propagator.inject(Context.current(), headers, Map::put);
        return headers;
    }

    /** The context {@code metadata} carries, on top of the current one (unchanged when it carries none). */
    public Context extract(EventMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata must not be null");
        return extract(metadata.headers());
    }

    /** The context {@code headers} carry, on top of the current one. */
    public Context extract(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers must not be null");
        return propagator.extract(Context.current(), headers, MAP_GETTER);
    }

    /**
     * An executor that runs each task with the trace context and the MDC of the thread that
     * submitted it — what a thread hop needs so the spans and log lines of the task stay in the
     * caller's trace.
     */
    public static Executor propagating(Executor executor) {
        Objects.requireNonNull(executor, "executor must not be null");
        Executor withMdc = Correlation.propagating(executor);
        return task -> withMdc.execute(Context.current().wrap(task));
    }

    /**
     * Makes {@code span} current and puts its trace and span ids in the MDC
     * ({@value Correlation#TRACE_ID}, {@value Correlation#SPAN_ID}), so that log lines written
     * meanwhile carry them; closing the scope restores both.
     */
    private static Scope current(Span span) {
        return current(span, Context.current());
    }

    /** {@link #current(Span)} on top of {@code base} (which may carry more than the span). */
    private static Scope current(Span span, Context base) {
        Scope scope = base.with(span).makeCurrent();
        SpanContext context = span.getSpanContext();
        if (!context.isValid()) {
            return scope;
        }
        String previousTrace = MDC.get(Correlation.TRACE_ID);
        String previousSpan = MDC.get(Correlation.SPAN_ID);
        MDC.put(Correlation.TRACE_ID, context.getTraceId());
        MDC.put(Correlation.SPAN_ID, context.getSpanId());
        return () -> {
            putOrRemove(Correlation.TRACE_ID, previousTrace);
            putOrRemove(Correlation.SPAN_ID, previousSpan);
            scope.close();
        };
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static void fail(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
}
