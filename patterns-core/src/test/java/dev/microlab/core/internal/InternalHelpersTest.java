package dev.microlab.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("core's internal helpers")
class InternalHelpersTest {

    @Test
    @DisplayName("Nanos saturates conversions, sums and products instead of wrapping")
    void nanosSaturate() {
        assertThat(Nanos.of(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(Nanos.of(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(Nanos.of(Duration.ofMillis(3))).isEqualTo(3_000_000L);
        assertThat(Nanos.add(Long.MAX_VALUE - 1, 5)).isEqualTo(Long.MAX_VALUE);
        assertThat(Nanos.add(Long.MIN_VALUE + 1, -5)).isEqualTo(Long.MIN_VALUE);
        assertThat(Nanos.multiply(Long.MAX_VALUE / 2, 3)).isEqualTo(Long.MAX_VALUE);
        assertThat(Nanos.multiply(Long.MAX_VALUE / 2, -3)).isEqualTo(Long.MIN_VALUE);
        assertThat(Nanos.multiply(6, 7)).isEqualTo(42);
        assertThat(Nanos.saturate(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Nanos.MAX_DURATION);
    }

    @Test
    @DisplayName("Futures.unwrap removes every CompletionException and ExecutionException layer, keeping a causeless one")
    void unwrap() {
        IOException cause = new IOException("reset");

        assertThat(Futures.unwrap(new CompletionException(new ExecutionException(cause)))).isSameAs(cause);
        CompletionException causeless = new CompletionException("no cause", null);
        assertThat(Futures.unwrap(causeless)).isSameAs(causeless);
    }

    @Test
    @DisplayName("Futures.failed fails a stage, except with a VirtualMachineError, which is rethrown")
    void failed() {
        CompletableFuture<String> stage = Futures.failed(new AssertionError("call error"));

        assertThat(stage).isCompletedExceptionally();
        assertThatThrownBy(() -> Futures.failed(new StackOverflowError())).isInstanceOf(StackOverflowError.class);
    }

    @Test
    @DisplayName("Arguments name the parameter, the value and the allowed range")
    void arguments() {
        assertThatThrownBy(() -> Arguments.requireNonNull(null, "timeout")).hasMessage("timeout must not be null");
        assertThatThrownBy(() -> Arguments.requireName(" ")).hasMessage("name must not be blank, but was ' '");
        assertThatThrownBy(() -> Arguments.requireAtLeast(0, 1, "maxAttempts"))
                .hasMessage("maxAttempts must be >= 1, but was 0");
        assertThatThrownBy(() -> Arguments.requirePositive(Duration.ZERO, "timeout"))
                .hasMessage("timeout must be > 0, but was PT0S");
        assertThatThrownBy(() -> Arguments.requireNonNegative(Duration.ofSeconds(-1), "maxWait"))
                .hasMessage("maxWait must be >= 0, but was PT-1S");
    }
}
