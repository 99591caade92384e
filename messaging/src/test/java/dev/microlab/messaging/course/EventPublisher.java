package dev.microlab.messaging.course;

import dev.microlab.messaging.Broker;
import dev.microlab.messaging.ExchangeSpec;
import dev.microlab.messaging.ExchangeType;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.MessagingException;
import dev.microlab.messaging.PublishOutcome;
import java.util.UUID;

/**
 * The course's {@code EventPublisher}, in Java: events go to the topic exchange {@code events}
 * with the event type as routing key, as persistent JSON messages. Unlike the course's
 * fire-and-forget version, it waits for the publisher confirm, so "published" means "the
 * broker has it".
 */
public final class EventPublisher {

    public static final String EXCHANGE = "events";

    private final Broker broker;

    public EventPublisher(Broker broker) {
        this.broker = broker;
        broker.declareExchange(ExchangeSpec.durable(EXCHANGE, ExchangeType.TOPIC));
    }

    /** Publishes one event; its type is the routing key. */
    public void publish(String eventType, String json) {
        Message message = Message.ofText(json).withContentType("application/json").withType(eventType)
                .withMessageId(UUID.randomUUID().toString());
        PublishOutcome outcome = broker.publish(EXCHANGE, eventType, message);
        if (!outcome.isConfirmed()) {
            throw new MessagingException("event " + eventType + " was not confirmed: " + outcome);
        }
    }
}
