package dev.microlab.cqrs.example.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The persistent map behind the order read model")
class HashTrieMapTest {

    @Test
    @DisplayName("holds the same entries as a HashMap after many puts, replacements and hash collisions")
    void matchesHashMap() {
        // Given a seeded mix of new keys, replaced keys and keys with equal hash codes ("Aa" and "BB")
        Random random = new Random(42);
        Map<String, Integer> expected = new HashMap<>();
        HashTrieMap<String, Integer> trie = HashTrieMap.empty();

        // When the same puts go to both
        for (int i = 0; i < 20_000; i++) {
            String key = switch (random.nextInt(3)) {
                case 0 -> "Aa".repeat(1 + random.nextInt(3));
                case 1 -> "BB".repeat(1 + random.nextInt(3));
                default -> "order-" + random.nextInt(5_000);
            };
            expected.put(key, i);
            trie = trie.with(key, i);
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
        HashTrieMap<String, Integer> before = HashTrieMap.empty();
        for (int i = 0; i < 1000; i++) {
            before = before.with("order-" + i, i);
        }
        Map<String, Integer> snapshot = new HashMap<>(before);

        // When one key is replaced and one added
        HashTrieMap<String, Integer> after = before.with("order-7", -7).with("order-new", 1);

        // Then
        assertThat(before).as("the earlier map, still read by readers of the earlier state").isEqualTo(snapshot);
        assertThat(after.get("order-7")).as("the replaced value in the new map").isEqualTo(-7);
        assertThat(after.size()).as("one entry added").isEqualTo(1001);
    }

    @Test
    @DisplayName("is immutable through the Map interface and rejects null keys and values")
    void immutableAndNullFree() {
        // Given
        HashTrieMap<String, Integer> map = HashTrieMap.<String, Integer>empty().with("a", 1);

        // When / Then
        assertThatThrownBy(() -> map.put("b", 2)).as("Map.put").isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.with(null, 1)).as("null key").isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> map.with("b", null)).as("null value").isInstanceOf(NullPointerException.class);
    }
}
