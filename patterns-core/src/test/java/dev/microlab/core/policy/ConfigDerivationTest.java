package dev.microlab.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.bulkhead.BulkheadConfig;
import dev.microlab.core.ratelimiter.RateLimiterConfig;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.RetryConfig;
import dev.microlab.core.timeout.TimeLimiterConfig;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A builder started from a config ({@code from(base)}) rebuilds the same config, and
 * overriding one option changes that option only; a derived default stays derived.
 */
@DisplayName("from(base) of every patterns-core config")
class ConfigDerivationTest {

    @Test
    @DisplayName("RetryConfig: from(x).build() equals x, and one override changes one option")
    void retry() {
        Predicate<Throwable> io = e -> e instanceof java.io.IOException;
        RetryConfig custom = RetryConfig.builder().maxAttempts(5).maxDuration(Duration.ofSeconds(9))
                .backoff(Backoff.none()).retryOnException(io).build();

        assertThat(RetryConfig.from(RetryConfig.ofDefaults()).build()).isEqualTo(RetryConfig.ofDefaults());
        assertThat(RetryConfig.from(custom).build()).isEqualTo(custom);
        RetryConfig changed = RetryConfig.from(custom).maxAttempts(2).build();
        assertThat(changed.maxAttempts()).isEqualTo(2);
        assertThat(RetryConfig.from(changed).maxAttempts(5).build()).as("only maxAttempts changed")
                .isEqualTo(custom);
    }

    @Test
    @DisplayName("BulkheadConfig: from(x).build() equals x, and one override changes one option")
    void bulkhead() {
        BulkheadConfig custom = BulkheadConfig.builder().maxConcurrentCalls(3).maxWait(Duration.ofSeconds(1)).build();

        assertThat(BulkheadConfig.from(BulkheadConfig.ofDefaults()).build()).isEqualTo(BulkheadConfig.ofDefaults());
        assertThat(BulkheadConfig.from(custom).build()).isEqualTo(custom);
        assertThat(BulkheadConfig.from(custom).maxWait(Duration.ZERO).build())
                .isEqualTo(new BulkheadConfig(3, Duration.ZERO));
    }

    @Test
    @DisplayName("TimeLimiterConfig: from(x).build() equals x, and one override changes one option")
    void timeLimiter() {
        TimeLimiterConfig custom = TimeLimiterConfig.builder().timeout(Duration.ofMillis(800))
                .cancelRunningFuture(false).build();

        assertThat(TimeLimiterConfig.from(TimeLimiterConfig.ofDefaults()).build())
                .isEqualTo(TimeLimiterConfig.ofDefaults());
        assertThat(TimeLimiterConfig.from(custom).build()).isEqualTo(custom);
        TimeLimiterConfig changed = TimeLimiterConfig.from(custom).timeout(Duration.ofSeconds(3)).build();
        assertThat(changed).isEqualTo(new TimeLimiterConfig(Duration.ofSeconds(3), false));
    }

    @Test
    @DisplayName("RateLimiterConfig: from(x).build() equals x, and one override changes one option")
    void rateLimiter() {
        RateLimiterConfig custom = RateLimiterConfig.builder().rate(10, Duration.ofSeconds(1)).burstCapacity(3)
                .maxWait(Duration.ofMillis(5)).build();

        assertThat(RateLimiterConfig.from(RateLimiterConfig.ofDefaults()).build())
                .isEqualTo(RateLimiterConfig.ofDefaults());
        assertThat(RateLimiterConfig.from(custom).build()).isEqualTo(custom);
        RateLimiterConfig changed = RateLimiterConfig.from(custom).rate(20, Duration.ofSeconds(1)).build();
        assertThat(changed.burstCapacity()).as("a burst that was set stays as set").isEqualTo(3);
        assertThat(changed.maxWait()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    @DisplayName("RateLimiterConfig: a derived burstCapacity (never set) follows a new rate in from(base)")
    void rateLimiterDerivedBurstStaysDerived() {
        RateLimiterConfig base = RateLimiterConfig.ofDefaults(); // burst derived from 50 per second

        RateLimiterConfig faster = RateLimiterConfig.from(base).rate(100, Duration.ofSeconds(1)).build();

        assertThat(faster.burstCapacity()).as("the derived burst follows the new rate, as in a fresh builder")
                .isEqualTo(RateLimiterConfig.builder().rate(100, Duration.ofSeconds(1)).build().burstCapacity())
                .isEqualTo(100);
    }
}
