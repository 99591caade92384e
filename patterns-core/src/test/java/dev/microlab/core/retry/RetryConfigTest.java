package dev.microlab.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RetryConfig")
class RetryConfigTest {

    @Test
    @DisplayName("defaults: 3 attempts, 500 ms apart, any Exception, no result retried")
    void defaults() {
        RetryConfig config = RetryConfig.ofDefaults();

        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.maxDuration()).isEmpty();
        assertThat(config.backoff().delay(1, Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(config.retryOnException().test(new IOException())).isTrue();
        assertThat(config.retryOnException().test(new AssertionError())).isFalse();
        assertThat(config.retryOnResult().test("anything")).isFalse();
        assertThat(config.abortOn().test(new IOException())).isFalse();
    }

    @Test
    @DisplayName("rejects maxAttempts below 1 and a non-positive maxDuration")
    void validation() {
        assertThatThrownBy(() -> RetryConfig.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be >= 1, but was 0");
        assertThatThrownBy(() -> RetryConfig.builder().maxDuration(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDuration must be > 0, but was PT0S");
        assertThatThrownBy(() -> RetryConfig.builder().backoff(null))
                .isInstanceOf(NullPointerException.class).hasMessage("backoff must not be null");
    }

    @Test
    @DisplayName("from(base) copies every option")
    void copy() {
        RetryConfig base = RetryConfig.builder().maxAttempts(7).maxDuration(Duration.ofSeconds(3)).build();

        RetryConfig copy = RetryConfig.from(base).build();

        assertThat(copy.maxAttempts()).isEqualTo(7);
        assertThat(copy.maxDuration()).contains(Duration.ofSeconds(3));
        assertThat(copy.backoff()).isSameAs(base.backoff());
    }
}
