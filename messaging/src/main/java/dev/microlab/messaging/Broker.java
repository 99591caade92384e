package dev.microlab.messaging;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A message broker with RabbitMQ's model (AMQP 0-9-1): publishers send messages to
 * <b>exchanges</b>, which route them through <b>bindings</b> to <b>queues</b>, from which
 * <b>consumers</b> take them and acknowledge them.
 *
 * <pre>{@code
 * broker.declareExchange(ExchangeSpec.durable("events", ExchangeType.TOPIC));
 * broker.declareQueue(QueueSpec.durable("order_events"));
 * broker.bind("order_events", "events", "order.*");
 * PublishOutcome outcome = broker.publish("events", "order.placed", Message.ofText("{...}"));
 * broker.consume("order_events", ConsumerOptions.defaults(), delivery -> handle(delivery.message()));
 * }</pre>
 *
 * <p>Two implementations pass the same contract suite: {@link InProcessBroker} (embedded, the
 * default, durable queues on disk) and {@code RabbitMqBroker} in {@code messaging-rabbitmq} (a
 * real RabbitMQ). Code written against this interface moves between them unchanged.
 *
 * <p><b>Publisher confirms.</b> Every publish is confirmed: the returned
 * {@link PublishOutcome} says whether the broker took the message. For a durable queue and a
 * persistent message, {@link PublishOutcome#CONFIRMED} means it is on disk, so "at least
 * once" has a definite meaning: from the confirm on, the broker owns the message.
 *
 * <p><b>The default exchange.</b> The exchange named {@code ""} is a direct exchange to which
 * every queue is bound by its own name: publish to {@code ("", "order_events")} to reach the
 * queue {@code order_events} directly.
 *
 * <p><b>Names.</b> Exchange and queue names and routing keys are at most 255 bytes of UTF-8;
 * names starting with {@code amq.} are reserved. A violation is an
 * {@link IllegalArgumentException} naming the value; a missing exchange or queue is a
 * {@link NotFoundException}.
 *
 * <p>Implementations are threadsafe.
 */
public interface Broker extends AutoCloseable {

    /**
     * Declares an exchange; declaring it again with the same spec changes nothing.
     *
     * @throws MessagingException if it exists with another type or durability
     */
    void declareExchange(ExchangeSpec spec);

    /**
     * Deletes an exchange and its bindings; deleting a missing exchange changes nothing.
     */
    void deleteExchange(String name);

    /**
     * Declares a queue; declaring it again with the same spec changes nothing.
     *
     * @throws MessagingException if it exists with other settings
     */
    void declareQueue(QueueSpec spec);

    /**
     * Deletes a queue, its messages and its bindings, cancelling its consumers; deleting a
     * missing queue changes nothing.
     */
    void deleteQueue(String name);

    /**
     * Binds a queue to an exchange with a binding key (a topic pattern for topic exchanges,
     * ignored by fanout exchanges). Binding twice is harmless.
     *
     * @throws NotFoundException if the queue or the exchange does not exist
     * @throws IllegalArgumentException if the key is longer than 255 bytes of UTF-8
     */
    default void bind(String queue, String exchange, String bindingKey) {
        bind(queue, exchange, bindingKey, Map.of());
    }

    /**
     * Binds with arguments: for a headers exchange, the headers to match and {@code x-match}
     * ({@code "all"}, the default, or {@code "any"}).
     *
     * @throws NotFoundException if the queue or the exchange does not exist
     */
    void bind(String queue, String exchange, String bindingKey, Map<String, ?> arguments);

    /**
     * Removes a binding made with the same queue, exchange, key and arguments; removing a missing one changes nothing.
     *
     * @throws NotFoundException if the queue or the exchange does not exist
     */
    default void unbind(String queue, String exchange, String bindingKey) {
        unbind(queue, exchange, bindingKey, Map.of());
    }

    /** Removes a binding with arguments; see {@link #unbind(String, String, String)}. */
    void unbind(String queue, String exchange, String bindingKey, Map<String, ?> arguments);

    /**
     * Publishes and returns the confirm as it arrives.
     *
     * @param mandatory true: a message that matches no queue is returned
     *                  ({@link PublishOutcome#RETURNED}); false: it is dropped (and confirmed)
     * @return completes with the outcome, or exceptionally with a {@link NotFoundException} if
     *         the exchange does not exist, or a {@link MessagingException} if the broker could not
     *         tell (connection lost): then the message may or may not have been taken
     * @throws IllegalArgumentException if the routing key is longer than 255 bytes of UTF-8
     */
    CompletableFuture<PublishOutcome> publishAsync(String exchange, String routingKey, Message message,
            boolean mandatory);

    /**
     * Publishes, not mandatory, and waits for the confirm.
     *
     * @throws NotFoundException if the exchange does not exist
     * @throws MessagingException if the confirm cannot be obtained
     */
    default PublishOutcome publish(String exchange, String routingKey, Message message) {
        return publish(exchange, routingKey, message, false);
    }

    /**
     * Publishes and waits for the confirm; see {@link #publishAsync}.
     *
     * @throws NotFoundException if the exchange does not exist
     * @throws MessagingException if the confirm cannot be obtained
     */
    default PublishOutcome publish(String exchange, String routingKey, Message message, boolean mandatory) {
        return await(publishAsync(exchange, routingKey, message, mandatory));
    }

    /**
     * Takes the next ready message of a queue, if any (AMQP {@code basic.get}, manual ack):
     * the caller must settle it.
     *
     * @throws NotFoundException if the queue does not exist
     */
    Optional<Delivery> get(String queue);

    /**
     * Starts a consumer: the broker pushes deliveries to {@code handler}, at most
     * {@link ConsumerOptions#prefetch()} unsettled at a time. Several consumers of one queue
     * compete: each message goes to one of them (round-robin among those with room).
     *
     * @throws NotFoundException if the queue does not exist
     */
    Consumer consume(String queue, ConsumerOptions options, MessageHandler handler);

    /**
     * The queue's counters.
     *
     * @throws NotFoundException if the queue does not exist
     */
    QueueInfo queueInfo(String queue);

    /**
     * Removes every ready message of a queue (not those delivered and unsettled).
     *
     * @return how many were removed
     * @throws NotFoundException if the queue does not exist
     */
    long purge(String queue);

    /** Stops every consumer and releases the broker's resources. Closing twice is harmless. */
    @Override
    void close();

    /** Waits for a publish future, unwrapping its failure. */
    private static PublishOutcome await(CompletableFuture<PublishOutcome> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while waiting for a publisher confirm; the message may or may"
                    + " not have been taken", e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new MessagingException("publish failed: " + cause, cause);
        }
    }
}
