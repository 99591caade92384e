package dev.microlab.core.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TimeLimiterConfig")
class TimeLimiterConfigTest {

    @Test
    @DisplayName("defaults: 1 s, cancel running calls")
    void defaults() {
        TimeLimiterConfig config = TimeLimiterConfig.ofDefaults();

        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.cancelRunningFuture()).isTrue();
    }

    @Test
    @DisplayName("rejects a timeout that is not positive")
    void validation() {
        assertThatThrownBy(() -> TimeLimiterConfig.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be > 0, but was PT0S");
        assertThatThrownBy(() -> TimeLimiter.builder("x").executor(null))
                .isInstanceOf(NullPointerException.class).hasMessage("executor must not be null");
    }

    @Test
    @DisplayName("the default threads really time out a hung asynchronous call")
    void defaultSchedulerWorks() throws Exception {
        TimeLimiter limiter = TimeLimiter.builder("x").timeout(Duration.ofMillis(1)).build();

        CompletableFuture<String> result = limiter.executeCompletionStage(CompletableFuture<String>::new)
                .toCompletableFuture();

        assertThat(result.handle((v, e) -> e).get(10, TimeUnit.SECONDS))
                .as("the shared timer thread fired").isInstanceOf(TimeoutExceededException.class);
    }
}
