package dev.microlab.observability;

import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.saga.SagaDefinition;
import dev.microlab.saga.SagaOrchestrator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** A small saga the metrics and tracing tests run: reserve (compensatable), then charge (the pivot). */
final class Fixtures {

    /** The saga's data. */
    public record Parcel(String id) {
    }

    final ManualTimeSource time = new ManualTimeSource();
    final EventStore store = InMemoryEventStore.builder().timeSource(time).build();
    final AtomicBoolean declineCharge = new AtomicBoolean();

    final SagaDefinition<Parcel> saga = SagaDefinition.builder("parcel", Parcel.class)
            .step("reserve").participant("Inventory")
                .action(ctx -> {
                    time.advance(Duration.ofMillis(30));
                    return ctx.data();
                })
                .compensation(ctx -> {
                    time.advance(Duration.ofMillis(5));
                    return ctx.data();
                })
                .add()
            .step("charge").participant("Payments").pivot()
                .action(ctx -> {
                    time.advance(Duration.ofMillis(70));
                    if (declineCharge.get()) {
                        throw new IllegalStateException("card declined");
                    }
                    return ctx.data();
                })
                .add()
            .build();

    SagaOrchestrator orchestrator() {
        return SagaOrchestrator.builder(store).register(saga).executor(Runnable::run).build();
    }
}
