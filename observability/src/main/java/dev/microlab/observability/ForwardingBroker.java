package dev.microlab.observability;

import dev.microlab.messaging.Broker;
import dev.microlab.messaging.Consumer;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.Delivery;
import dev.microlab.messaging.ExchangeSpec;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.MessageHandler;
import dev.microlab.messaging.PublishOutcome;
import dev.microlab.messaging.QueueInfo;
import dev.microlab.messaging.QueueSpec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Broker} that passes every call to another; the instrumenting brokers override the
 * publish and consume paths only.
 */
abstract class ForwardingBroker implements Broker {

    private final Broker delegate;

    ForwardingBroker(Broker delegate) {
        this.delegate = delegate;
    }

    final Broker delegate() {
        return delegate;
    }

    @Override
    public void declareExchange(ExchangeSpec spec) {
        delegate.declareExchange(spec);
    }

    @Override
    public void deleteExchange(String name) {
        delegate.deleteExchange(name);
    }

    @Override
    public void declareQueue(QueueSpec spec) {
        delegate.declareQueue(spec);
    }

    @Override
    public void deleteQueue(String name) {
        delegate.deleteQueue(name);
    }

    @Override
    public void bind(String queue, String exchange, String bindingKey, Map<String, ?> arguments) {
        delegate.bind(queue, exchange, bindingKey, arguments);
    }

    @Override
    public void unbind(String queue, String exchange, String bindingKey, Map<String, ?> arguments) {
        delegate.unbind(queue, exchange, bindingKey, arguments);
    }

    @Override
    public CompletableFuture<PublishOutcome> publishAsync(String exchange, String routingKey, Message message,
            boolean mandatory) {
        return delegate.publishAsync(exchange, routingKey, message, mandatory);
    }

    @Override
    public Optional<Delivery> get(String queue) {
        return delegate.get(queue);
    }

    @Override
    public Consumer consume(String queue, ConsumerOptions options, MessageHandler handler) {
        return delegate.consume(queue, options, handler);
    }

    @Override
    public QueueInfo queueInfo(String queue) {
        return delegate.queueInfo(queue);
    }

    @Override
    public long purge(String queue) {
        return delegate.purge(queue);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
