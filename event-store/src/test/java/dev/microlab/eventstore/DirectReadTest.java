package dev.microlab.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The serializer reads an event straight from its bytes into its class when no upcaster
 * applies, and the value types check names without regular expressions. These tests pin
 * what must not change on the way: the objects read, the errors for bad data, the names
 * accepted.
 */
@DisplayName("direct reads and name checks")
class DirectReadTest {

    record Priced(String item, BigDecimal price, List<String> tags) {
    }

    record Placed(String orderId) {
    }

    private static RecordedEvent recorded(String type, int revision, String json) {
        return new RecordedEvent(StreamName.of("order-1"), 0, 7, UUID.randomUUID(), type, revision,
                json.getBytes(UTF_8), EventMetadata.EMPTY, Instant.EPOCH);
    }

    @Test
    @DisplayName("a decimal is read back exactly as it was written (the JSON tree rounded it through a double)")
    void decimalsRoundTripExactly() {
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
                .register("priced", Priced.class).build());
        Priced written = new Priced("book", new BigDecimal("12345678901234567890.10"), List.of("a"));

        Object read = serializer.deserialize(recorded("priced", 1, new String(serializer.serialize(written).data(),
                UTF_8)));

        assertThat(read).as("the event read back from its own bytes").isEqualTo(written);
    }

    @Test
    @DisplayName("an event that needs an upcaster still goes through it, with the same result")
    void upcastEventsStillUpcast() {
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
                .register("placed", 2, Placed.class)
                .upcaster(Upcaster.of("placed", 1, json -> {
                    json.put("orderId", json.remove("id").asText());
                    return json;
                })).build());

        assertThat(serializer.deserialize(recorded("placed", 1, "{\"id\":\"9\"}"))).isEqualTo(new Placed("9"));
        assertThat(serializer.deserialize(recorded("placed", 2, "{\"orderId\":\"9\"}"))).isEqualTo(new Placed("9"));
    }

    @Test
    @DisplayName("bad JSON after a field the class refuses is still reported as bad JSON, naming the position")
    void badJsonWinsOverAnUnknownField() {
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
                .register("placed", Placed.class).build());

        assertThatThrownBy(() -> serializer.deserialize(recorded("placed", 1, "{\"orderId\":\"1\",\"x\":2, bad")))
                .isInstanceOf(EventStoreException.class)
                .hasMessageStartingWith("event at position 7 (placed r1) does not hold valid JSON");
        assertThatThrownBy(() -> serializer.deserialize(recorded("placed", 1, "{\"orderId\":\"1\",\"x\":2}")))
                .isInstanceOf(EventStoreException.class)
                .hasMessageStartingWith("cannot read event at position 7 ('placed' r1) as " + Placed.class.getName());
    }

    @Test
    @DisplayName("payloads that are not a JSON object read as they always did: no content is null")
    void nonObjectPayloads() {
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
                .register("placed", Placed.class).build());

        assertThat(serializer.deserialize(recorded("placed", 1, ""))).isNull();
        assertThat(serializer.deserialize(recorded("placed", 1, " null"))).isNull();
        assertThatThrownBy(() -> serializer.deserialize(recorded("placed", 1, "[]")))
                .isInstanceOf(EventStoreException.class).hasMessageContaining("cannot read event at position 7");
    }

    @Test
    @DisplayName("an unknown type is reported before its data is mapped, as before")
    void unknownTypeWithBadData() {
        EventSerializer serializer = new EventSerializer(EventTypeRegistry.builder()
                .register("placed", Placed.class).build());

        assertThatThrownBy(() -> serializer.deserialize(recorded("refunded", 1, "{\"orderId\":\"1\"}")))
                .isInstanceOf(UnknownEventTypeException.class).hasMessageContaining("refunded");
        assertThatThrownBy(() -> serializer.deserialize(recorded("placed", 2, "{\"orderId\":\"1\"}")))
                .isInstanceOf(UnknownEventTypeException.class).hasMessageContaining("has revision 1");
    }

    @Test
    @DisplayName("stream names, type aliases and subscription names accept exactly the characters their documented patterns allow")
    void namesMatchTheirPatterns() {
        Pattern streamPattern = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-:@+=]*");
        Pattern typePattern = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-:$]*");
        Pattern subscriptionPattern = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            for (String candidate : new String[] {String.valueOf(c), "a" + c, "a" + c + "b"}) {
                assertThat(accepts(() -> StreamName.of(candidate)))
                        .as("stream name '%s' (char %d)", candidate, (int) c)
                        .isEqualTo(streamPattern.matcher(candidate).matches());
                assertThat(accepts(() -> EventData.validateType(candidate)))
                        .as("type alias '%s' (char %d)", candidate, (int) c)
                        .isEqualTo(typePattern.matcher(candidate).matches());
                assertThat(accepts(() -> CheckpointStore.validateName(candidate)))
                        .as("subscription name '%s' (char %d)", candidate, (int) c)
                        .isEqualTo(subscriptionPattern.matcher(candidate).matches());
            }
        }
        for (int length : new int[] {99, 100, 101, 200, 201}) {
            String name = "a".repeat(length);
            assertThat(accepts(() -> CheckpointStore.validateName(name))).as("subscription name of %d chars", length)
                    .isEqualTo(subscriptionPattern.matcher(name).matches());
            assertThat(accepts(() -> StreamName.of(name))).as("stream name of %d chars", length)
                    .isEqualTo(length <= StreamName.MAX_LENGTH);
            assertThat(accepts(() -> EventData.validateType(name))).as("type alias of %d chars", length)
                    .isEqualTo(length <= EventData.MAX_TYPE_LENGTH);
        }
    }

    private static boolean accepts(Runnable check) {
        try {
            check.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
