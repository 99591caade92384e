package dev.microlab.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EventStoreArguments and EventData.sizeInBytes: the argument rules every backend shares")
class EventStoreArgumentsTest {

    private static final StreamName STREAM = StreamName.of("order-1");

    @Test
    @DisplayName("an event's size is its data plus the UTF-8 bytes of its type, ids and headers")
    void sizeInBytes() {
        EventData plain = EventData.of("order-placed", new byte[10]);
        EventData withMetadata = plain.withMetadata(EventMetadata.EMPTY.withCorrelationId("c-1")
                .withCausationId("é").withHeader("tenant", "ñu"));

        assertThat(plain.sizeInBytes()).as("10 bytes of data + 12 of type").isEqualTo(22);
        assertThat(withMetadata.sizeInBytes()).as("+ 3 (c-1) + 2 (é) + 6 (tenant) + 3 (ñu)")
                .isEqualTo(22 + 3 + 2 + 6 + 3);
        assertThat("ñu".getBytes(StandardCharsets.UTF_8)).as("ñ is two bytes in UTF-8").hasSize(3);
    }

    @Test
    @DisplayName("an append is refused for a null event, an event over the limit or an id twice, naming it")
    void checkAppend() {
        UUID id = UUID.randomUUID();
        EventData small = EventData.of(id, "a", new byte[1]);
        EventData big = EventData.of("big", new byte[100]);

        assertThat(EventStoreArguments.checkAppend(STREAM, ExpectedVersion.ANY, List.of(small), 2))
                .as("an event exactly at the limit (1 + 1 bytes) passes").containsExactly(small);
        assertThatThrownBy(() -> EventStoreArguments.checkAppend(STREAM, ExpectedVersion.ANY,
                Arrays.asList(small, null), 1000))
                .isInstanceOf(NullPointerException.class).hasMessage("events[1] must not be null");
        assertThatThrownBy(() -> EventStoreArguments.checkAppend(STREAM, ExpectedVersion.ANY, List.of(small, big), 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event 1 (big, id " + big.eventId() + ") of the append to stream 'order-1' is 103 bytes"
                        + " of data and metadata, but maxEventSize is 50 bytes");
        assertThatThrownBy(() -> EventStoreArguments.checkAppend(STREAM, ExpectedVersion.ANY, List.of(small, small),
                1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the append to stream 'order-1' contains event id " + id + " twice; every event needs"
                        + " its own id");
        assertThatThrownBy(() -> EventStoreArguments.checkAppend(STREAM, null, List.of(small), 1000))
                .isInstanceOf(NullPointerException.class).hasMessage("expected must not be null");
    }

    @Test
    @DisplayName("read arguments and the size setting are refused out of range, with the name and the value")
    void checkReadAndSetting() {
        assertThatThrownBy(() -> EventStoreArguments.checkRead(-1, "fromVersion", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("fromVersion must be >= 0, but was -1");
        assertThatThrownBy(() -> EventStoreArguments.checkRead(0, "afterPosition", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxCount must be > 0, but was 0");
        assertThat(EventStoreArguments.checkMaxEventSize(EventStoreArguments.MAX_MAX_EVENT_SIZE))
                .isEqualTo(64 << 20);
        assertThatThrownBy(() -> EventStoreArguments.checkMaxEventSize(EventStoreArguments.MAX_MAX_EVENT_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEventSize must be in [1, 67108864] bytes, but was 67108865");
    }
}
