package dev.microlab.eventstore.postgres;

import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventStoreContractTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole contract suite of event-store, unchanged, on a real PostgreSQL: from a package of its
 * own, as a user's backend runs it.
 */
@DisplayName("PostgresEventStore (contract)")
class PostgresEventStoreContractTest extends EventStoreContractTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = new PostgresTestDatabase();

    private int maxEventSize;

    @Override
    protected EventStore newStore(int maxEventSize) throws Exception {
        DB.drop();
        this.maxEventSize = maxEventSize;
        return open();
    }

    private EventStore open() {
        return DB.builder().timeSource(time).maxEventSize(maxEventSize).open();
    }

    @Override
    protected EventStore reopen(EventStore current) {
        current.close();
        return open();
    }
}
