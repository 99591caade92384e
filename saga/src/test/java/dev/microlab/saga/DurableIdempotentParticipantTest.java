package dev.microlab.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.InMemoryEventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("IdempotentParticipant on the event store: the same fence, surviving restarts")
class DurableIdempotentParticipantTest {

    private final IdempotencyKey reserve = IdempotencyKey.parse("s1:reserve:action");
    private final IdempotencyKey charge = IdempotencyKey.parse("s1:charge:action");

    record Reservation(String id, int quantity) {
    }

    @Test
    @DisplayName("after the participant's process restarts on the file store, duplicates, late actions and compensations are still recognised")
    void fencesSurviveARestart(@TempDir Path dir) throws Exception {
        AtomicInteger effects = new AtomicInteger();
        // Given: one life of the participant
        try (EventStore store = FileEventStore.builder(dir).open()) {
            IdempotentParticipant inventory = IdempotentParticipant.onEventStore(store, "inventory");
            Reservation first = inventory.execute(reserve, Reservation.class,
                    () -> new Reservation("r-" + effects.incrementAndGet(), 2));
            assertThat(first).isEqualTo(new Reservation("r-1", 2));
            assertThat(inventory.compensate(charge.withPhase(Phase.COMPENSATION), effects::incrementAndGet))
                    .as("a compensation before its action: null compensation").isFalse();
        }
        // When: the process restarts
        try (EventStore store = FileEventStore.builder(dir).open()) {
            IdempotentParticipant inventory = IdempotentParticipant.onEventStore(store, "inventory");
            // Then
            assertThat(inventory.execute(reserve, Reservation.class,
                    () -> new Reservation("r-" + effects.incrementAndGet(), 2)))
                    .as("a redelivered action gets the recorded result").isEqualTo(new Reservation("r-1", 2));
            assertThatThrownBy(() -> inventory.execute(charge, () -> effects.incrementAndGet()))
                    .as("the late action after a null compensation is refused").isInstanceOf(ActionRefusedException.class);
            assertThat(inventory.fence("s1", "reserve")).contains(IdempotentParticipant.FenceState.ACTION_APPLIED);
            assertThat(inventory.compensate(reserve.withPhase(Phase.COMPENSATION), effects::incrementAndGet))
                    .as("the compensation runs once").isTrue();
        }
        try (EventStore store = FileEventStore.builder(dir).open()) {
            IdempotentParticipant inventory = IdempotentParticipant.onEventStore(store, "inventory");
            assertThat(inventory.compensate(reserve.withPhase(Phase.COMPENSATION), effects::incrementAndGet))
                    .as("and never again").isFalse();
            assertThatThrownBy(() -> inventory.execute(reserve, () -> effects.incrementAndGet()))
                    .as("a compensated action cannot come back").isInstanceOf(ActionRefusedException.class);
            assertThat(inventory.fence("s1", "reserve")).contains(IdempotentParticipant.FenceState.COMPENSATED);
        }
        assertThat(effects).as("one reservation, one release").hasValue(2);
    }

    @Test
    @DisplayName("two participants on one store keep separate fences")
    void participantsAreSeparate() throws Exception {
        try (EventStore store = InMemoryEventStore.create()) {
            IdempotentParticipant a = IdempotentParticipant.onEventStore(store, "payments");
            IdempotentParticipant b = IdempotentParticipant.onEventStore(store, "inventory");
            assertThat(a.execute(reserve, () -> "a")).isEqualTo("a");
            assertThat(b.execute(reserve, () -> "b")).as("another participant's fence").isEqualTo("b");
            assertThat(a.execute(reserve, () -> "again")).isEqualTo("a");
        }
    }

    @Test
    @DisplayName("many threads delivering the same action apply it exactly once")
    void concurrentDeliveries() throws Exception {
        try (EventStore store = InMemoryEventStore.create()) {
            IdempotentParticipant payments = IdempotentParticipant.onEventStore(store, "payments");
            AtomicInteger charged = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return payments.execute(charge, String.class, () -> "p-" + charged.incrementAndGet());
                    }));
                }
                go.countDown();
                for (Future<String> r : results) {
                    assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("p-1");
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(charged).hasValue(1);
            assertThat(payments.duplicateCount()).isEqualTo(15);
        }
    }

    @Test
    @DisplayName("a participant name outside the allowed characters is refused, naming the field")
    void participantNameValidated() {
        try (EventStore store = InMemoryEventStore.create()) {
            assertThatThrownBy(() -> IdempotentParticipant.onEventStore(store, "no spaces"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("participant must be");
            assertThatThrownBy(() -> IdempotentParticipant.onEventStore(null, "p"))
                    .isInstanceOf(NullPointerException.class).hasMessage("store must not be null");
        }
    }
}
