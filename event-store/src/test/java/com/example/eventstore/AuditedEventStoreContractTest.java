package com.example.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventStoreContractTest;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.eventstore.StreamName;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How a user runs the event-store contract against their own backend: extend the kit, say how
 * to make a store (and reopen it), and every test of the specification runs against it. This
 * class lives outside microlab's packages on purpose, to prove the kit needs nothing else.
 */
@DisplayName("a user's own backend (the contract kit from another package)")
class AuditedEventStoreContractTest extends EventStoreContractTest {

    @Override
    protected EventStore newStore(int maxEventSize) {
        return new AuditedEventStore(InMemoryEventStore.builder()
                .timeSource(time)              // the kit's clock: recorded times are checked against it
                .maxEventSize(maxEventSize)    // the kit checks the size limit too
                .build());
    }

    @Override
    protected EventStore reopen(EventStore current) {
        return current;                        // nothing durable: a restart keeps the same store
    }

    @Test
    @DisplayName("a backend adds its own tests beside the contract's: the audit trail lists acknowledged appends")
    void auditTrail() {
        StreamName stream = StreamName.of("order-7");
        store.append(stream, ExpectedVersion.NO_STREAM, List.of(EventData.of("placed", "{}".getBytes(UTF_8))));
        store.append(stream, ExpectedVersion.of(0), List.of(EventData.of("paid", "{}".getBytes(UTF_8))));

        assertThat(((AuditedEventStore) store).trail()).containsExactly("order-7@0", "order-7@1");
    }
}
