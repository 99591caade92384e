package dev.microlab.messaging.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microlab.core.retry.Backoff;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.FileCheckpointStore;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.StreamName;
import dev.microlab.messaging.Broker;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.Death;
import dev.microlab.messaging.Delivery;
import dev.microlab.messaging.ExchangeSpec;
import dev.microlab.messaging.ExchangeType;
import dev.microlab.messaging.InProcessBroker;
import dev.microlab.messaging.Inbox;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.OutboxRelay;
import dev.microlab.messaging.PublishOutcome;
import dev.microlab.messaging.QueueSpec;
import dev.microlab.messaging.QueueType;
import dev.microlab.messaging.RetryQueues;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code of {@code docs/messaging.md}, run against the in-process broker; {@code GuidesTest}
 * checks the guide still quotes it.
 */
@DisplayName("The examples of the messaging guide")
class MessagingGuideExamplesTest {

    @TempDir
    Path dir;

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    @Test
    @DisplayName("quick start: declare, bind, publish with a confirm, consume with ack")
    void quickStart() {
        try (Broker broker = InProcessBroker.create()) {
            broker.declareExchange(ExchangeSpec.durable("events", ExchangeType.TOPIC));
            broker.declareQueue(QueueSpec.durable("order_events"));
            broker.bind("order_events", "events", "order.*");

            PublishOutcome outcome = broker.publish("events", "order.created",
                    Message.ofText("{\"orderId\":42}").withMessageId("evt-1"));

            List<String> seen = new CopyOnWriteArrayList<>();
            broker.consume("order_events", ConsumerOptions.defaults().withPrefetch(20), delivery -> {
                seen.add(delivery.message().bodyAsText());   // returning normally acks; throwing nacks
            });

            assertThat(outcome).isEqualTo(PublishOutcome.CONFIRMED);
            await().until(() -> seen.size() == 1);
        }
    }

    @Test
    @DisplayName("dead letters: a rejected message arrives in the dead-letter queue with x-death")
    void deadLetters() {
        try (Broker broker = InProcessBroker.create()) {
            broker.declareExchange(ExchangeSpec.durable("events.dlx", ExchangeType.FANOUT));
            broker.declareQueue(QueueSpec.durable("order_events.dead"));
            broker.bind("order_events.dead", "events.dlx", "");
            broker.declareQueue(QueueSpec.builder("order_events")
                    .deadLetterExchange("events.dlx")            // rejected, expired, overflowed -> here
                    .messageTtl(Duration.ofMinutes(30))
                    .build());

            broker.publish("", "order_events", Message.ofText("{\"orderId\":-1}"));
            broker.get("order_events").orElseThrow().nack(false);      // requeue=false: give up on it

            Delivery dead = broker.get("order_events.dead").orElseThrow();
            Death death = dead.deaths().get(0);          // queue=order_events, reason=rejected, count=1
            dead.ack();

            assertThat(death.queue()).isEqualTo("order_events");
            assertThat(death.reason()).isEqualTo(Death.REJECTED);
        }
    }

    @Test
    @DisplayName("poison messages: a quorum queue's delivery limit dead-letters instead of looping")
    void deliveryLimit() {
        try (Broker broker = InProcessBroker.create()) {
            broker.declareQueue(QueueSpec.durable("parked"));
            QueueSpec payments = QueueSpec.builder("payments").type(QueueType.QUORUM)
                    .deliveryLimit(5)                            // the 6th return dead-letters it
                    .deadLetterExchange("").deadLetterRoutingKey("parked")
                    .build();
            broker.declareQueue(payments);

            broker.publish("", "payments", Message.ofText("poison"));
            for (int i = 0; i <= 5; i++) {
                broker.get("payments").orElseThrow().nack(true);
            }

            assertThat(broker.get("parked").orElseThrow().deaths().get(0).reason()).isEqualTo(Death.DELIVERY_LIMIT);
        }
    }

    @Test
    @DisplayName("retries with backoff through TTL'd retry queues, on a manual clock")
    void retryWithBackoff() {
        try (InProcessBroker broker = InProcessBroker.builder().timeSource(time).scheduler(scheduler).build()) {
            List<Integer> attempts = new CopyOnWriteArrayList<>();
            RetryQueues retry = RetryQueues.builder("order_events")
                    .maxRetries(3)
                    .backoff(Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)))
                    .build();                                    // retry-1: 1 s, retry-2: 2 s, retry-3: 4 s
            retry.declare(broker);
            broker.consume("order_events", ConsumerOptions.defaults(), retry.wrap(broker, delivery -> {
                attempts.add(RetryQueues.attemptOf(delivery.message()));
                if (attempts.size() < 2) {
                    throw new IllegalStateException("payment service down");
                }
            }));

            broker.publish("", "order_events", Message.ofText("{\"orderId\":7}"));
            await().until(() -> broker.queueInfo("order_events.retry-1").messageCount() == 1);
            scheduler.advance(Duration.ofSeconds(1));
            await().until(() -> attempts.size() == 2);

            assertThat(attempts).containsExactly(0, 1);
        }
    }

    @Test
    @DisplayName("outbox relay and inbox: the event store's events reach the consumer once")
    void outboxAndInbox() throws Exception {
        try (FileEventStore store = FileEventStore.builder(dir.resolve("events")).open();
                InProcessBroker broker = InProcessBroker.builder().dataDirectory(dir.resolve("broker")).build()) {
            broker.declareExchange(ExchangeSpec.durable("events", ExchangeType.TOPIC));
            broker.declareQueue(QueueSpec.durable("billing"));
            broker.bind("billing", "events", "order-placed");

            // the service: state change and event in one append (one transaction)
            store.append(StreamName.of("order-42"), ExpectedVersion.NO_STREAM,
                    EventData.of("order-placed", "{\"orderId\":42}".getBytes(StandardCharsets.UTF_8)));

            // the relay: at least once, in order, event id = message id
            OutboxRelay relay = OutboxRelay.builder("orders-outbox", store, broker, "events")
                    .checkpointStore(new FileCheckpointStore(dir.resolve("checkpoints")))
                    .build();
            relay.drain();                                       // or relay.start() for a background thread

            // the consumer: drops what it has already handled
            Inbox inbox = Inbox.durable(store, "billing", Duration.ofDays(7), TimeSource.system());
            List<String> billed = new CopyOnWriteArrayList<>();
            broker.consume("billing", ConsumerOptions.defaults(),
                    inbox.deduplicate(delivery -> billed.add(delivery.message().messageId().orElseThrow())));

            await().until(() -> billed.size() == 1);
        }
    }
}
