package dev.microlab.cqrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PersistentMap: the map a read model keeps its entries in")
class PersistentMapTest {

    @Test
    @DisplayName("holds the same entries as a HashMap after many puts, replacements, removals and hash collisions")
    void matchesHashMap() {
        // Given a seeded mix of new keys, replaced keys, removed keys and keys with equal hash codes ("Aa" and "BB")
        Random random = new Random(42);
        Map<String, Integer> expected = new HashMap<>();
        PersistentMap<String, Integer> trie = PersistentMap.empty();

        // When the same puts go to both
        for (int i = 0; i < 20_000; i++) {
            String key = switch (random.nextInt(3)) {
                case 0 -> "Aa".repeat(1 + random.nextInt(3));
                case 1 -> "BB".repeat(1 + random.nextInt(3));
                default -> "order-" + random.nextInt(5_000);
            };
            if (random.nextInt(4) == 0) {
                expected.remove(key);
                trie = trie.without(key);
            } else {
                expected.put(key, i);
                trie = trie.with(key, i);
            }
            assertThat(trie.size()).as("size after step %d", i).isEqualTo(expected.size());
        }

        // Then
        assertThat(trie).as("every key maps to its last value, colliding keys kept apart").isEqualTo(expected);
        assertThat(trie.size()).as("size counts each key once").isEqualTo(expected.size());
        assertThat(trie.get("Aa")).as("a colliding key is found by equals").isEqualTo(expected.get("Aa"));
        assertThat(trie.get("missing")).as("an absent key").isNull();
    }

    @Test
    @DisplayName("leaves the map it came from unchanged (what lets the projection commit it atomically)")
    void withIsPersistent() {
        // Given a map of 1000 entries
        PersistentMap<String, Integer> before = PersistentMap.empty();
        for (int i = 0; i < 1000; i++) {
            before = before.with("order-" + i, i);
        }
        Map<String, Integer> snapshot = new HashMap<>(before);

        // When one key is replaced and one added
        PersistentMap<String, Integer> after = before.with("order-7", -7).with("order-new", 1);

        // Then
        assertThat(before).as("the earlier map, still read by readers of the earlier state").isEqualTo(snapshot);
        assertThat(after.get("order-7")).as("the replaced value in the new map").isEqualTo(-7);
        assertThat(after.size()).as("one entry added").isEqualTo(1001);
    }

    @Test
    @DisplayName("without removes one key and leaves the map it came from unchanged; an absent key changes nothing")
    void withoutIsPersistent() {
        // Given a map of 1000 entries, and two colliding keys ("Aa" and "BB" have one hash code)
        PersistentMap<String, Integer> before = PersistentMap.<String, Integer>empty().with("Aa", -1).with("BB", -2);
        for (int i = 0; i < 1000; i++) {
            before = before.with("order-" + i, i);
        }
        Map<String, Integer> snapshot = new HashMap<>(before);

        // When
        PersistentMap<String, Integer> after = before.without("order-7").without("Aa");

        // Then
        assertThat(before).as("the earlier map is unchanged").isEqualTo(snapshot);
        assertThat(after).as("two entries fewer").hasSize(1000).doesNotContainKeys("order-7", "Aa");
        assertThat(after.get("BB")).as("the key that shared a leaf with the removed one").isEqualTo(-2);
        assertThat(after.without("missing")).as("removing an absent key returns the same map").isSameAs(after);
        PersistentMap<String, Integer> emptied = PersistentMap.<String, Integer>empty().with("x", 1).without("x");
        assertThat(emptied).as("removing the last key").isEmpty();
        assertThat(emptied.with("y", 2)).as("an emptied map is usable").containsExactly(Map.entry("y", 2));
    }

    @Test
    @DisplayName("copyOf copies a Map's entries, and returns a PersistentMap itself unchanged")
    void copyOf() {
        PersistentMap<String, Integer> copy = PersistentMap.copyOf(Map.of("a", 1, "b", 2));
        assertThat(copy).as("the same entries").isEqualTo(Map.of("a", 1, "b", 2));
        assertThat(PersistentMap.copyOf(copy)).as("no copy of a persistent map").isSameAs(copy);
    }

    @Test
    @DisplayName("is immutable through the Map interface and rejects null keys and values")
    void immutableAndNullFree() {
        // Given
        PersistentMap<String, Integer> map = PersistentMap.<String, Integer>empty().with("a", 1);

        // When / Then
        assertThatThrownBy(() -> map.put("b", 2)).as("Map.put").isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.with(null, 1)).as("null key").isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> map.with("b", null)).as("null value").isInstanceOf(NullPointerException.class)
                .hasMessage("value must not be null");
        assertThatThrownBy(() -> map.without(null)).as("null key to remove").isInstanceOf(NullPointerException.class)
                .hasMessage("key must not be null");
        assertThatThrownBy(() -> map.remove("a")).as("Map.remove").isInstanceOf(UnsupportedOperationException.class);
    }
}
