/**
 * Commands, aggregates, projections and read models on the event store;
 * {@code dev.microlab.cqrs.internal} is not exported.
 */
module dev.microlab.cqrs {
    requires transitive dev.microlab.eventstore;
    requires org.slf4j;

    exports dev.microlab.cqrs;
}

