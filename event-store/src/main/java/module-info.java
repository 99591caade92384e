/**
 * The event store (in memory and on files), serialization, snapshots and subscriptions;
 * {@code dev.microlab.eventstore.internal} is not exported. Jackson is part of the API
 * ({@code EventSerializer} and {@code SnapshotCodec} take an {@code ObjectMapper}).
 */
module dev.microlab.eventstore {
    requires transitive dev.microlab.core;
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.microlab.eventstore;
}
