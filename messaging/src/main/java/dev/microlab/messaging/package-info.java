/**
 * Asynchronous messaging with RabbitMQ's model: exchanges, bindings, queues, acknowledgements,
 * dead letters, TTLs and publisher confirms, behind one interface.
 *
 * <p>Start with {@link dev.microlab.messaging.Broker} and its embedded implementation
 * {@link dev.microlab.messaging.InProcessBroker} (the {@code messaging-rabbitmq} module puts the
 * same interface on a real RabbitMQ). Declare with {@link dev.microlab.messaging.ExchangeSpec}
 * and {@link dev.microlab.messaging.QueueSpec}, publish {@link dev.microlab.messaging.Message}s,
 * consume {@link dev.microlab.messaging.Delivery}s with a
 * {@link dev.microlab.messaging.MessageHandler}. On top: the transactional outbox's
 * {@link dev.microlab.messaging.OutboxRelay}, the idempotent consumer's
 * {@link dev.microlab.messaging.Inbox}, and delayed retries with
 * {@link dev.microlab.messaging.RetryQueues}. The guide is {@code docs/messaging.md}.
 */
package dev.microlab.messaging;
