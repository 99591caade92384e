package com.example.eventstore;

import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.ForwardingEventStore;
import dev.microlab.eventstore.StreamName;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A user's own backend, outside microlab's packages: a store that keeps an audit trail of the
 * appends it acknowledged, over any other store. It stands for the backends users write (a
 * decorator, an adapter to their database) that must keep every guarantee of the
 * {@link EventStore} contract; {@link AuditedEventStoreContractTest} proves it does.
 *
 * <p>This class is threadsafe if its delegate is.
 */
final class AuditedEventStore extends ForwardingEventStore {

    private final List<String> trail = new CopyOnWriteArrayList<>();

    AuditedEventStore(EventStore delegate) {
        super(delegate);
    }

    @Override
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events) {
        AppendResult result = super.append(stream, expected, events);
        if (!events.isEmpty()) {
            trail.add(stream + "@" + result.nextExpectedVersion());
        }
        return result;
    }

    /** The acknowledged appends, oldest first, as {@code stream@version}. */
    List<String> trail() {
        return List.copyOf(trail);
    }
}
