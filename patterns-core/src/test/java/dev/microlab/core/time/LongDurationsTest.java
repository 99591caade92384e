package dev.microlab.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A duration too long for nanoseconds (over 2^63-1 ns, about 292 years) counts as "forever". */
@DisplayName("Durations too long for nanoseconds")
class LongDurationsTest {

    private static final Duration HUGE = Duration.ofSeconds(Long.MAX_VALUE);

    @Test
    @DisplayName("Sleeper.system() sleeps a huge duration (saturated) instead of throwing ArithmeticException")
    void systemSleeperSaturates() {
        // Given: an interrupted thread, so the sleep ends at once instead of lasting 292 years
        Thread.currentThread().interrupt();
        try {
            // When / Then: the sleep itself is reached
            assertThatThrownBy(() -> Sleeper.system().sleep(HUGE)).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    @DisplayName("Scheduler.of accepts a huge delay (saturated) instead of throwing ArithmeticException")
    void schedulerOfSaturates() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicBoolean ran = new AtomicBoolean();

            Scheduler.Cancellable task = Scheduler.of(executor).schedule(HUGE, () -> ran.set(true));

            assertThat(task.cancel()).as("the task was pending and is cancelled").isTrue();
            assertThat(ran).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }
}
