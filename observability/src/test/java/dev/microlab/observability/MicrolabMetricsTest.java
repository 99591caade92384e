package dev.microlab.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.circuitbreaker.CircuitBreakerConfig;
import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.bulkhead.BulkheadConfig;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.retry.RetryConfig;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import dev.microlab.saga.SagaOrchestrator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("MicrolabMetrics")
class MicrolabMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualTimeSource time = new ManualTimeSource();
    private final MicrolabMetrics metrics = MicrolabMetrics.of(registry, time);

    @Nested
    @DisplayName("circuit breaker")
    class Breaker {

        private final CircuitBreaker breaker = CircuitBreaker.builder("payments")
                .config(CircuitBreakerConfig.builder().slidingWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 4).minimumNumberOfCalls(4)
                        .failureRateThreshold(50).build())
                .timeSource(time).build();

        @Test
        @DisplayName("reports state, rates, buffered calls and rejections, read from the breaker at scrape time")
        void statesAndRates() {
            // Given
            metrics.bind(breaker);
            // When: 1 success, 3 failures: 75 % >= 50 %, the breaker opens; then one rejected call
            breaker.onSuccess(1);
            for (int i = 0; i < 3; i++) {
                breaker.onError(1, new IOException("down"));
            }
            assertThat(breaker.tryAcquirePermission()).isFalse();
            // Then
            assertThat(gauge("microlab.circuitbreaker.state", "name", "payments", "state", "open")).isEqualTo(1);
            assertThat(gauge("microlab.circuitbreaker.state", "name", "payments", "state", "closed")).isZero();
            assertThat(gauge("microlab.circuitbreaker.failure.rate", "name", "payments")).isEqualTo(75.0);
            assertThat(gauge("microlab.circuitbreaker.buffered.calls", "name", "payments", "kind", "failed"))
                    .isEqualTo(3);
            assertThat(gauge("microlab.circuitbreaker.buffered.calls", "name", "payments", "kind", "successful"))
                    .isEqualTo(1);
            assertThat(registry.get("microlab.circuitbreaker.not.permitted.calls").tag("name", "payments")
                    .functionCounter().count()).isEqualTo(1);
        }

        @Test
        @DisplayName("adds nothing to the call path: a bound breaker has no event listener, so its calls allocate no event")
        void noListenerOnTheHotPath() {
            metrics.bind(breaker);

            assertThat(breaker.eventPublisher().hasListeners()).as("listeners on the breaker's events").isFalse();
        }

        @Test
        @DisplayName("binding twice is idempotent; closing the binding removes the meters, and binding again brings them back")
        void idempotentAndRemovable() {
            // Given
            MeterBinding first = metrics.bind(breaker);
            int meters = registry.getMeters().size();
            // When / Then
            assertThat(metrics.bind(breaker)).isSameAs(first);
            assertThat(registry.getMeters()).hasSize(meters);

            first.close();
            assertThat(registry.find("microlab.circuitbreaker.state").meters()).isEmpty();
            assertThat(first.isClosed()).isTrue();

            MeterBinding again = metrics.bind(breaker);
            assertThat(again).isNotSameAs(first);
            assertThat(registry.find("microlab.circuitbreaker.state").meters()).hasSize(CircuitBreaker.State.values().length);
        }
    }

    @Test
    @DisplayName("retry: calls by Resilience4j's four kinds, and the retries scheduled")
    void retry() throws Exception {
        // Given
        Retry retry = Retry.builder("inventory").config(RetryConfig.builder().maxAttempts(3)
                .backoff(dev.microlab.core.retry.Backoff.fixed(Duration.ofMillis(1))).build())
                .sleeper(d -> { }).build();
        metrics.bind(retry);
        int[] calls = {0};
        // When: one call succeeds at once, one after a retry, one is exhausted
        retry.executeCallable(() -> "ok");
        retry.executeCallable(() -> {
            if (calls[0]++ == 0) {
                throw new IOException("flaky");
            }
            return "ok";
        });
        assertThatThrownBy(() -> retry.executeCallable(() -> {
            throw new IOException("down");
        })).isInstanceOf(IOException.class);
        // Then
        assertThat(count("microlab.retry.calls", "kind", "successful_without_retry")).isEqualTo(1);
        assertThat(count("microlab.retry.calls", "kind", "successful_with_retry")).isEqualTo(1);
        assertThat(count("microlab.retry.calls", "kind", "failed_with_retry")).isEqualTo(1);
        assertThat(count("microlab.retry.attempts")).as("1 retry + 2 retries").isEqualTo(3);
    }

    @Test
    @DisplayName("bulkhead: free and maximum permits as gauges, calls by kind")
    void bulkhead() {
        Bulkhead bulkhead = Bulkhead.of("db", BulkheadConfig.builder().maxConcurrentCalls(2).build());
        metrics.bind(bulkhead);

        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        assertThat(gauge("microlab.bulkhead.available.concurrent.calls", "name", "db")).isEqualTo(1);
        assertThat(gauge("microlab.bulkhead.max.allowed.concurrent.calls", "name", "db")).isEqualTo(2);
        bulkhead.releasePermission();
        assertThat(gauge("microlab.bulkhead.available.concurrent.calls", "name", "db")).isEqualTo(2);
    }

    @Test
    @DisplayName("event store: appends timed by outcome (a wrong expected version is a conflict), reads by kind")
    void eventStore() {
        // Given
        Fixtures fixtures = new Fixtures();
        EventStore store = metrics.instrument("orders", fixtures.store);
        StreamName stream = StreamName.of("order-1");
        // When
        store.append(stream, ExpectedVersion.NO_STREAM, List.of(EventData.of("Placed", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> store.append(stream, ExpectedVersion.NO_STREAM, List.of(EventData.of("Placed", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))))
                .isInstanceOf(WrongExpectedVersionException.class);
        store.readAll(0, 10);
        // Then
        assertThat(registry.get("microlab.eventstore.append").tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get("microlab.eventstore.append").tag("outcome", "conflict").timer().count()).isEqualTo(1);
        assertThat(registry.get("microlab.eventstore.read").tag("kind", "all").timer().count()).isEqualTo(1);
        assertThat(count("microlab.eventstore.appended.events")).isEqualTo(1);
        assertThat(gauge("microlab.eventstore.last.position", "name", "orders")).isEqualTo(store.lastPosition());
        assertThatThrownBy(() -> metrics.instrument("orders", fixtures.store)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already instrumented");
    }

    @Test
    @DisplayName("saga: started and ended by type and state, step durations on the injected clock, never a saga id as a tag")
    void saga() throws Exception {
        // Given
        Fixtures fixtures = new Fixtures();
        MicrolabMetrics sagaMetrics = MicrolabMetrics.of(registry, fixtures.time);
        try (SagaOrchestrator orchestrator = fixtures.orchestrator()) {
            sagaMetrics.bind(orchestrator);
            // When: one completes; one is declined at the pivot and compensated
            orchestrator.start(fixtures.saga, "p-1", new Fixtures.Parcel("p-1")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            fixtures.declineCharge.set(true);
            orchestrator.start(fixtures.saga, "p-2", new Fixtures.Parcel("p-2")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        // Then
        assertThat(count("microlab.saga.started", "type", "parcel")).isEqualTo(2);
        assertThat(count("microlab.saga.ended", "state", "completed")).isEqualTo(1);
        assertThat(count("microlab.saga.ended", "state", "compensated")).isEqualTo(1);
        var reserve = registry.get("microlab.saga.step").tags("step", "reserve", "phase", "action", "outcome", "success")
                .timer();
        assertThat(reserve.count()).isEqualTo(2);
        assertThat(reserve.totalTime(TimeUnit.MILLISECONDS)).as("2 x 30 ms of virtual time").isEqualTo(60.0);
        assertThat(registry.get("microlab.saga.step").tags("step", "charge", "outcome", "failure").timer().count())
                .isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
                .noneMatch(t -> t.getValue().startsWith("p-")));
    }

    @Test
    @DisplayName("messaging: publishes by confirm outcome, handled deliveries timed by queue and outcome, depth, dead letters")
    void messaging() throws Exception {
        try (dev.microlab.messaging.InProcessBroker inProcess = dev.microlab.messaging.InProcessBroker.create()) {
            // Given: a queue whose failures are dead-lettered
            dev.microlab.messaging.Broker broker = metrics.instrument("shop", inProcess);
            metrics.bind(inProcess);
            broker.declareExchange(dev.microlab.messaging.ExchangeSpec.durable("events",
                    dev.microlab.messaging.ExchangeType.TOPIC));
            broker.declareQueue(dev.microlab.messaging.QueueSpec.durable("order_events"));
            broker.bind("order_events", "events", "#");
            metrics.bindQueue(broker, "order_events");
            // When: two messages wait, then a consumer takes them, failing the second
            broker.publish("events", "order.placed", dev.microlab.messaging.Message.ofText("ok"));
            broker.publish("events", "order.placed", dev.microlab.messaging.Message.ofText("bad"));
            broker.publish("events", "order.shipped", dev.microlab.messaging.Message.ofText("ok too"));
            assertThat(gauge("microlab.messaging.queue.depth", "queue", "order_events")).isEqualTo(3);
            var done = new java.util.concurrent.CountDownLatch(3);
            broker.consume("order_events", dev.microlab.messaging.ConsumerOptions.defaults(), delivery -> {
                done.countDown();
                if (delivery.message().bodyAsText().equals("bad")) {
                    throw new IllegalStateException("cannot handle");
                }
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            // Then
            assertThat(count("microlab.messaging.published", "outcome", "confirmed")).isEqualTo(3);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(registry.get("microlab.messaging.process").tags("queue", "order_events", "outcome", "success")
                        .timer().count()).isEqualTo(2);
                assertThat(registry.get("microlab.messaging.process").tags("queue", "order_events", "outcome", "failure")
                        .timer().count()).isEqualTo(1);
                assertThat(count("microlab.messaging.discarded", "queue", "order_events", "reason", "rejected"))
                        .as("nack without requeue and no dead-letter exchange: dropped, and counted").isEqualTo(1);
                assertThat(gauge("microlab.messaging.queue.depth", "queue", "order_events")).isZero();
            });
        }
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
