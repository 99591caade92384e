package dev.microlab.observability;

import dev.microlab.messaging.Broker;
import dev.microlab.messaging.Consumer;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.MessageHandler;
import dev.microlab.messaging.PublishOutcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Broker} whose publishes are PRODUCER spans that put the trace context into the
 * message's headers, and whose consumers handle each delivery in a CONSUMER span continuing
 * that context — so a flow that crosses the broker stays one trace. Made by
 * {@link MicrolabTracing#trace(Broker)}. Attribute names follow OpenTelemetry's messaging
 * conventions ({@code messaging.system} is {@code rabbitmq}: the API is RabbitMQ's model).
 */
final class TracingBroker extends ForwardingBroker {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> ROUTING_KEY = AttributeKey.stringKey("messaging.rabbitmq.destination.routing_key");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

    private final MicrolabTracing tracing;
    private final Tracer tracer;

    TracingBroker(Broker delegate, MicrolabTracing tracing) {
        super(delegate);
        this.tracing = tracing;
        this.tracer = tracing.tracer();
    }

    @Override
    @SuppressWarnings("try") // the scope is only closed: it makes the span current while the context is injected
    public CompletableFuture<PublishOutcome> publishAsync(String exchange, String routingKey, Message message,
            boolean mandatory) {
        Span span = tracer.spanBuilder("publish " + (exchange.isEmpty() ? "(default)" : exchange))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "rabbitmq").setAttribute(OPERATION, "send")
                .setAttribute(DESTINATION, exchange).setAttribute(ROUTING_KEY, routingKey).startSpan();
        message.messageId().ifPresent(id -> span.setAttribute(MESSAGE_ID, id));
        Message traced;
        try (Scope ignored = span.makeCurrent()) {
            traced = message.withHeaders(withTraceContext(message.headers()));
        }
        CompletableFuture<PublishOutcome> confirm;
        try {
            confirm = super.publishAsync(exchange, routingKey, traced, mandatory);
        } catch (RuntimeException | Error e) {
            fail(span, e);
            span.end();
            throw e;
        }
        return confirm.whenComplete((outcome, error) -> {
            if (error != null) {
                fail(span, error);
            } else if (outcome != null) {
                span.setAttribute("messaging.microlab.outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
            }
            span.end();
        });
    }

    private Map<String, Object> withTraceContext(Map<String, Object> headers) {
        Map<String, String> context = tracing.inject(new HashMap<>());
        Map<String, Object> all = new HashMap<>(headers);
        all.putAll(context);
        return all;
    }

    @Override
    @SuppressWarnings("try") // the scope is only closed: it makes the span current for the handler
    public Consumer consume(String queue, ConsumerOptions options, MessageHandler handler) {
        return super.consume(queue, options, delivery -> {
            Map<String, String> carrier = new HashMap<>();
            delivery.message().headers().forEach((k, v) -> {
                if (v != null) {
                    carrier.put(k, v.toString());
                }
            });
            Context producer = tracing.extract(carrier);
            Span span = tracer.spanBuilder("process " + queue).setSpanKind(SpanKind.CONSUMER)
                    .setParent(producer)
                    .addLink(Span.fromContext(producer).getSpanContext())
                    .setAttribute(SYSTEM, "rabbitmq").setAttribute(OPERATION, "process")
                    .setAttribute(DESTINATION, queue).setAttribute(ROUTING_KEY, delivery.routingKey())
                    .setAttribute("messaging.rabbitmq.redelivered", delivery.redelivered())
                    .startSpan();
            delivery.message().messageId().ifPresent(id -> span.setAttribute(MESSAGE_ID, id));
            try (Scope ignored = span.makeCurrent()) {
                Correlation.run(delivery.message().correlationId().orElse(null), () -> {
                    try {
                        handler.handle(delivery);
                    } catch (Exception e) {
                        throw new HandlerException(e);
                    }
                });
            } catch (HandlerException e) {
                fail(span, e.getCause());
                throw (Exception) e.getCause();
            } catch (RuntimeException | Error e) {
                fail(span, e);
                throw e;
            } finally {
                span.end();
            }
        });
    }

    /** Carries a handler's checked exception out of {@link Correlation#run}. */
    private static final class HandlerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HandlerException(Exception cause) {
            super(cause);
        }
    }

    private static void fail(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
}
