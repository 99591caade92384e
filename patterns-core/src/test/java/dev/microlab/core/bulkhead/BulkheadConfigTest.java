package dev.microlab.core.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BulkheadConfig")
class BulkheadConfigTest {

    @Test
    @DisplayName("defaults to 25 concurrent calls and no wait")
    void defaults() {
        BulkheadConfig config = BulkheadConfig.ofDefaults();

        assertThat(config.maxConcurrentCalls()).isEqualTo(25);
        assertThat(config.maxWait()).isEqualTo(Duration.ZERO);
        assertThat(Bulkhead.ofDefaults("x").availablePermits()).isEqualTo(25);
    }

    @Test
    @DisplayName("rejects maxConcurrentCalls below 1, naming field and value")
    void rejectsZeroCalls() {
        assertThatThrownBy(() -> BulkheadConfig.builder().maxConcurrentCalls(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrentCalls must be >= 1, but was 0");
    }

    @Test
    @DisplayName("rejects a negative maxWait")
    void rejectsNegativeWait() {
        assertThatThrownBy(() -> BulkheadConfig.builder().maxWait(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWait must be >= 0");
    }

    @Test
    @DisplayName("the bulkhead builder can start from a config and override it")
    void builderFromConfig() {
        BulkheadConfig base = BulkheadConfig.builder().maxConcurrentCalls(3)
                .maxWait(Duration.ofSeconds(1)).build();

        Bulkhead bulkhead = Bulkhead.builder("x").config(base).maxConcurrentCalls(5).build();

        assertThat(bulkhead.config()).isEqualTo(new BulkheadConfig(5, Duration.ofSeconds(1)));
        assertThat(bulkhead.maxConcurrentCalls()).isEqualTo(5);
    }
}
