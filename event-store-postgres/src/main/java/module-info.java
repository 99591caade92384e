/**
 * The event store on PostgreSQL; {@code dev.microlab.eventstore.postgres.internal} is not exported.
 * JDBC is part of the API ({@code PostgresEventStore.dataSource()}, {@code ProjectionWriter} and
 * {@code PostgresSchema} take a {@code Connection}); the driver and the pool are not.
 */
// "requires-automatic": pgjdbc has no module-info, only its Automatic-Module-Name (org.postgresql.jdbc).
@SuppressWarnings("requires-automatic")
module dev.microlab.eventstore.postgres {
    requires transitive dev.microlab.eventstore;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports dev.microlab.eventstore.postgres;
}
