package dev.microlab.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("typed layer and value types")
class TypedLayerTest {

    record Placed(String orderId) {
    }

    record Paid(String orderId) {
    }

    private static RecordedEvent recorded(String type, int revision, String json) {
        return new RecordedEvent(StreamName.of("order-1"), 0, 1, UUID.randomUUID(), type, revision,
                json.getBytes(UTF_8), EventMetadata.EMPTY, Instant.EPOCH);
    }

    @Test
    @DisplayName("serialize writes the registered alias and revision, never the class name")
    void serializeUsesAlias() {
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
                .register("order-placed", 4, Placed.class).build());

        EventData data = serializer.serialize(new Placed("42"), EventMetadata.EMPTY.withCorrelationId("c"));

        assertThat(data.type()).isEqualTo("order-placed");
        assertThat(data.revision()).isEqualTo(4);
        assertThat(new String(data.data(), UTF_8)).isEqualTo("{\"orderId\":\"42\"}");
        assertThat(data.metadata().correlationId()).isEqualTo("c");
    }

    @Test
    @DisplayName("serializing an unregistered class is refused with a hint")
    void unregisteredClass() {
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder().build());

        assertThatThrownBy(() -> serializer.serialize(new Paid("1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not registered").hasMessageContaining("Paid");
    }

    @Test
    @DisplayName("a stored revision with no upcaster to the registered revision is a clear exception")
    void missingUpcaster() {
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
                .register("order-placed", 3, Placed.class)
                .upcaster(Upcaster.of("order-placed", 1, json -> json)).build());

        assertThatThrownBy(() -> serializer.deserialize(recorded("order-placed", 1, "{\"orderId\":\"1\"}")))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("revision 2").hasMessageContaining("has revision 3");
    }

    @Test
    @DisplayName("an upcaster may rename a type; the chain continues under the new alias")
    void upcasterRenamesType() {
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
                .register("order-paid", 1, Paid.class)
                .upcaster(new Upcaster() {
                    @Override
                    public String type() {
                        return "payment-received";
                    }

                    @Override
                    public int fromRevision() {
                        return 1;
                    }

                    @Override
                    public Intermediate upcast(Intermediate event) {
                        return new Intermediate("order-paid", 1, event.data());
                    }
                }).build());

        Object event = serializer.deserialize(recorded("payment-received", 1, "{\"orderId\":\"9\"}"));

        assertThat(event).isEqualTo(new Paid("9"));
    }

    @Test
    @DisplayName("an upcaster that does not move the revision is detected instead of looping")
    void upcasterLoop() {
        EventTypeRegistry registry = EventTypeRegistry.builder().upcaster(new Upcaster() {
            @Override
            public String type() {
                return "x";
            }

            @Override
            public int fromRevision() {
                return 1;
            }

            @Override
            public Intermediate upcast(Intermediate event) {
                return event;
            }
        }).build();
        EventSerializer serializer = new EventSerializer(registry);

        assertThatThrownBy(() -> serializer.deserialize(recorded("x", 1, "{}")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("same type and revision");
    }

    @Test
    @DisplayName("data that is not valid JSON for the class is a clear exception naming the position")
    void badJson() {
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
                .register("order-placed", Placed.class).build());

        assertThatThrownBy(() -> serializer.deserialize(recorded("order-placed", 1, "{not json")))
                .isInstanceOf(EventStoreException.class).hasMessageContaining("position 1");
    }

    @Test
    @DisplayName("registering an alias or a class twice, or two upcasters for one revision, is refused")
    void duplicateRegistrations() {
        assertThatThrownBy(() -> EventTypeRegistry.builder().register("a", Placed.class).register("a", Paid.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alias 'a'");
        assertThatThrownBy(() -> EventTypeRegistry.builder().register("a", Placed.class).register("b", Placed.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered as 'a'");
        assertThatThrownBy(() -> EventTypeRegistry.builder().upcaster(Upcaster.of("a", 1, j -> j))
                .upcaster(Upcaster.of("a", 1, j -> j))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventTypeRegistry.builder().register("a", 0, Placed.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("revision must be >= 1");
    }

    @Test
    @DisplayName("metadata for a caused event carries the cause's id and its correlation id")
    void causedBy() {
        RecordedEvent first = recorded("x", 1, "{}");
        EventMetadata second = EventMetadata.causedBy(first);
        RecordedEvent secondRecorded = new RecordedEvent(StreamName.of("order-1"), 1, 2, UUID.randomUUID(), "x", 1,
                new byte[0], second, Instant.EPOCH);

        EventMetadata third = EventMetadata.causedBy(secondRecorded);

        assertThat(second.correlationId()).as("a conversation starts with its first event's id")
                .isEqualTo(first.eventId().toString());
        assertThat(second.causationId()).isEqualTo(first.eventId().toString());
        assertThat(third.correlationId()).as("the correlation id is carried along")
                .isEqualTo(first.eventId().toString());
        assertThat(third.causationId()).isEqualTo(secondRecorded.eventId().toString());
    }

    @Test
    @DisplayName("value types: stream categories, exact versions, defensive copies")
    void valueTypes() {
        assertThat(StreamName.of("order-42-x").category()).isEqualTo("order");
        assertThat(StreamName.of("singleton").category()).isEqualTo("singleton");
        assertThatThrownBy(() -> ExpectedVersion.exact(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NO_STREAM");
        assertThat(ExpectedVersion.of(EventStore.NO_VERSION)).isEqualTo(ExpectedVersion.NO_STREAM);
        byte[] bytes = {1, 2};
        EventData data = EventData.of("t", bytes);
        bytes[0] = 9;
        assertThat(data.data()).as("the event copied its data").containsExactly(1, 2);
        assertThatThrownBy(() -> new EventMetadata(null, null, Map.of()).withHeader(null, "v"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("builder values out of range are rejected with the field, the value and the range")
    void inMemoryBuilderValidation() {
        assertThatThrownBy(() -> InMemoryEventStore.builder().maxEventSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEventSize must be in [1, 67108864] bytes, but was 0");
        assertThatThrownBy(() -> Rehydrator.builder(InMemoryEventStore.create(), "s", (s, e) -> s).pageSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageSize");
    }

    @Test
    @DisplayName("the snapshot store keeps the latest version per stream")
    void snapshotStoreKeepsLatest() {
        InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
        StreamName s = StreamName.of("cart-1");
        Instant now = new ManualTimeSource().instant();
        snapshots.save(new Snapshot(s, 10, 1, new byte[] {1}, now));
        snapshots.save(new Snapshot(s, 5, 1, new byte[] {2}, now));

        assertThat(snapshots.load(s)).get().extracting(Snapshot::version).isEqualTo(10L);
        assertThat(snapshots.load(s, 2)).as("another revision is not returned").isEmpty();
        snapshots.delete(s);
        assertThat(snapshots.load(s)).isEmpty();
    }

    @Test
    @DisplayName("the serializer uses the ObjectMapper it is given")
    void customMapper() {
        ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
                .register("order-placed", Placed.class).build(), mapper);

        EventData data = serializer.serialize(new Placed("7"));

        assertThat(new String(data.data(), UTF_8)).isEqualTo("{\"order_id\":\"7\"}");
        assertThat(serializer.deserialize(recorded("order-placed", 1, "{\"order_id\":\"7\"}"))).isEqualTo(new Placed("7"));
    }

    @Test
    @DisplayName("the rehydrator reads pageSize events at a time and stamps snapshots with its time source")
    void rehydratorOptions() {
        ManualTimeSource time = new ManualTimeSource();
        time.advance(Duration.ofHours(1));
        RecordingEventStore store = new RecordingEventStore(InMemoryEventStore.create());
        StreamName s = StreamName.of("count-1");
        for (int i = 0; i < 5; i++) {
            store.append(s, ExpectedVersion.ANY, EventData.of("tick", new byte[0]));
        }
        InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
        Rehydrator<Integer> counter = Rehydrator.builder(store, 0, (n, e) -> n + 1)
                .snapshots(snapshots, 1, new SnapshotCodec<Integer>() {
                    @Override
                    public byte[] encode(Integer state) {
                        return Integer.toString(state).getBytes(UTF_8);
                    }

                    @Override
                    public Integer decode(byte[] bytes) {
                        return Integer.valueOf(new String(bytes, UTF_8));
                    }
                })
                .pageSize(2).timeSource(time).build();

        Rehydrated<Integer> loaded = counter.load(s);
        counter.snapshot(s, loaded);

        assertThat(loaded.state()).isEqualTo(5);
        assertThat(store.streamReads).as("5 events in pages of 2: three reads").hasValue(3);
        assertThat(snapshots.load(s)).get().extracting(Snapshot::takenAt).isEqualTo(time.instant());
    }
}
