package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.eventstore.CheckpointStore;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryCheckpointStore;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.SubscriptionState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The outbox relay and the inbox together, stepped deterministically on the in-process broker. */
@DisplayName("Outbox relay and inbox")
class OutboxAndInboxTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final InProcessBroker broker = InProcessBroker.builder().timeSource(time)
            .scheduler(new ManualScheduler(time)).build();
    private final EventStore store = InMemoryEventStore.builder().timeSource(time).build();

    OutboxAndInboxTest() {
        broker.declareExchange(ExchangeSpec.durable("events", ExchangeType.TOPIC));
        broker.declareQueue(QueueSpec.durable("billing"));
        broker.bind("billing", "events", "#");
    }

    @AfterEach
    void close() {
        broker.close();
        store.close();
    }

    private UUID append(String stream, String type, String json) {
        EventData e = EventData.of(type, json.getBytes(StandardCharsets.UTF_8))
                .withMetadata(EventMetadata.EMPTY.withCorrelationId("req-1"));
        store.append(StreamName.of(stream), ExpectedVersion.ANY, e);
        return e.eventId();
    }

    private List<Delivery> drain(String queue) {
        List<Delivery> out = new ArrayList<>();
        Optional<Delivery> d;
        while ((d = broker.get(queue)).isPresent()) {
            out.add(d.get());
        }
        return out;
    }

    @Test
    @DisplayName("publishes every event in order, with the event id as message id and the type as routing key")
    void publishesInOrder() {
        UUID first = append("order-1", "order-placed", "{\"n\":1}");
        UUID second = append("order-1", "order-paid", "{\"n\":2}");
        UUID third = append("order-2", "order-placed", "{\"n\":3}");
        OutboxRelay relay = OutboxRelay.builder("outbox", store, broker, "events").build();

        assertThat(relay.drain()).isEqualTo(3);

        List<Delivery> got = drain("billing");
        assertThat(got).extracting(d -> d.message().messageId().orElseThrow())
                .containsExactly(first.toString(), second.toString(), third.toString());
        assertThat(got).extracting(Delivery::routingKey).containsExactly("order-placed", "order-paid", "order-placed");
        Message m = got.get(1).message();
        assertThat(m.type()).contains("order-paid");
        assertThat(m.correlationId()).contains("req-1");
        assertThat(m.headers()).containsEntry("stream", "order-1").containsEntry("stream-version", 1L)
                .containsEntry("position", 2L);
        assertThat(m.bodyAsText()).isEqualTo("{\"n\":2}");
    }

    @Test
    @DisplayName("an unconfirmed publish stops the relay at that event; nothing is skipped")
    void unconfirmedStops() {
        append("order-1", "order-placed", "{}");
        OutboxRelay relay = OutboxRelay.builder("outbox", store, broker, "events").mandatory(true)
                .routingKey(e -> "nobody-listens").build();
        broker.unbind("billing", "events", "#");

        relay.poll();

        assertThat(relay.subscription().state()).isEqualTo(SubscriptionState.FAILED);
        assertThat(relay.subscription().checkpoint()).isZero();
        assertThat(relay.subscription().failure()).get().asString().contains("RETURNED");
    }

    @Test
    @DisplayName("a crash between publish and checkpoint publishes again; the inbox drops the duplicate")
    void crashBetweenPublishAndCheckpoint() throws Exception {
        append("order-1", "order-placed", "{}");
        append("order-1", "order-paid", "{}");
        InMemoryCheckpointStore saved = new InMemoryCheckpointStore();
        CheckpointStore crashing = new CheckpointStore() {
            @Override
            public OptionalLong load(String subscription) {
                return saved.load(subscription);
            }

            @Override
            public void save(String subscription, long position) {
                throw new IllegalStateException("the relay's process dies here, after publishing, before saving");
            }
        };
        OutboxRelay dying = OutboxRelay.builder("outbox", store, broker, "events").checkpointStore(crashing).build();
        dying.poll();
        dying.close();

        OutboxRelay restarted = OutboxRelay.builder("outbox", store, broker, "events").checkpointStore(saved).build();
        restarted.drain();

        Inbox inbox = Inbox.inMemory(Duration.ofDays(1), time);
        List<String> handled = new ArrayList<>();
        MessageHandler billing = inbox.deduplicate(d -> handled.add(d.message().type().orElseThrow()));
        List<Delivery> deliveries = drain("billing");
        assertThat(deliveries).as("both events published twice").hasSize(4);
        for (Delivery d : deliveries) {
            billing.handle(d);
            if (!d.isSettled()) {
                d.ack();
            }
        }
        assertThat(handled).containsExactly("order-placed", "order-paid");
        assertThat(saved.load("outbox")).hasValue(2);
    }

    @Test
    @DisplayName("a durable inbox remembers handled ids across a restart, for the retention window only")
    void durableInboxRetention() throws Exception {
        Inbox inbox = Inbox.durable(store, "billing", Duration.ofHours(1), time);
        inbox.record("m-1");
        time.advance(Duration.ofMinutes(30));
        inbox.record("m-2");

        Inbox reloaded = Inbox.durable(store, "billing", Duration.ofHours(1), time);
        assertThat(reloaded.hasHandled("m-1")).isTrue();
        assertThat(reloaded.hasHandled("m-2")).isTrue();
        assertThat(reloaded.hasHandled("m-3")).isFalse();

        time.advance(Duration.ofMinutes(31));
        assertThat(reloaded.hasHandled("m-1")).as("past the retention window").isFalse();
        assertThat(reloaded.hasHandled("m-2")).isTrue();
        assertThat(Inbox.durable(store, "billing", Duration.ofHours(1), time).size()).isEqualTo(1);
    }

    @Test
    @DisplayName("a message without a message id is refused by the inbox, not handled blindly")
    void noMessageId() {
        broker.publish("", "billing", Message.ofText("anonymous"));
        Inbox inbox = Inbox.inMemory(Duration.ofHours(1), time);
        List<String> handled = new ArrayList<>();
        Delivery d = broker.get("billing").orElseThrow();

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> inbox.deduplicate(x -> handled.add("called")).handle(d))
                .isInstanceOf(MessagingException.class).hasMessageContaining("no message id");
        assertThat(handled).isEmpty();
        d.nack(false);
    }
}
