package dev.microlab.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class IdempotentParticipantTest {

    private final IdempotentParticipant participant = new IdempotentParticipant();
    private final IdempotencyKey action = IdempotencyKey.parse("s1:reserve:action");
    private final IdempotencyKey compensation = action.withPhase(Phase.COMPENSATION);

    @Test
    @DisplayName("a repeated action is not applied again and returns the first result")
    void dedupesActions() throws Exception {
        // Given
        AtomicInteger applied = new AtomicInteger();

        // When
        String first = participant.execute(action, () -> "r" + applied.incrementAndGet());
        String second = participant.execute(action, () -> "r" + applied.incrementAndGet());

        // Then
        assertThat(applied).as("applied once").hasValue(1);
        assertThat(second).as("the duplicate gets the recorded result").isEqualTo(first).isEqualTo("r1");
        assertThat(participant.duplicateCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a compensation for an action that never ran does nothing and fences the late action")
    void nullCompensationThenHangingAction() throws Exception {
        // Given
        AtomicInteger undone = new AtomicInteger();

        // When
        boolean ran = participant.compensate(compensation, undone::incrementAndGet);

        // Then
        assertThat(ran).as("null compensation").isFalse();
        assertThat(undone).as("nothing to undo").hasValue(0);
        assertThat(participant.fence("s1", "reserve")).contains(IdempotentParticipant.FenceState.NULL_COMPENSATED);
        assertThatThrownBy(() -> participant.execute(action, () -> "late"))
                .isInstanceOf(ActionRefusedException.class).hasMessageContaining("anti-hanging");
    }

    @Test
    @DisplayName("a compensation after the action undoes it once, and the action cannot come back")
    void compensatesOnce() throws Exception {
        // Given
        participant.execute(action, () -> "r");
        AtomicInteger undone = new AtomicInteger();

        // When
        participant.compensate(compensation, undone::incrementAndGet);
        participant.compensate(compensation, undone::incrementAndGet);

        // Then
        assertThat(undone).as("undone once").hasValue(1);
        assertThat(participant.fence("s1", "reserve")).contains(IdempotentParticipant.FenceState.COMPENSATED);
        assertThatThrownBy(() -> participant.execute(action, () -> "again")).isInstanceOf(ActionRefusedException.class);
    }

    @Test
    @DisplayName("an effect that throws is not recorded, so a retry applies it")
    void failureIsNotRecorded() throws Exception {
        // Given
        assertThatThrownBy(() -> participant.execute(action, () -> {
            throw new IllegalStateException("down");
        })).hasMessage("down");

        // When
        String result = participant.execute(action, () -> "ok");

        // Then
        assertThat(result).isEqualTo("ok");
        assertThat(participant.appliedCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("keys of the wrong phase are refused")
    void wrongPhase() {
        assertThatThrownBy(() -> participant.execute(compensation, () -> "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action key");
        assertThatThrownBy(() -> participant.compensate(action, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compensation key");
        assertThatThrownBy(() -> IdempotencyKey.parse("a:b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sagaId:step:phase");
    }

    @Test
    @DisplayName("many threads delivering the same action apply it exactly once")
    void concurrentDuplicates() throws Exception {
        // Given
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger applied = new AtomicInteger();
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return participant.execute(action, applied::incrementAndGet);
                }));
            }

            // When
            go.countDown();

            // Then
            for (Future<Integer> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).as("every delivery sees the one result").isEqualTo(1);
            }
            assertThat(applied).as("applied once").hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("an action racing its compensation either applies and is undone, or is refused")
    void actionRacesCompensation() throws Exception {
        for (int round = 0; round < 200; round++) {
            // Given
            IdempotentParticipant p = new IdempotentParticipant();
            IdempotencyKey a = new IdempotencyKey("s" + round, "step", Phase.ACTION);
            AtomicInteger balance = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            try {
                Future<?> act = pool.submit(() -> {
                    go.await();
                    try {
                        return p.execute(a, balance::incrementAndGet);
                    } catch (ActionRefusedException refused) {
                        return -1;
                    }
                });
                Future<?> undo = pool.submit(() -> {
                    go.await();
                    return p.compensate(a.withPhase(Phase.COMPENSATION), balance::decrementAndGet);
                });

                // When
                go.countDown();
                act.get(10, TimeUnit.SECONDS);
                undo.get(10, TimeUnit.SECONDS);

                // Then
                assertThat(balance).as("round %d: nothing is left applied", round).hasValue(0);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
