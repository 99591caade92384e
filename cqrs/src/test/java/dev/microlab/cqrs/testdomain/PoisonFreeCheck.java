package dev.microlab.cqrs.testdomain;

import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.RecordedEvent;

/** Test helper: whether every event of a store can be read back as an order event. */
public final class PoisonFreeCheck {

    private PoisonFreeCheck() {
    }

    public static boolean allReadable(EventStore store, EventSerializer serializer) {
        for (RecordedEvent e : store.readAll(EventStore.START, 100_000)) {
            if (!(serializer.deserialize(e) instanceof OrderEvent)) {
                return false;
            }
        }
        return true;
    }
}
