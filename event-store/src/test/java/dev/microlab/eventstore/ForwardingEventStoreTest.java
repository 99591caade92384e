package dev.microlab.eventstore;

import org.junit.jupiter.api.DisplayName;

/**
 * A store that only forwards must keep every guarantee of the store it wraps: the whole
 * contract suite runs through a {@link ForwardingEventStore} over the in-memory backend.
 */
@DisplayName("ForwardingEventStore (the contract, through a decorator that overrides nothing)")
class ForwardingEventStoreTest extends EventStoreContractTest {

    @Override
    protected EventStore newStore(int maxEventSize) {
        EventStore real = InMemoryEventStore.builder().timeSource(time).maxEventSize(maxEventSize).build();
        return new ForwardingEventStore(real) { };
    }

    @Override
    protected EventStore reopen(EventStore current) {
        return current;
    }
}
