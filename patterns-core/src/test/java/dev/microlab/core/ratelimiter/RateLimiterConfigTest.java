package dev.microlab.core.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RateLimiterConfig")
class RateLimiterConfigTest {

    @Test
    @DisplayName("defaults: 50 per second, burst 50, no wait")
    void defaults() {
        RateLimiterConfig config = RateLimiterConfig.ofDefaults();

        assertThat(config.permitsPerPeriod()).isEqualTo(50);
        assertThat(config.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.burstCapacity()).isEqualTo(50);
        assertThat(config.maxWait()).isEqualTo(Duration.ZERO);
    }

    @Test
    @DisplayName("burstCapacity defaults to the rate's permits")
    void burstDefaultsToRate() {
        assertThat(RateLimiterConfig.builder().rate(7, Duration.ofMinutes(1)).build().burstCapacity()).isEqualTo(7);
    }

    @Test
    @DisplayName("rejects bad values naming the field and the value")
    void validation() {
        assertThatThrownBy(() -> RateLimiterConfig.builder().rate(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("permitsPerPeriod must be >= 1, but was 0");
        assertThatThrownBy(() -> RateLimiterConfig.builder().rate(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("period must be > 0, but was PT0S");
        assertThatThrownBy(() -> RateLimiterConfig.builder().burstCapacity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("burstCapacity must be >= 1, but was 0");
        assertThatThrownBy(() -> RateLimiterConfig.builder().maxWait(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait must be >= 0");
        assertThatThrownBy(() -> RateLimiterConfig.builder().rate(1, Duration.ofDays(365))
                .burstCapacity(Integer.MAX_VALUE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burstCapacity x period");
    }
}
