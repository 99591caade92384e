package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microlab.core.retry.Backoff;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Delayed retry through TTL'd retry queues, on a manual clock. */
@DisplayName("RetryQueues")
class RetryQueuesTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final InProcessBroker broker = InProcessBroker.builder().timeSource(time).scheduler(scheduler).build();
    private final RetryQueues retry = RetryQueues.builder("work").maxRetries(3)
            .backoff(Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1))).build();

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    @DisplayName("the retry queues' TTLs follow the backoff: 1 s, 2 s, 4 s")
    void delaysFollowBackoff() {
        assertThat(retry.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(retry.retryQueue(2)).isEqualTo("work.retry-2");
    }

    @Test
    @DisplayName("a failing message comes back after each backoff delay, and is handled when the cause is gone")
    void retriesAfterBackoff() {
        retry.declare(broker);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        broker.consume("work", ConsumerOptions.defaults(), retry.wrap(broker, d -> {
            attempts.add(RetryQueues.attemptOf(d.message()));
            if (attempts.size() < 3) {
                throw new IllegalStateException("downstream still down");
            }
        }));

        broker.publish("", "work", Message.ofText("job").withMessageId("j-1"));
        await().until(() -> attempts.size() == 1);
        await().until(() -> broker.queueInfo("work.retry-1").messageCount() == 1);

        scheduler.advance(Duration.ofMillis(999));
        assertThat(broker.queueInfo("work.retry-1").messageCount()).as("not before the 1 s backoff").isEqualTo(1);
        scheduler.advance(Duration.ofMillis(1));
        await().until(() -> attempts.size() == 2);
        await().until(() -> broker.queueInfo("work.retry-2").messageCount() == 1);
        scheduler.advance(Duration.ofSeconds(2));
        await().until(() -> attempts.size() == 3);

        assertThat(attempts).containsExactly(0, 1, 2);
        await().until(() -> broker.queueInfo("work").messageCount() == 0 && broker.unsettledCount("work") == 0);
        assertThat(broker.queueInfo("work.parking").messageCount()).isZero();
    }

    @Test
    @DisplayName("a message that keeps failing is parked with its x-death after the last retry")
    void parksAfterLastRetry() {
        retry.declare(broker);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        broker.consume("work", ConsumerOptions.defaults(), retry.wrap(broker, d -> {
            attempts.add(RetryQueues.attemptOf(d.message()));
            throw new IllegalStateException("poison");
        }));

        broker.publish("", "work", Message.ofText("poison"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            int expected = attempt;
            await().until(() -> attempts.size() == expected);
            await().until(() -> broker.queueInfo(retry.retryQueue(expected)).messageCount() == 1);
            scheduler.advance(retry.delays().get(attempt - 1));
        }
        await().until(() -> broker.queueInfo("work.parking").messageCount() == 1);

        Delivery parked = broker.get("work.parking").orElseThrow();
        assertThat(attempts).containsExactly(0, 1, 2, 3);
        assertThat(parked.deaths().get(0).queue()).isEqualTo("work");
        assertThat(parked.deaths().get(0).reason()).isEqualTo(Death.REJECTED);
        assertThat(RetryQueues.attemptOf(parked.message())).isEqualTo(3);
        parked.ack();
    }
}
