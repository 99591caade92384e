package dev.microlab.observability;

import dev.microlab.core.time.TimeSource;
import dev.microlab.messaging.Broker;
import dev.microlab.messaging.Consumer;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.MessageHandler;
import dev.microlab.messaging.PublishOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Broker} that counts what it publishes (by confirm outcome) and times what its
 * consumers handle (by queue and outcome), made by {@link MicrolabMetrics#instrument(String, Broker)}.
 * Publish counters are resolved once; a consumer's timers once per {@code consume} call.
 */
final class InstrumentedBroker extends ForwardingBroker {

    private final String name;
    private final TimeSource time;
    private final MeterBinding binding;
    private final Map<PublishOutcome, Counter> published = new EnumMap<>(PublishOutcome.class);
    private final Counter publishFailed;

    InstrumentedBroker(Broker delegate, String name, TimeSource time, MeterBinding binding) {
        super(delegate);
        this.name = name;
        this.time = time;
        this.binding = binding;
        String description = "messages published, by the broker's answer (confirmed, returned unroutable, rejected)";
        for (PublishOutcome outcome : PublishOutcome.values()) {
            published.put(outcome, binding.counter("microlab.messaging.published", description,
                    Tags.of("name", name, "outcome", MicrolabMetrics.lower(outcome))));
        }
        publishFailed = binding.counter("microlab.messaging.published", description,
                Tags.of("name", name, "outcome", "error"));
    }

    @Override
    public CompletableFuture<PublishOutcome> publishAsync(String exchange, String routingKey, Message message,
            boolean mandatory) {
        CompletableFuture<PublishOutcome> confirm;
        try {
            confirm = super.publishAsync(exchange, routingKey, message, mandatory);
        } catch (RuntimeException | Error e) {
            publishFailed.increment();
            throw e;
        }
        return confirm.whenComplete((outcome, error) -> (error != null ? publishFailed : published.get(outcome))
                .increment());
    }

    @Override
    public Consumer consume(String queue, ConsumerOptions options, MessageHandler handler) {
        Tags tags = Tags.of("name", name, "queue", queue);
        String description = "deliveries handled by a consumer, start to end, by outcome (failure: nacked or"
                + " rejected per the failure policy)";
        Timer success = binding.timer("microlab.messaging.process", description, tags.and("outcome", "success"));
        Timer failure = binding.timer("microlab.messaging.process", description, tags.and("outcome", "failure"));
        Counter redelivered = binding.counter("microlab.messaging.redelivered",
                "deliveries marked redelivered (a requeue, or a restart before the ack)", tags);
        return super.consume(queue, options, delivery -> {
            if (delivery.redelivered()) {
                redelivered.increment();
            }
            long start = time.nanoTime();
            Timer outcome = failure;
            try {
                handler.handle(delivery);
                outcome = success;
            } finally {
                outcome.record(time.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        });
    }
}
