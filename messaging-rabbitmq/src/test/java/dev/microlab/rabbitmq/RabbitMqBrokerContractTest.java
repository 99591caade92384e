package dev.microlab.rabbitmq;

import dev.microlab.messaging.Broker;
import dev.microlab.messaging.BrokerContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The broker contract on a real RabbitMQ: the same tests the in-process broker passes. */
@DisplayName("RabbitMqBroker (contract, real RabbitMQ)")
class RabbitMqBrokerContractTest extends BrokerContract {

    private static RabbitMqBroker broker;

    @BeforeAll
    static void connect() {
        broker = RabbitMqBroker.builder(RealRabbitMq.uri()).connectionName("microlab-contract").build();
    }

    @AfterAll
    static void disconnect() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    protected Broker broker() {
        return broker;
    }

    @Override
    protected void letTimePass(Duration amount) {
        // RabbitMQ's clock is real: the assertions that follow wait for the expiry
    }
}
