package dev.microlab.messaging.course;

import dev.microlab.messaging.Broker;
import dev.microlab.messaging.Consumer;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.Delivery;
import dev.microlab.messaging.ExchangeSpec;
import dev.microlab.messaging.ExchangeType;
import dev.microlab.messaging.QueueSpec;
import java.util.function.BiConsumer;

/**
 * The course's {@code EventConsumer}, in Java: the durable queue {@code order_events} bound to
 * {@code events} for every {@code order.*} event; ack on success, {@code nack(requeue=false)}
 * on failure — which, with the dead-letter exchange declared here, parks the failed event in
 * {@code order_events.dead} instead of losing it.
 */
public final class EventConsumer {

    public static final String QUEUE = "order_events";
    public static final String DEAD_LETTER_EXCHANGE = "events.dlx";
    public static final String DEAD_LETTER_QUEUE = "order_events.dead";

    private final Broker broker;

    public EventConsumer(Broker broker) {
        this.broker = broker;
        broker.declareExchange(ExchangeSpec.durable(EventPublisher.EXCHANGE, ExchangeType.TOPIC));
        broker.declareExchange(ExchangeSpec.durable(DEAD_LETTER_EXCHANGE, ExchangeType.FANOUT));
        broker.declareQueue(QueueSpec.durable(DEAD_LETTER_QUEUE));
        broker.bind(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, "");
        broker.declareQueue(QueueSpec.builder(QUEUE).deadLetterExchange(DEAD_LETTER_EXCHANGE).build());
        broker.bind(QUEUE, EventPublisher.EXCHANGE, "order.*");
    }

    /** Starts consuming: {@code processEvent} gets (event type, JSON). */
    public Consumer start(BiConsumer<String, String> processEvent) {
        return broker.consume(QUEUE, ConsumerOptions.defaults(), (Delivery delivery) -> {
            try {
                processEvent.accept(delivery.routingKey(), delivery.message().bodyAsText());
                delivery.ack();
            } catch (RuntimeException e) {
                delivery.nack(false); // -> events.dlx -> order_events.dead
            }
        });
    }
}
