package dev.microlab.docs.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.circuitbreaker.PolicyStack;
import dev.microlab.core.retry.Retry;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import dev.microlab.saga.SagaDefinition;
import dev.microlab.saga.SagaOrchestrator;
import dev.microlab.saga.SagaOutcome;
import dev.microlab.saga.SagaState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The embedding examples of the repository's {@code README.md} ("For application developers"),
 * one per pattern family, each run here; {@code GuidesTest} checks that the README still quotes
 * them. Keep each one about ten lines: the guides show the rest.
 */
@DisplayName("The embedding examples of the README")
class ReadmeExamplesTest {

    /** A payments backend that fails its first call. */
    private int charges;

    private String charge(String orderId) {
        if (charges++ == 0) {
            throw new IllegalStateException("payments timed out");
        }
        return "receipt for " + orderId;
    }

    @Test
    @DisplayName("resilience: a retry around a circuit breaker, one call")
    void resilience() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("payments");
        Retry retry = Retry.ofDefaults("payments");               // 3 attempts, 500 ms apart
        PolicyStack payments = PolicyStack.builder("payments")
                .retry(retry).circuitBreaker(breaker)
                .build();

        String receipt = payments.execute(() -> charge("order-42"), failure -> "queued for later");

        assertThat(receipt).as("the second attempt succeeded").isEqualTo("receipt for order-42");
        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("event sourcing: append with an expected version, read the stream back")
    void eventStore() {
        EventStore store = InMemoryEventStore.create();          // or FileEventStore.builder(dir).open()
        StreamName order = StreamName.of("order-42");
        store.append(order, ExpectedVersion.NO_STREAM,
                EventData.of("order-placed", "{\"sku\":\"book\"}".getBytes(UTF_8)));
        store.append(order, ExpectedVersion.exact(0),             // fails if someone appended meanwhile
                EventData.of("order-paid", "{}".getBytes(UTF_8)));
        List<RecordedEvent> history = store.readStreamForward(order, 0, 100);

        assertThat(history).extracting(RecordedEvent::type).containsExactly("order-placed", "order-paid");
    }

    @Test
    @DisplayName("saga: two steps, the second fails, the first is compensated")
    void saga() {
        List<String> done = new ArrayList<>();
        SagaDefinition<String> checkout = SagaDefinition.builder("checkout", String.class)
                .step("reserve").action(ctx -> { done.add("reserved"); return ctx.data(); })
                    .compensation(ctx -> { done.add("released"); return ctx.data(); }).add()
                .step("charge").action(ctx -> { throw new IllegalStateException("card declined"); }).add()
                .build();
        SagaOutcome<String> outcome;
        try (SagaOrchestrator orchestrator = SagaOrchestrator.builder(InMemoryEventStore.create())
                .register(checkout).build()) {
            outcome = orchestrator.start(checkout, "order-42", "order-42").toCompletableFuture().join();
        }
        // outcome.state() is COMPENSATED: "released" undid "reserved"

        assertThat(outcome.state()).isEqualTo(SagaState.COMPENSATED);
        assertThat(done).containsExactly("reserved", "released");
    }

    @Test
    @DisplayName("service discovery: register two instances, call one through a load-balanced client")
    void serviceRegistry() throws Exception {
        ServiceRegistry registry = ServiceRegistry.builder().build();
        registry.register(ServiceInstance.builder("payments", "payments-1").host("10.0.0.1").port(8080).build());
        registry.register(ServiceInstance.builder("payments", "payments-2").host("10.0.0.2").port(8080).build());
        ServiceClient payments = ServiceClient.builder(registry, "payments").build();   // round robin

        String answeredBy = payments.call(instance -> instance.address());   // your HTTP call here

        assertThat(answeredBy).isIn("10.0.0.1:8080", "10.0.0.2:8080");
    }
}
