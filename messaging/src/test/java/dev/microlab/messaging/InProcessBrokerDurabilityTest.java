package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.eventstore.StoreLockedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a restart of an in-process broker with a data directory (clean close; the kill test is separate). */
@DisplayName("InProcessBroker durability")
class InProcessBrokerDurabilityTest {

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource();

    private InProcessBroker open() {
        return InProcessBroker.builder().dataDirectory(dir).timeSource(time).scheduler(new ManualScheduler(time))
                .build();
    }

    private static List<Delivery> drain(Broker broker, String queue) {
        List<Delivery> all = new ArrayList<>();
        Optional<Delivery> d;
        while ((d = broker.get(queue)).isPresent()) {
            all.add(d.get());
        }
        return all;
    }

    @Test
    @DisplayName("durable topology and unacked persistent messages come back; acked, transient and non-persistent ones do not")
    void restartKeepsWhatIsDurable() {
        try (InProcessBroker broker = open()) {
            broker.declareExchange(ExchangeSpec.durable("events", ExchangeType.TOPIC));
            broker.declareExchange(ExchangeSpec.transientExchange("scratch", ExchangeType.FANOUT));
            broker.declareQueue(QueueSpec.durable("orders"));
            broker.declareQueue(QueueSpec.builder("temp").durable(false).build());
            broker.bind("orders", "events", "order.#");
            broker.bind("temp", "events", "#");
            broker.publish("events", "order.placed", Message.ofText("acked"));
            broker.publish("events", "order.placed", Message.ofText("delivered, not acked"));
            broker.publish("events", "order.placed", Message.ofText("never delivered"));
            broker.publish("events", "order.placed", Message.ofText("not persistent").withPersistent(false));
            broker.get("orders").orElseThrow().ack();
            broker.get("orders").orElseThrow(); // left unsettled when the broker closes
        }

        try (InProcessBroker broker = open()) {
            assertThatThrownBy(() -> broker.queueInfo("temp")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> broker.publish("scratch", "", Message.ofText("x")))
                    .isInstanceOf(NotFoundException.class);
            List<Delivery> back = drain(broker, "orders");
            assertThat(back).extracting(d -> d.message().bodyAsText())
                    .containsExactly("delivered, not acked", "never delivered");
            assertThat(back).allSatisfy(d -> assertThat(d.redelivered())
                    .as("recovered messages may have been delivered before: flagged redelivered").isTrue());
            back.forEach(Delivery::ack);
            assertThat(broker.publish("events", "order.paid", Message.ofText("binding survived")))
                    .isEqualTo(PublishOutcome.CONFIRMED);
            assertThat(drain(broker, "orders")).extracting(d -> d.message().bodyAsText())
                    .containsExactly("binding survived");
        }
    }

    @Test
    @DisplayName("a message dead-lettered into a durable queue is there after a restart, with its x-death, and only there")
    void deadLetterSurvives() {
        try (InProcessBroker broker = open()) {
            broker.declareQueue(QueueSpec.durable("parking"));
            broker.declareQueue(QueueSpec.builder("work").deadLetterExchange("").deadLetterRoutingKey("parking")
                    .build());
            broker.publish("", "work", Message.ofText("poison").withMessageId("p-1"));
            broker.get("work").orElseThrow().nack(false);
        }

        try (InProcessBroker broker = open()) {
            assertThat(broker.get("work")).as("the dead-lettering removed it from work atomically").isEmpty();
            Delivery parked = broker.get("parking").orElseThrow();
            assertThat(parked.message().messageId()).contains("p-1");
            assertThat(parked.deaths()).extracting(Death::reason).containsExactly(Death.REJECTED);
            parked.ack();
        }
    }

    @Test
    @DisplayName("a deleted durable queue stays deleted, with its messages")
    void deletedQueueStaysDeleted() {
        try (InProcessBroker broker = open()) {
            broker.declareQueue(QueueSpec.durable("gone"));
            broker.publish("", "gone", Message.ofText("x"));
            broker.deleteQueue("gone");
            broker.declareQueue(QueueSpec.durable("gone"));
        }

        try (InProcessBroker broker = open()) {
            assertThat(broker.queueInfo("gone").messageCount()).isZero();
        }
    }

    @Test
    @DisplayName("a second broker on the same directory is refused while the first is open")
    void directoryIsLocked() {
        InProcessBroker first = open();
        try {
            assertThatThrownBy(this::open).isInstanceOf(StoreLockedException.class);
        } finally {
            first.close();
        }
    }
}
