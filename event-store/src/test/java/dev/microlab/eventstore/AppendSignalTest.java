package dev.microlab.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The waiting half of awaitAppend that every backend shares. */
@DisplayName("AppendSignal")
// a safety net: every wait below is a day long, so a lost wake-up would hang the build
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AppendSignalTest {

    private static final Duration A_DAY = Duration.ofDays(1);

    private final AppendSignal signal = new AppendSignal();

    @Test
    @DisplayName("keeps the highest position published: a lower or equal one changes nothing")
    void keepsTheHighestPosition() {
        assertThat(signal.lastPosition()).as("before the first append").isZero();

        signal.advanced(5);
        signal.advanced(3);
        signal.advanced(5);

        assertThat(signal.lastPosition()).isEqualTo(5);
    }

    @Test
    @DisplayName("answers at once when the position is already past, whatever the timeout")
    void answersAtOnceWhenPast() throws Exception {
        signal.advanced(5);

        assertThat(signal.await(4, A_DAY)).isTrue();
        assertThat(signal.await(4, Duration.ofSeconds(Long.MAX_VALUE)))
                .as("a timeout whose nanoseconds overflow a long").isTrue();
        assertThat(signal.await(4, Duration.ofSeconds(-1))).isTrue();
    }

    @Test
    @DisplayName("does not wait with a zero or negative timeout, and says false")
    void zeroTimeoutDoesNotWait() throws Exception {
        signal.advanced(5);

        assertThat(signal.await(5, Duration.ZERO)).isFalse();
        assertThat(signal.await(5, Duration.ofSeconds(-1))).isFalse();
        assertThat(signal.await(5, Duration.ofSeconds(Long.MIN_VALUE))).as("a negative overflow").isFalse();
    }

    @Test
    @DisplayName("wakes every waiting thread when the position passes theirs")
    void wakesEveryWaiter() throws Exception {
        ExecutorService waiters = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(waiters.submit(() -> signal.await(0, A_DAY)));
            }

            signal.advanced(1);

            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            waiters.shutdownNow();
        }
    }

    @Test
    @DisplayName("close wakes every waiter with false, and no later await waits")
    void closeWakesForGood() throws Exception {
        ExecutorService waiters = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = waiters.submit(() -> signal.await(0, A_DAY));
            Future<Boolean> second = waiters.submit(() -> signal.await(0, Duration.ofSeconds(Long.MAX_VALUE)));

            signal.close();

            assertThat(first.get()).isFalse();
            assertThat(second.get()).isFalse();
            assertThat(signal.await(0, A_DAY)).as("after close").isFalse();
            signal.advanced(1);
            assertThat(signal.await(0, A_DAY)).as("a position published after close still counts").isTrue();
        } finally {
            waiters.shutdownNow();
        }
    }

    @Test
    @DisplayName("rejects a null timeout, naming it")
    void rejectsNullTimeout() {
        assertThatThrownBy(() -> signal.await(0, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("timeout must not be null");
    }
}
