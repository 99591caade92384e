package dev.microlab.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ManualScheduler")
class ManualSchedulerTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final List<String> log = new ArrayList<>();

    @Test
    @DisplayName("runs due tasks in due order, each at exactly its due time")
    void runsInOrderAtDueTime() {
        scheduler.schedule(Duration.ofSeconds(5), () -> log.add("b@" + time.elapsed()));
        scheduler.schedule(Duration.ofSeconds(2), () -> log.add("a@" + time.elapsed()));
        scheduler.schedule(Duration.ofSeconds(20), () -> log.add("c@" + time.elapsed()));

        int ran = scheduler.advance(Duration.ofSeconds(10));

        assertThat(ran).isEqualTo(2);
        assertThat(log).containsExactly("a@PT2S", "b@PT5S");
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(10));
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("a cancelled task never runs")
    void cancelledTaskDoesNotRun() {
        Scheduler.Cancellable handle = scheduler.schedule(Duration.ofSeconds(1), () -> log.add("ran"));

        assertThat(handle.cancel()).isTrue();
        assertThat(handle.cancel()).isFalse();
        scheduler.advance(Duration.ofSeconds(5));

        assertThat(log).isEmpty();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    @DisplayName("a task scheduled by a task runs in the same advance when it falls due")
    void nestedScheduling() {
        scheduler.schedule(Duration.ofSeconds(1),
                () -> scheduler.schedule(Duration.ofSeconds(1), () -> log.add("nested@" + time.elapsed())));

        scheduler.advance(Duration.ofSeconds(3));

        assertThat(log).containsExactly("nested@PT2S");
    }

    @Test
    @DisplayName("a fixed-delay task repeats every period until cancelled")
    void fixedDelay() {
        Scheduler.Cancellable handle = scheduler.scheduleWithFixedDelay(
                Duration.ofSeconds(1), Duration.ofSeconds(10), () -> log.add("tick@" + time.elapsed()));

        scheduler.advance(Duration.ofSeconds(25));
        handle.cancel();
        scheduler.advance(Duration.ofSeconds(100));

        assertThat(log).containsExactly("tick@PT1S", "tick@PT11S", "tick@PT21S");
    }

    @Test
    @DisplayName("a delay too large for the clock saturates: the task waits 'forever' instead of firing at once")
    void hugeDelaySaturates() {
        // Given a clock that is not at zero, so that now + Long.MAX_VALUE nanos would wrap around
        time.advance(Duration.ofSeconds(1));
        scheduler.schedule(Duration.ofNanos(Long.MAX_VALUE), () -> log.add("max nanos"));
        scheduler.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> log.add("max seconds"));

        // When
        int ran = scheduler.advance(Duration.ofDays(365));

        // Then
        assertThat(ran).as("tasks due at the end of time run within a year").isZero();
        assertThat(log).isEmpty();
        assertThat(scheduler.pendingDelays()).as("delays stay positive").allMatch(d -> d.compareTo(Duration.ofDays(365)) > 0);
    }

    @Test
    @DisplayName("advancing by an amount too large for the clock saturates instead of wrapping")
    void hugeAdvanceSaturates() {
        time.advance(Duration.ofSeconds(1));
        scheduler.schedule(Duration.ofSeconds(5), () -> log.add("due"));

        scheduler.advance(Duration.ofNanos(Long.MAX_VALUE));

        assertThat(log).as("the task due in 5 s ran").containsExactly("due");
        assertThat(time.nanoTime()).as("the clock went forward, not around").isPositive();
    }
}
