package dev.microlab.eventstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EventIdIndex")
class EventIdIndexTest {

    @Test
    @DisplayName("finds every id at its positions across several growths, and nothing else")
    void findsWhatWasAdded() {
        // Given: 50,000 ids (the table grows from 1,024 slots several times), one of them used twice
        Random random = new Random(7);
        EventIdIndex index = new EventIdIndex();
        List<UUID> ids = new ArrayList<>();
        for (int p = 1; p <= 50_000; p++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            ids.add(id);
            index.add(id, p);
        }
        index.add(ids.get(0), 50_001);

        // Then
        for (int p = 1; p <= 50_000; p++) {
            assertThat(index.contains(ids.get(p - 1), p)).as("id %d at its position", p).isTrue();
        }
        assertThat(index.contains(ids.get(1), 3)).as("an id at another id's position").isFalse();
        assertThat(index.contains(new UUID(random.nextLong(), random.nextLong()), 1)).isFalse();
        List<Long> uses = new ArrayList<>();
        index.forEach(ids.get(0), p -> uses.add(p));
        assertThat(uses).as("both uses of the reused id").containsExactlyInAnyOrder(1L, 50_001L);
    }

    @Test
    @DisplayName("refuses a position outside [1, Integer.MAX_VALUE], naming it")
    void positionRange() {
        EventIdIndex index = new EventIdIndex();
        assertThatThrownBy(() -> index.add(UUID.randomUUID(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position must be in [1, 2147483647], but was 0");
    }
}
