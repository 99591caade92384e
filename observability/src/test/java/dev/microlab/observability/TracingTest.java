package dev.microlab.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.cqrs.CommandBus;
import dev.microlab.cqrs.CommandResult;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.saga.SagaOrchestrator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("MicrolabTracing")
class TracingTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
    private final MicrolabTracing tracing = MicrolabTracing.of(otel);

    record Ship(String orderId) {
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    @Test
    @DisplayName("a command runs in a span 'command <Type>'; the handler's spans are its children; the correlation id is in the MDC")
    @SuppressWarnings("try")
    void commandSpan() {
        // Given
        CommandBus bus = CommandBus.builder().interceptor(tracing.commandInterceptor()).build();
        AtomicReference<String> mdcInHandler = new AtomicReference<>();
        bus.register(Ship.class, message -> {
            mdcInHandler.set(MDC.get(Correlation.KEY));
            Span inner = tracing.tracer().spanBuilder("load order").startSpan();
            try (Scope ignored = inner.makeCurrent()) {
                return new CommandResult(dev.microlab.eventstore.StreamName.of("order-42"), 0, 0, List.of());
            } finally {
                inner.end();
            }
        });
        // When
        bus.dispatch(dev.microlab.cqrs.CommandMessage.of(new Ship("42")).withCorrelationId("corr-7"));
        // Then
        SpanData command = span("command Ship");
        SpanData inner = span("load order");
        assertThat(inner.getParentSpanId()).isEqualTo(command.getSpanId());
        assertThat(inner.getTraceId()).isEqualTo(command.getTraceId());
        assertThat(command.getAttributes().get(MicrolabTracing.CORRELATION_ID)).isEqualTo("corr-7");
        assertThat(command.getAttributes().get(MicrolabTracing.COMMAND_TYPE)).endsWith("Ship");
        assertThat(mdcInHandler.get()).isEqualTo("corr-7");
        assertThat(MDC.get(Correlation.KEY)).as("cleared after the command").isNull();
    }

    @Test
    @DisplayName("while a call's span is current the MDC holds its trace and span ids; after the call, what was there before")
    void traceIdsInTheMdc() throws Exception {
        // Given
        MDC.put(Correlation.TRACE_ID, "outer-trace");
        AtomicReference<String> traceInCall = new AtomicReference<>();
        AtomicReference<String> spanInCall = new AtomicReference<>();
        dev.microlab.core.function.CheckedSupplier<Object> call = tracing.callDecorator("inventory").decorate(() -> {
            traceInCall.set(MDC.get(Correlation.TRACE_ID));
            spanInCall.set(MDC.get(Correlation.SPAN_ID));
            return "ok";
        });
        try {
            // When
            call.get();

            // Then
            SpanData span = span("inventory");
            assertThat(traceInCall.get()).isEqualTo(span.getTraceId());
            assertThat(spanInCall.get()).isEqualTo(span.getSpanId());
            assertThat(MDC.get(Correlation.TRACE_ID)).as("restored after the call").isEqualTo("outer-trace");
            assertThat(MDC.get(Correlation.SPAN_ID)).as("absent before, absent after").isNull();
        } finally {
            MDC.clear();
        }
    }

    @Test
    @DisplayName("a failing command's span has status ERROR and the exception recorded")
    void failingCommand() {
        CommandBus bus = CommandBus.builder().interceptor(tracing.commandInterceptor()).build();
        bus.register(Ship.class, message -> {
            throw new IllegalStateException("no stock");
        });

        assertThatThrownBy(() -> bus.dispatch(new Ship("42"))).hasMessageContaining("no stock");

        SpanData command = span("command Ship");
        assertThat(command.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(command.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    }

    @Test
    @DisplayName("a call through the decorator is a CLIENT span with peer.service, child of the caller's span")
    @SuppressWarnings("try")
    void clientSpan() throws Exception {
        Span caller = tracing.tracer().spanBuilder("handle request").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            tracing.callDecorator("payments").decorate(() -> "ok").get();
        } finally {
            caller.end();
        }

        SpanData call = span("payments");
        assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(call.getAttributes().get(MicrolabTracing.PEER_SERVICE)).isEqualTo("payments");
        assertThat(call.getParentSpanId()).isEqualTo(span("handle request").getSpanId());
    }

    @Test
    @DisplayName("through a ServiceClient the CLIENT span names the chosen instance: server.address, server.port, its id")
    void clientSpanNamesTheInstance() throws Exception {
        // Given
        try (dev.microlab.registry.ServiceRegistry registry = dev.microlab.registry.ServiceRegistry.builder()
                .timeSource(new dev.microlab.core.time.ManualTimeSource()).defaultLeaseTtl(java.time.Duration.ZERO)
                .build()) {
            registry.register(dev.microlab.registry.ServiceInstance.of("payments", "payments-2", "10.0.0.7", 8443));
            dev.microlab.registry.ServiceClient payments = dev.microlab.registry.ServiceClient
                    .builder(registry, "payments")
                    .callDecorator(tracing.callDecorator("payments"))
                    .instanceDecorator(tracing.instanceDecorator())
                    .build();
            // When
            payments.call(instance -> "charged");
            assertThatThrownBy(() -> payments.call(instance -> {
                throw new IllegalStateException("card declined");
            })).hasMessageContaining("card declined");
        }
        // Then: one span per call, not one per decorator, each naming the instance
        List<SpanData> calls = exporter.getFinishedSpanItems();
        assertThat(calls).hasSize(2).allSatisfy(call -> {
            assertThat(call.getName()).isEqualTo("payments");
            assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(call.getAttributes().get(MicrolabTracing.SERVER_ADDRESS)).isEqualTo("10.0.0.7");
            assertThat(call.getAttributes().get(MicrolabTracing.SERVER_PORT)).isEqualTo(8443L);
            assertThat(call.getAttributes().get(MicrolabTracing.INSTANCE_ID)).isEqualTo("payments-2");
        });
        assertThat(calls.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    @DisplayName("without a call decorator, the instance decorator makes the CLIENT span itself")
    void instanceDecoratorAlone() throws Exception {
        dev.microlab.registry.ServiceInstance instance =
                dev.microlab.registry.ServiceInstance.of("stock", "stock-1", "stock.internal", 9000);
        dev.microlab.core.function.CheckedSupplier<Object> call = tracing.instanceDecorator(
                (i, c) -> () -> "limited:" + c.get()).decorate(instance, () -> "ok");

        assertThat(call.get()).isEqualTo("limited:ok");

        SpanData span = span("stock");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getAttributes().get(MicrolabTracing.PEER_SERVICE)).isEqualTo("stock");
        assertThat(span.getAttributes().get(MicrolabTracing.SERVER_ADDRESS)).isEqualTo("stock.internal");
        assertThat(span.getAttributes().get(MicrolabTracing.SERVER_PORT)).isEqualTo(9000L);
    }

    @Test
    @DisplayName("a saga is one span with a child per step and per compensation; a declined pivot's span is ERROR")
    @SuppressWarnings("try")
    void sagaSpans() throws Exception {
        // Given
        Fixtures fixtures = new Fixtures();
        fixtures.declineCharge.set(true);
        try (SagaOrchestrator orchestrator = fixtures.orchestrator();
             var ignored = tracing.traceSagas(orchestrator)) {
            // When
            orchestrator.start(fixtures.saga, "p-9", new Fixtures.Parcel("p-9")).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
        }
        // Then
        SpanData saga = span("saga parcel");
        assertThat(saga.getAttributes().get(MicrolabTracing.SAGA_STATE)).isEqualTo("compensated");
        for (String child : List.of("saga step reserve", "saga step charge", "saga compensation reserve")) {
            assertThat(span(child).getParentSpanId()).as("%s is a child of the saga's span", child)
                    .isEqualTo(saga.getSpanId());
            assertThat(span(child).getTraceId()).isEqualTo(saga.getTraceId());
        }
        assertThat(span("saga step charge").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span("saga step reserve").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    @DisplayName("W3C trace context goes into event metadata as traceparent and comes back out as the same trace")
    @SuppressWarnings("try")
    void w3cThroughEventMetadata() {
        // Given: a producer's span
        Span producer = tracing.tracer().spanBuilder("publish").startSpan();
        EventMetadata metadata;
        try (Scope ignored = producer.makeCurrent()) {
            metadata = tracing.inject(EventMetadata.EMPTY.withCorrelationId("corr-1"));
        } finally {
            producer.end();
        }
        // When: a consumer, elsewhere, continues from the metadata
        assertThat(metadata.headers()).containsKey("traceparent");
        assertThat(metadata.headers().get("traceparent"))
                .matches("00-" + producer.getSpanContext().getTraceId() + "-" + producer.getSpanContext().getSpanId()
                        + "-[0-9a-f]{2}");
        Span consumer = tracing.tracer().spanBuilder("consume").setParent(tracing.extract(metadata)).startSpan();
        consumer.end();
        // Then
        assertThat(span("consume").getTraceId()).isEqualTo(span("publish").getTraceId());
        assertThat(span("consume").getParentSpanId()).isEqualTo(span("publish").getSpanId());
        assertThat(metadata.correlationId()).isEqualTo("corr-1");
        assertThat(tracing.extract(Map.of())).as("no headers: the current context").isEqualTo(Context.current());
    }

    @Test
    @DisplayName("a task handed to an executor keeps the caller's trace and MDC, and leaves the worker's MDC clean")
    @SuppressWarnings("try")
    void acrossAnExecutor() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            var executor = MicrolabTracing.propagating(pool);
            AtomicReference<String> traceInTask = new AtomicReference<>();
            AtomicReference<String> mdcInTask = new AtomicReference<>();
            Span caller = tracing.tracer().spanBuilder("caller").startSpan();
            try (Scope ignored = caller.makeCurrent()) {
                MDC.put(Correlation.KEY, "corr-2");
                var done = new java.util.concurrent.CountDownLatch(1);
                executor.execute(() -> {
                    traceInTask.set(Span.current().getSpanContext().getTraceId());
                    mdcInTask.set(MDC.get(Correlation.KEY));
                    done.countDown();
                });
                assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            } finally {
                MDC.clear();
                caller.end();
            }
            assertThat(traceInTask.get()).isEqualTo(caller.getSpanContext().getTraceId());
            assertThat(mdcInTask.get()).isEqualTo("corr-2");
            assertThat(pool.submit(() -> MDC.get(Correlation.KEY)).get(5, TimeUnit.SECONDS))
                    .as("the worker thread's MDC after the task").isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a message published through the traced broker is consumed in a CONSUMER span of the producer's trace")
    @SuppressWarnings("try")
    void acrossTheBroker() throws Exception {
        // Given: the course's topology on the in-process broker
        AtomicReference<String> correlationInHandler = new AtomicReference<>();
        try (dev.microlab.messaging.InProcessBroker inProcess = dev.microlab.messaging.InProcessBroker.create()) {
            dev.microlab.messaging.Broker broker = tracing.trace(inProcess);
            broker.declareExchange(dev.microlab.messaging.ExchangeSpec.durable("events",
                    dev.microlab.messaging.ExchangeType.TOPIC));
            broker.declareQueue(dev.microlab.messaging.QueueSpec.durable("order_events"));
            broker.bind("order_events", "events", "order.*");
            var handled = new java.util.concurrent.CountDownLatch(1);
            broker.consume("order_events", dev.microlab.messaging.ConsumerOptions.defaults(), delivery -> {
                correlationInHandler.set(Correlation.current());
                handled.countDown();
            });
            // When: a publish inside a request's span
            Span request = tracing.tracer().spanBuilder("place order").startSpan();
            try (Scope ignored = request.makeCurrent()) {
                broker.publish("events", "order.placed", dev.microlab.messaging.Message.ofText("{}")
                        .withMessageId("m-1").withCorrelationId("corr-5"));
            } finally {
                request.end();
            }
            assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
        }
        // Then
        SpanData publish = span("publish events");
        SpanData process = awaitSpan("process order_events");
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getParentSpanId()).isEqualTo(span("place order").getSpanId());
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(publish.getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(process.getAttributes().get(TracingBroker.MESSAGE_ID)).isEqualTo("m-1");
        assertThat(correlationInHandler.get()).as("the message's correlation id in the handler's MDC").isEqualTo("corr-5");
    }

    /** An event of the projection test. */
    public record Shipped(String parcel) {
    }

    @Test
    @DisplayName("a projection batch is a root span with its name, size and positions, linked to the commands whose events it applied")
    @SuppressWarnings("try")
    void projectionBatchSpan() {
        // Given: three events, two appended inside commands' spans with their trace context in the metadata
        dev.microlab.eventstore.EventStore store = dev.microlab.eventstore.InMemoryEventStore.builder().build();
        dev.microlab.eventstore.EventSerializer serializer = new dev.microlab.eventstore.EventSerializer(
                dev.microlab.eventstore.EventTypeRegistry.builder().register("parcel-shipped", Shipped.class).build());
        for (String parcel : List.of("p-1", "p-2")) {
            Span command = tracing.tracer().spanBuilder("command " + parcel).startSpan();
            try (Scope ignored = command.makeCurrent()) {
                store.append(dev.microlab.eventstore.StreamName.of("parcel-" + parcel),
                        dev.microlab.eventstore.ExpectedVersion.ANY,
                        serializer.serialize(new Shipped(parcel), tracing.inject(EventMetadata.EMPTY)));
            } finally {
                command.end();
            }
        }
        store.append(dev.microlab.eventstore.StreamName.of("parcel-p-3"), dev.microlab.eventstore.ExpectedVersion.ANY,
                serializer.serialize(new Shipped("p-3")));
        try (dev.microlab.cqrs.Projection<Long> shipped = dev.microlab.cqrs.Projection.builder("shipped", store,
                serializer, dev.microlab.cqrs.InMemoryProjectionStore.factory(0L))
                .on(Shipped.class, (count, e, recorded) -> count + 1).build();
             var ignored = tracing.traceProjection(shipped)) {
            // When: a caller in a span of its own drains it
            Span caller = tracing.tracer().spanBuilder("test").startSpan();
            try (Scope inCaller = caller.makeCurrent()) {
                shipped.drain();
            } finally {
                caller.end();
            }
            assertThat(shipped.read()).isEqualTo(3L);
        }
        // Then
        SpanData batch = span("projection shipped");
        assertThat(batch.getParentSpanContext().isValid()).as("a root: a batch serves many traces").isFalse();
        assertThat(batch.getAttributes().get(MicrolabTracing.PROJECTION_NAME)).isEqualTo("shipped");
        assertThat(batch.getAttributes().get(MicrolabTracing.BATCH_SIZE)).isEqualTo(3L);
        assertThat(batch.getAttributes().get(MicrolabTracing.FROM_POSITION)).isEqualTo(1L);
        assertThat(batch.getAttributes().get(MicrolabTracing.TO_POSITION)).isEqualTo(3L);
        assertThat(batch.getAttributes().get(MicrolabTracing.PROJECTION_GENERATION)).isZero();
        assertThat(batch.getLinks()).as("one link per event that carried a trace context")
                .extracting(link -> link.getSpanContext().getSpanId())
                .containsExactly(span("command p-1").getSpanId(), span("command p-2").getSpanId());
        assertThat(batch.getLinks()).extracting(link -> link.getSpanContext().getTraceId())
                .containsExactly(span("command p-1").getTraceId(), span("command p-2").getTraceId());
        assertThat(batch.getLinks().get(1).getAttributes().get(MicrolabTracing.EVENT_POSITION)).isEqualTo(2L);
    }

    private SpanData awaitSpan(String name) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> exporter
                .getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals(name)));
        return span(name);
    }

    private SpanData span(String name) {
        List<SpanData> spans = exporter.getFinishedSpanItems();
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no finished span named '" + name + "' among "
                        + spans.stream().map(SpanData::getName).toList()));
    }
}
