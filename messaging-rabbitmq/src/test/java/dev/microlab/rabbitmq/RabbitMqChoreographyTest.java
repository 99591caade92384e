package dev.microlab.rabbitmq;

import dev.microlab.messaging.Broker;
import dev.microlab.messaging.choreography.OrderChoreographyTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The choreographed order flow on a real RabbitMQ: the same services, the same checks. */
@DisplayName("Order choreography over a real RabbitMQ")
class RabbitMqChoreographyTest extends OrderChoreographyTest {

    private static RabbitMqBroker rabbit;
    private final String prefix = "choreo-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    @BeforeAll
    static void connect() {
        rabbit = RabbitMqBroker.builder(RealRabbitMq.uri()).connectionName("microlab-choreography").build();
    }

    @AfterAll
    static void disconnect() {
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @Override
    protected Broker broker() {
        return rabbit;
    }

    @Override
    protected String prefix() {
        return prefix;
    }
}
