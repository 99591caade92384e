package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the in-process broker tells its listeners. */
@DisplayName("InProcessBroker events")
class InProcessBrokerEventsTest {

    @Test
    @DisplayName("reports unroutable, dead-lettered and discarded messages and counts dropped ones")
    void reports() {
        List<BrokerEvent> seen = new CopyOnWriteArrayList<>();
        try (InProcessBroker broker = InProcessBroker.builder().listener(seen::add).build()) {
            broker.declareExchange(ExchangeSpec.durable("x", ExchangeType.DIRECT));
            broker.declareQueue(QueueSpec.durable("dlq"));
            broker.declareQueue(QueueSpec.builder("work").deadLetterExchange("").deadLetterRoutingKey("dlq").build());

            broker.publish("x", "nowhere", Message.ofText("a"));
            broker.publish("", "work", Message.ofText("b"));
            broker.get("work").orElseThrow().reject(false);
            broker.get("dlq").orElseThrow().reject(false);

            assertThat(seen).contains(new BrokerEvent.Unroutable("x", "nowhere", false),
                    new BrokerEvent.DeadLettered("work", Death.REJECTED, ""),
                    new BrokerEvent.Discarded("dlq", Death.REJECTED));
            assertThat(broker.unroutableDropped()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a listener that throws does not break publishing")
    void throwingListener() {
        try (InProcessBroker broker = InProcessBroker.builder().listener(e -> {
            throw new IllegalStateException("listener bug");
        }).build()) {
            broker.declareQueue(QueueSpec.durable("q"));

            assertThat(broker.publish("", "nowhere", Message.ofText("x"))).isEqualTo(PublishOutcome.CONFIRMED);
            assertThat(broker.publish("", "q", Message.ofText("y"))).isEqualTo(PublishOutcome.CONFIRMED);
            assertThat(broker.get("q")).isPresent();
        }
    }
}
