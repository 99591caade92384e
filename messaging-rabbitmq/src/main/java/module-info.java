/** The messaging API on a real RabbitMQ (the amqp-client's types are part of its API). */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.microlab.rabbitmq {
    requires transitive dev.microlab.messaging;
    requires transitive com.rabbitmq.client;
    requires org.slf4j;

    exports dev.microlab.rabbitmq;
}
