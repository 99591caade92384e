package dev.microlab.messaging;

import dev.microlab.eventstore.CheckpointStore;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.FileCheckpointStore;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.StreamName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The child JVM of {@link OutboxCrashTest}: appends three events, relays them to a durable
 * broker, and dies (Runtime.halt: no shutdown hook, no close, like SIGKILL) at the very moment
 * the relay tries to save its checkpoint — after the publishes were confirmed, before the
 * checkpoint is on disk.
 */
public final class CrashTestRelay {

    private CrashTestRelay() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        FileEventStore store = FileEventStore.builder(dir.resolve("events")).open();
        InProcessBroker broker = InProcessBroker.builder().dataDirectory(dir.resolve("broker")).build();
        broker.declareExchange(ExchangeSpec.durable("events", ExchangeType.TOPIC));
        broker.declareQueue(QueueSpec.durable("billing"));
        broker.bind("billing", "events", "#");
        for (String type : new String[] {"order-placed", "order-paid", "order-shipped"}) {
            EventData e = EventData.of(type, "{}".getBytes(StandardCharsets.UTF_8));
            store.append(StreamName.of("order-7"), ExpectedVersion.ANY, e);
            System.out.println("APPENDED " + e.eventId());
        }
        System.out.flush();
        CheckpointStore real = new FileCheckpointStore(dir.resolve("checkpoints"));
        CheckpointStore dying = new CheckpointStore() {
            @Override
            public OptionalLong load(String subscription) {
                return real.load(subscription);
            }

            @Override
            public void save(String subscription, long position) {
                System.out.println("DYING before checkpoint " + position);
                System.out.flush();
                Runtime.getRuntime().halt(137);
            }
        };
        OutboxRelay.builder("outbox", store, broker, "events").checkpointStore(dying).build().drain();
        System.out.println("NOT REACHED");
    }
}
