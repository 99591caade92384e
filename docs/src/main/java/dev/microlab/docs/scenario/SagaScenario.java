package dev.microlab.docs.scenario;

import dev.microlab.docs.diagram.SequenceDiagram;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import dev.microlab.examples.saga.Inventory;
import dev.microlab.examples.saga.OrchestratedOrderSaga;
import dev.microlab.examples.saga.Order;
import dev.microlab.examples.saga.Orders;
import dev.microlab.examples.saga.Payments;
import dev.microlab.examples.saga.Shipping;
import dev.microlab.saga.SagaDefinition;
import dev.microlab.saga.SagaEvent;
import dev.microlab.saga.SagaOrchestrator;
import dev.microlab.saga.SagaOutcome;
import dev.microlab.saga.SagaStep;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The course's order saga on the real orchestrator: one order is validated, reserved, paid
 * and shipped; the next one is declined by payments (the pivot), so the stock reservation and
 * the order are compensated, latest first — and the saga log says so.
 *
 * <p>The orchestrator runs steps on the caller's thread ({@code Runnable::run}) and waits on
 * the narrator's scheduler, so the story is deterministic. The participants are the saga
 * module's example services (5 books in stock, a payment limit of 100.00).
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class SagaScenario implements Scenario {

    @Override
    public String name() {
        return "saga";
    }

    @Override
    public String title() {
        return "the order saga: a completed order, then a declined payment compensated in reverse";
    }

    @Override
    public List<String> patterns() {
        return List.of("saga");
    }

    @Override
    public void run(Narrator narrator) throws Exception {
        Orders orders = new Orders();
        Inventory inventory = new Inventory(Map.of("book", 5));
        Payments payments = new Payments(10_000);
        Shipping shipping = new Shipping();
        SagaDefinition<Order> saga = OrchestratedOrderSaga.definition(orders, inventory, payments, shipping);

        Map<String, String> lane = new HashMap<>();
        SequenceDiagram sequence = new SequenceDiagram("order saga: success, then compensation").participant("S", "order saga");
        for (SagaStep<Order> step : saga.steps()) {
            String id = step.participant().replaceAll("[^A-Za-z0-9]", "");
            lane.put(step.name(), id);
            sequence.participant(id, step.participant());
        }

        try (InMemoryEventStore store = InMemoryEventStore.builder().timeSource(narrator.time()).build();
             SagaOrchestrator orchestrator = SagaOrchestrator.builder(store).register(saga)
                     .executor(Runnable::run).scheduler(narrator.scheduler()).build()) {
            orchestrator.eventPublisher().subscribe(event -> narrate(narrator, sequence, lane, event));

            sequence.note("S", "order o1: 1 book, 25.00");
            SagaOutcome<Order> first = orchestrator.start(saga, "o1", Order.of("o1", "book", 1, 2_500))
                    .toCompletableFuture().join();
            narrator.milestone("saga-completed", "order o1 is " + first.state() + ": payment " + first.data().paymentId()
                    + ", tracking " + first.data().trackingId() + "; " + inventory.available("book") + " books left");

            narrator.time().advance(Duration.ofSeconds(1));
            sequence.note("S", "order o2: 2 books, 500.00");
            SagaOutcome<Order> second = orchestrator.start(saga, "o2", Order.of("o2", "book", 2, 50_000))
                    .toCompletableFuture().join();
            narrator.milestone("saga-compensated", "order o2 is " + second.state() + ": the order is "
                    + orders.status("o2").map(Enum::name).orElse("unknown") + ", the stock is back to "
                    + inventory.available("book") + " books, and nothing was shipped (" + shipping.shipments()
                    + " shipment in all)");
            narrator.say("the saga log of o2 holds " + store.readStreamForward(StreamName.of("saga-o2"), 0, 100).size()
                    + " entries, each written before the move it records");
        }
        narrator.draw(sequence);
    }

    private static void narrate(Narrator narrator, SequenceDiagram sequence, Map<String, String> lane, SagaEvent event) {
        if (event instanceof SagaEvent.StepSucceeded ok) {
            sequence.call("S", lane.get(ok.step()), ok.step()).reply(lane.get(ok.step()), "S", ok.step() + " ok");
            narrator.say(ok.sagaId() + ": " + ok.step() + " done");
        } else if (event instanceof SagaEvent.StepFailed failed) {
            sequence.call("S", lane.get(failed.step()), failed.step())
                    .failure(lane.get(failed.step()), "S", failed.step() + " failed: " + failed.error());
            narrator.milestone("pivot-failed", failed.sagaId() + ": " + failed.step() + " failed (" + failed.error()
                    + ") — it is the pivot, so the steps before it are compensated, latest first");
        } else if (event instanceof SagaEvent.CompensationSucceeded undone) {
            sequence.call("S", lane.get(undone.step()), "compensate " + undone.step())
                    .reply(lane.get(undone.step()), "S", undone.step() + " compensated");
            narrator.milestone("compensated-" + undone.step(), undone.sagaId() + ": " + undone.step() + " compensated");
        } else if (event instanceof SagaEvent.SagaEnded ended) {
            sequence.note("S", ended.sagaId() + " " + ended.state());
        }
    }
}
