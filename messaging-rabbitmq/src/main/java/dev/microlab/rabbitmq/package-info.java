/**
 * The {@link dev.microlab.messaging.Broker} API on a real RabbitMQ:
 * {@link dev.microlab.rabbitmq.RabbitMqBroker}, over the RabbitMQ Java client, checked by the
 * same contract suite as the in-process broker. The guide is {@code docs/messaging.md}.
 */
package dev.microlab.rabbitmq;
