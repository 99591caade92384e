package dev.microlab.eventstore;

import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryEventStore (contract)")
class InMemoryEventStoreTest extends EventStoreContractTest {

    @Override
    protected EventStore newStore(int maxEventSize) {
        return InMemoryEventStore.builder().timeSource(time).maxEventSize(maxEventSize).build();
    }

    @Override
    protected EventStore reopen(EventStore current) {
        return current;
    }
}
