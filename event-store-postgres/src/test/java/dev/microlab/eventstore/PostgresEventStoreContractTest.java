package dev.microlab.eventstore;

import dev.microlab.eventstore.postgres.PostgresTestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole contract suite of event-store, unchanged, on a real PostgreSQL. */
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
