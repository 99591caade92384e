package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The consumer-side retry policy, on a manual clock. */
@DisplayName("MessageHandler.retrying")
class ConsumerRetryTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final Retry retry = Retry.builder("billing").maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(50)))
            .timeSource(time).sleeper(time.sleeper()).build();

    @Test
    @DisplayName("a blip is retried in place, with the backoff, and the delivery is acked once")
    void retriesBlip() throws Exception {
        try (InProcessBroker broker = InProcessBroker.create()) {
            broker.declareQueue(QueueSpec.durable("q"));
            broker.publish("", "q", Message.ofText("x"));
            Delivery d = broker.get("q").orElseThrow();
            AtomicInteger calls = new AtomicInteger();

            MessageHandler.retrying(retry, x -> {
                if (calls.incrementAndGet() < 3) {
                    throw new IllegalStateException("blip");
                }
                x.ack();
            }).handle(d);

            assertThat(calls).hasValue(3);
            assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(100));
            assertThat(d.isSettled()).isTrue();
        }
    }

    @Test
    @DisplayName("when the attempts run out the failure reaches the consumer (which nacks); a settled attempt is not retried")
    void givesUp() {
        try (InProcessBroker broker = InProcessBroker.create()) {
            broker.declareQueue(QueueSpec.durable("q"));
            broker.publish("", "q", Message.ofText("x"));
            broker.publish("", "q", Message.ofText("y"));
            AtomicInteger calls = new AtomicInteger();

            assertThatThrownBy(() -> MessageHandler.retrying(retry, x -> {
                calls.incrementAndGet();
                throw new IllegalStateException("down");
            }).handle(broker.get("q").orElseThrow())).hasMessage("down");
            assertThat(calls).hasValue(3);

            calls.set(0);
            assertThatThrownBy(() -> MessageHandler.retrying(retry, x -> {
                calls.incrementAndGet();
                x.nack(false);
                throw new IllegalStateException("after settling");
            }).handle(broker.get("q").orElseThrow())).hasMessage("after settling");
            assertThat(calls).as("settled: not retried").hasValue(1);
        }
    }
}
