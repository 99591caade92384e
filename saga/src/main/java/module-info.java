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
    // The example flows are not API (they move to the examples module, issue 24); Jackson
    // serializes their state.
    opens dev.microlab.saga.example to com.fasterxml.jackson.databind;
}
