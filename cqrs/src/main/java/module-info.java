/**
 * Commands, aggregates, projections and read models on the event store;
 * {@code dev.microlab.cqrs.internal} is not exported.
 */
module dev.microlab.cqrs {
    requires transitive dev.microlab.eventstore;
    requires org.slf4j;

    exports dev.microlab.cqrs;
    // The Order example is not API (it moves to the examples module, issue 24); Jackson reads and
    // writes its snapshot state reflectively.
    opens dev.microlab.cqrs.example.order to com.fasterxml.jackson.databind;
}
