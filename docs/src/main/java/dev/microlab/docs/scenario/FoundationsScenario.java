package dev.microlab.docs.scenario;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.Scheduler;
import dev.microlab.docs.diagram.SequenceDiagram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ground every pattern stands on: a virtual clock, a scheduler that runs tasks when that
 * clock moves, and an {@link EventPublisher} that tells listeners what happened — where a
 * listener that throws breaks nothing, and nobody listening costs nothing.
 *
 * <p>The story: an inventory check runs every 10 s on the virtual scheduler and publishes a
 * {@code StockChecked} event; an audit log and a dashboard listen; the dashboard crashes once;
 * it then unsubscribes, the audit log too, and the check stops allocating events; finally
 * the task is cancelled.
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class FoundationsScenario implements Scenario {

    /** The event of the story. */
    record StockChecked(String sku, int units, Instant at) {
    }

    @Override
    public String name() {
        return "foundations";
    }

    @Override
    public String title() {
        return "the virtual clock, the scheduler and the events every pattern is built on";
    }

    @Override
    public void run(Narrator narrator) {
        SequenceDiagram diagram = new SequenceDiagram("a scheduled check publishing events")
                .participant("S", "scheduler (virtual clock)")
                .participant("I", "inventory check")
                .participant("P", "EventPublisher")
                .participant("A", "audit log")
                .participant("D", "dashboard");
        narrator.milestone("clock-started", "the virtual clock reads " + narrator.time().instant()
                + "; nothing moves until the scenario advances it");

        EventPublisher<StockChecked> events = new EventPublisher<>("inventory check");
        List<StockChecked> audit = new ArrayList<>();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger dashboardCalls = new AtomicInteger();
        AtomicInteger units = new AtomicInteger(12);
        AtomicInteger runs = new AtomicInteger();

        Runnable check = () -> {
            runs.incrementAndGet();
            events.publish(() -> {
                created.incrementAndGet();
                return new StockChecked("SKU-42", units.getAndDecrement(), narrator.time().instant());
            });
        };
        Scheduler.Cancellable task = narrator.scheduler()
                .scheduleWithFixedDelay(Duration.ofSeconds(10), Duration.ofSeconds(10), check);
        narrator.milestone("check-scheduled", "an inventory check is scheduled every 10 s on the virtual scheduler");

        EventPublisher.ListenerRegistration auditing = events.subscribe(audit::add);
        EventPublisher.ListenerRegistration dashboard = events.subscribe(e -> {
            if (dashboardCalls.incrementAndGet() == 2) {
                throw new IllegalStateException("dashboard lost its connection");
            }
        });
        narrator.say("an audit log and a dashboard subscribe (" + events.listenerCount() + " listeners)");

        narrator.scheduler().advance(Duration.ofSeconds(10));
        diagram.call("S", "I", "run at +10 s").call("I", "P", "publish StockChecked")
                .call("P", "A", "StockChecked 12 units").call("P", "D", "StockChecked 12 units");
        narrator.milestone("first-check", "10 virtual seconds later the check runs: " + audit.get(0));

        narrator.scheduler().advance(Duration.ofSeconds(10));
        diagram.call("S", "I", "run at +20 s").call("I", "P", "publish StockChecked")
                .call("P", "A", "StockChecked 11 units").failure("P", "D", "throws IllegalStateException");
        diagram.note("P", "the failure is logged and the other listeners still run");
        narrator.milestone("listener-failure-isolated", "the dashboard threw on the second event; the publisher"
                + " logged it and the audit log still got it (" + audit.size() + " events audited)");

        dashboard.close();
        auditing.close();
        narrator.say("both listeners unsubscribe; hasListeners() is now " + events.hasListeners());
        int before = created.get();
        int runsBefore = runs.get();
        narrator.scheduler().advance(Duration.ofSeconds(30));
        diagram.call("S", "I", "runs at +30, +40, +50 s").note("P", "nobody listens, no event is created");
        narrator.milestone("no-listener-no-allocation", "30 s more: the check ran " + (runs.get() - runsBefore) + " times and created "
                + (created.get() - before) + " events — with nobody listening, none is even allocated");

        task.cancel();
        int ran = narrator.scheduler().advance(Duration.ofMinutes(1));
        narrator.milestone("task-cancelled", "the task is cancelled: a further virtual minute runs "
                + ran + " tasks (" + narrator.scheduler().pendingTasks() + " pending)");
        narrator.draw(diagram);
    }
}
