/**
 * The in-process broker (RabbitMQ semantics), the outbox and the inbox;
 * {@code dev.microlab.messaging.internal} is not exported.
 */
module dev.microlab.messaging {
    requires transitive dev.microlab.eventstore;
    requires org.slf4j;

    exports dev.microlab.messaging;
}
