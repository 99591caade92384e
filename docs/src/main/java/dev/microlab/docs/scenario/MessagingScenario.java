package dev.microlab.docs.scenario;

import dev.microlab.core.retry.Backoff;
import dev.microlab.docs.diagram.SequenceDiagram;
import dev.microlab.eventstore.CheckpointStore;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryCheckpointStore;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import dev.microlab.messaging.Death;
import dev.microlab.messaging.Delivery;
import dev.microlab.messaging.ExchangeSpec;
import dev.microlab.messaging.ExchangeType;
import dev.microlab.messaging.InProcessBroker;
import dev.microlab.messaging.Inbox;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.MessageHandler;
import dev.microlab.messaging.OutboxRelay;
import dev.microlab.messaging.PublishOutcome;
import dev.microlab.messaging.RetryQueues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The course's asynchronous flow on the in-process broker: an event is published and routed, a
 * handler fails and the message comes back after a backoff, a poison message is parked with its
 * x-death, and the outbox relay publishes again after a crash while the inbox drops the
 * duplicate.
 *
 * <p>Deterministic: the broker runs on the narrator's clock and scheduler, and the consumer
 * takes messages with {@code get} on the scenario's thread rather than on consumer threads.
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class MessagingScenario implements Scenario {

    @Override
    public String name() {
        return "messaging";
    }

    @Override
    public String title() {
        return "publish, route, fail, retry with backoff, dead-letter, and the outbox relay after a crash";
    }

    @Override
    public List<String> patterns() {
        return List.of("messaging");
    }

    @Override
    public void run(Narrator narrator) throws Exception {
        SequenceDiagram sequence = new SequenceDiagram("messaging: retry, dead letter, outbox after a crash")
                .participant("P", "publisher").participant("X", "events").participant("Q", "order_events")
                .participant("R", "retry queues").participant("C", "consumer");
        try (InProcessBroker broker = InProcessBroker.builder().timeSource(narrator.time())
                .scheduler(narrator.scheduler()).build();
                InMemoryEventStore store = InMemoryEventStore.builder().timeSource(narrator.time()).build()) {
            RetryQueues retry = RetryQueues.builder("order_events").maxRetries(2)
                    .backoff(Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1))).build();
            retry.declare(broker);
            broker.declareExchange(ExchangeSpec.durable("events", ExchangeType.TOPIC));
            broker.bind("order_events", "events", "order.*");
            narrator.say("topology: exchange 'events' (topic) -> 'order_events' on 'order.*'; retry queues "
                    + retry.delays() + ", parking queue '" + retry.parkingQueue() + "'");

            // publish and route
            PublishOutcome placed = broker.publish("events", "order.created",
                    Message.ofText("{\"orderId\":1}").withMessageId("evt-1"));
            sequence.call("P", "X", "order.created").call("X", "Q", "route order.*").reply("X", "P", "confirm");
            narrator.milestone("published", "order.created is " + placed + " and waits in order_events ("
                    + broker.queueInfo("order_events").messageCount() + " ready)");
            PublishOutcome nobody = broker.publish("events", "invoice.created", Message.ofText("{}"), true);
            narrator.milestone("returned", "invoice.created, published mandatory, matches no binding: " + nobody);

            // fail, then succeed after the backoff
            int[] calls = {0};
            MessageHandler flaky = retry.wrap(broker, d -> {
                calls[0]++;
                if (calls[0] == 1) {
                    throw new IllegalStateException("payment service down");
                }
            });
            handleNext(broker, "order_events", flaky);
            sequence.call("Q", "C", "order.created").failure("C", "R", "failed: retry-1 (1 s)");
            narrator.milestone("retry-scheduled", "the handler failed; the message waits in "
                    + retry.retryQueue(1) + " (" + broker.queueInfo(retry.retryQueue(1)).messageCount() + ")");
            narrator.scheduler().advance(retry.delays().get(0));
            handleNext(broker, "order_events", flaky);
            sequence.call("R", "Q", "expired: back").call("Q", "C", "order.created (attempt 1)").reply("C", "Q", "ack");
            narrator.milestone("retry-succeeded", "after " + retry.delays().get(0).toSeconds()
                    + " s the message came back (attempt 1) and was handled");

            // a poison message: every retry fails, then it is parked
            broker.publish("events", "order.cancelled", Message.ofText("{\"orderId\":-1}").withMessageId("evt-2"));
            MessageHandler broken = retry.wrap(broker, d -> {
                throw new IllegalArgumentException("orderId -1 does not exist");
            });
            handleNext(broker, "order_events", broken);
            for (Duration delay : retry.delays()) {
                narrator.scheduler().advance(delay);
                handleNext(broker, "order_events", broken);
            }
            Delivery parked = broker.get(retry.parkingQueue()).orElseThrow();
            Death death = parked.deaths().get(0);
            sequence.call("Q", "C", "order.cancelled x3").failure("C", "Q", "nack(requeue=false) -> parking");
            narrator.milestone("dead-lettered", "order.cancelled failed " + (retry.delays().size() + 1)
                    + " times and is parked: x-death queue=" + death.queue() + ", reason=" + death.reason()
                    + ", count=" + death.count());
            parked.ack();

            // the outbox relay crashes between publish and checkpoint; the inbox drops the duplicate
            store.append(StreamName.of("order-2"), ExpectedVersion.NO_STREAM,
                    EventData.of("order.paid", "{\"orderId\":2}".getBytes(StandardCharsets.UTF_8)));
            InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
            OutboxRelay crashing = OutboxRelay.builder("outbox", store, broker, "events")
                    .checkpointStore(new CrashBeforeCheckpoint(checkpoints)).build();
            crashing.poll();
            crashing.close();
            narrator.say("the relay published order.paid, then its process died before saving the checkpoint");
            OutboxRelay restarted = OutboxRelay.builder("outbox", store, broker, "events").checkpointStore(checkpoints)
                    .build();
            restarted.drain();
            Inbox inbox = Inbox.inMemory(Duration.ofDays(1), narrator.time());
            List<String> billed = new ArrayList<>();
            MessageHandler billing = inbox.deduplicate(d -> billed.add(d.message().type().orElseThrow()));
            int delivered = 0;
            while (handleNext(broker, "order_events", billing)) {
                delivered++;
            }
            sequence.call("P", "X", "order.paid (again after the crash)").call("Q", "C", "order.paid x2")
                    .note("C", "inbox: second copy dropped");
            narrator.milestone("duplicate-dropped", "order.paid was delivered " + delivered
                    + " times and handled " + billed.size() + " time by the inbox");
        }
        narrator.draw(sequence);
    }

    /** Takes the next message of {@code queue}, if any, and runs the handler as a consumer would. */
    private static boolean handleNext(InProcessBroker broker, String queue, MessageHandler handler) throws Exception {
        Optional<Delivery> next = broker.get(queue);
        if (next.isEmpty()) {
            return false;
        }
        Delivery d = next.get();
        try {
            handler.handle(d);
            if (!d.isSettled()) {
                d.ack();
            }
        } catch (Exception e) {
            if (!d.isSettled()) {
                d.nack(false);
            }
        }
        return true;
    }

    /** A checkpoint store whose process "dies" on save: the save never happens. */
    private static final class CrashBeforeCheckpoint implements CheckpointStore {
        private final CheckpointStore real;

        CrashBeforeCheckpoint(CheckpointStore real) {
            this.real = real;
        }

        @Override
        public OptionalLong load(String subscription) {
            return real.load(subscription);
        }

        @Override
        public void save(String subscription, long position) {
            throw new IllegalStateException("process killed before the checkpoint was saved");
        }
    }
}
