package dev.microlab.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryCheckpointStore;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.ExchangeSpec;
import dev.microlab.messaging.ExchangeType;
import dev.microlab.messaging.Inbox;
import dev.microlab.messaging.OutboxRelay;
import dev.microlab.messaging.QueueSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The outbox relay and the inbox on a real RabbitMQ: a relay run twice publishes twice; the inbox handles once. */
@DisplayName("Outbox relay and inbox over a real RabbitMQ")
class RabbitMqOutboxTest {

    @Test
    @DisplayName("events relayed twice (a lost checkpoint) reach the consumer twice and are handled once, in order")
    void relayTwiceHandleOnce() {
        String prefix = "outbox-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String exchange = prefix + "events";
        String queue = prefix + "billing";
        try (RabbitMqBroker broker = RabbitMqBroker.builder(RealRabbitMq.uri()).connectionName("microlab-outbox")
                .build(); InMemoryEventStore store = InMemoryEventStore.create()) {
            broker.declareExchange(ExchangeSpec.durable(exchange, ExchangeType.TOPIC));
            broker.declareQueue(QueueSpec.durable(queue));
            broker.bind(queue, exchange, "#");
            try {
                for (String type : List.of("order-placed", "order-paid", "order-shipped")) {
                    store.append(StreamName.of("order-9"), ExpectedVersion.ANY,
                            EventData.of(type, "{}".getBytes(StandardCharsets.UTF_8)));
                }
                // the first relay's checkpoint is lost (a fresh in-memory store each time): everything goes twice
                OutboxRelay.builder("outbox", store, broker, exchange).checkpointStore(new InMemoryCheckpointStore())
                        .build().drain();
                OutboxRelay.builder("outbox", store, broker, exchange).checkpointStore(new InMemoryCheckpointStore())
                        .build().drain();

                Inbox inbox = Inbox.inMemory(Duration.ofHours(1), TimeSource.system());
                List<String> delivered = new CopyOnWriteArrayList<>();
                List<String> handled = new CopyOnWriteArrayList<>();
                broker.consume(queue, ConsumerOptions.defaults().withPrefetch(1), d -> {
                    delivered.add(d.message().type().orElseThrow());
                    inbox.deduplicate(x -> handled.add(x.message().type().orElseThrow())).handle(d);
                });

                await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 6);
                assertThat(handled).containsExactly("order-placed", "order-paid", "order-shipped");
            } finally {
                broker.deleteQueue(queue);
                broker.deleteExchange(exchange);
            }
        }
    }
}
