package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Specs and options refuse bad values when built, naming the field, the value and what is allowed. */
@DisplayName("Messaging configuration validation")
class ConfigValidationTest {

    @Test
    @DisplayName("a quorum queue cannot be transient, exclusive or auto-delete, as RabbitMQ refuses it")
    void quorumConstraints() {
        assertThatThrownBy(() -> QueueSpec.builder("q").type(QueueType.QUORUM).durable(false).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quorum queue must be durable")
                .hasMessageContaining("'q'");
        assertThatThrownBy(() -> QueueSpec.builder("q").deliveryLimit(3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliveryLimit")
                .hasMessageContaining("QueueType.QUORUM");
    }

    @Test
    @DisplayName("numbers out of range name the field and the value")
    void ranges() {
        assertThatThrownBy(() -> QueueSpec.builder("q").maxLength(-1))
                .hasMessage("maxLength must be >= 0, but was -1");
        assertThatThrownBy(() -> QueueSpec.builder("q").messageTtl(Duration.ofMillis(-5)))
                .hasMessageContaining("messageTtl must be in [0, 4294967295 ms], but was PT-0.005S");
        assertThatThrownBy(() -> QueueSpec.builder("q").deliveryLimit(-2))
                .hasMessage("deliveryLimit must be >= 0, but was -2");
        assertThatThrownBy(() -> new ConsumerOptions(0, FailurePolicy.DEAD_LETTER))
                .hasMessage("prefetch must be in [1, 65535], but was 0");
        assertThatThrownBy(() -> RetryQueues.builder("w").maxRetries(0))
                .hasMessage("maxRetries must be in [1, 100], but was 0");
    }

    @Test
    @DisplayName("a dead-letter routing key without a dead-letter exchange is refused")
    void routingKeyNeedsExchange() {
        assertThatThrownBy(() -> QueueSpec.builder("q").deadLetterRoutingKey("k").build())
                .hasMessageContaining("deadLetterRoutingKey 'k' needs a deadLetterExchange");
    }

    @Test
    @DisplayName("null arguments are refused with the parameter's name")
    void nulls() {
        assertThatThrownBy(() -> Message.of(null)).hasMessage("body must not be null");
        assertThatThrownBy(() -> QueueSpec.builder(null)).hasMessage("queue name must not be null");
        assertThatThrownBy(() -> new ExchangeSpec("x", null, true)).hasMessage("type must not be null");
    }

    @Test
    @DisplayName("a header value that cannot travel in AMQP is refused, naming the header and the type")
    void headerTypes() {
        assertThatThrownBy(() -> Message.ofText("x").withHeader("when", new java.util.Date()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header 'when'")
                .hasMessageContaining("java.util.Date");
        assertThat(Message.ofText("x").withHeader("n", 1).withHeader("n", null).headers()).isEmpty();
    }

    @Test
    @DisplayName("equal specs are equal, so redeclaring the same queue is idempotent")
    void specEquality() {
        QueueSpec a = QueueSpec.builder("q").messageTtl(Duration.ofSeconds(1)).build();
        QueueSpec b = QueueSpec.builder("q").messageTtl(Duration.ofSeconds(1)).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).contains("ttl=PT1S");
    }
}
