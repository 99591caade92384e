/**
 * Orchestrated sagas with an event-sourced log, and idempotent participants;
 * {@code dev.microlab.saga.internal} is not exported.
 */
module dev.microlab.saga {
    requires transitive dev.microlab.eventstore;
    requires org.slf4j;

    exports dev.microlab.saga;
    // Jackson writes and reads the saga log's entries (records of the internal package).
    opens dev.microlab.saga.internal to com.fasterxml.jackson.databind;
}
