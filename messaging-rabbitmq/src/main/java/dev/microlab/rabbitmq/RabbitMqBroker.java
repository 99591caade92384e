package dev.microlab.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.microlab.messaging.Broker;
import dev.microlab.messaging.Consumer;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.Delivery;
import dev.microlab.messaging.ExchangeSpec;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.MessageHandler;
import dev.microlab.messaging.MessagingException;
import dev.microlab.messaging.NotFoundException;
import dev.microlab.messaging.PublishOutcome;
import dev.microlab.messaging.QueueInfo;
import dev.microlab.messaging.QueueSpec;
import dev.microlab.messaging.QueueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Broker} API on a real RabbitMQ, through the RabbitMQ Java client: the same code
 * that runs on the {@code InProcessBroker} runs here, and the same contract suite proves it.
 *
 * <pre>{@code
 * try (RabbitMqBroker broker = RabbitMqBroker.builder("amqp://guest:guest@127.0.0.1:5672").build()) {
 *     broker.declareExchange(ExchangeSpec.durable("events", ExchangeType.TOPIC));
 *     ...
 * }
 * }</pre>
 *
 * <p><b>How the API maps onto AMQP.</b> One connection with automatic recovery on (and
 * topology recovery: declared exchanges, queues, bindings and consumers come back after a
 * network failure). Publishing uses one channel in confirm mode; every publish gets its own
 * future, completed by the broker's {@code basic.ack} ({@link PublishOutcome#CONFIRMED}),
 * {@code basic.nack} ({@link PublishOutcome#REJECTED}) or, for a mandatory message that matched
 * no queue, {@code basic.return} followed by its ack ({@link PublishOutcome#RETURNED}; mandatory
 * publishes are serialized so that a return is attributed to the right message). A confirm lost
 * with the connection fails its future: the publisher must publish again. Each consumer has its
 * own channel with {@code basic.qos(prefetch)} and manual acks; {@link #get} uses
 * {@code basic.get} without auto-ack. Queue arguments: {@code x-queue-type},
 * {@code x-dead-letter-exchange}, {@code x-dead-letter-routing-key}, {@code x-message-ttl},
 * {@code x-max-length}, {@code x-overflow}, {@code x-delivery-limit}.
 *
 * <p>Server errors become this API's exceptions: {@code 404 NOT_FOUND} a
 * {@link NotFoundException}, others a {@link MessagingException} with the server's reply text.
 *
 * <p>This class is threadsafe.
 */
public final class RabbitMqBroker implements Broker {

    private final Connection connection;
    private final ReentrantLock publishLock = new ReentrantLock();
    private final ReentrantLock mandatoryLock = new ReentrantLock();
    private final ReentrantLock getLock = new ReentrantLock();
    private final ConcurrentNavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
    private Channel publishChannel;
    private Channel getChannel;
    private volatile long mandatorySeq = -1;
    private volatile boolean mandatoryReturned;
    private volatile boolean closed;

    private record Pending(CompletableFuture<PublishOutcome> future, boolean mandatory) {
    }

    private RabbitMqBroker(Builder b) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(b.uri);
        } catch (Exception e) {
            throw new IllegalArgumentException("uri is not an AMQP URI (amqp://user:pass@host:port/vhost): '"
                    + b.uri + "'", e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(b.recoveryInterval.toMillis());
        factory.setConnectionTimeout((int) b.connectTimeout.toMillis());
        factory.setRequestedHeartbeat(b.heartbeatSeconds);
        try {
            this.connection = factory.newConnection(b.connectionName);
        } catch (IOException | TimeoutException e) {
            throw new MessagingException("cannot connect to RabbitMQ at " + factory.getHost() + ":" + factory.getPort()
                    + " (" + e.getMessage() + "); is it running? start one with `rabbitmq-server -detached`", e);
        }
        connection.addShutdownListener(cause -> failPending(cause));
    }

    /**
     * A builder for a broker at {@code uri} ({@code amqp://user:pass@host:port/vhost}).
     *
     * @throws NullPointerException if {@code uri} is null
     */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /** The underlying connection (for tests and diagnostics). */
    public Connection connection() {
        return connection;
    }

    // ---- topology -------------------------------------------------------------------------------

    @Override
    public void declareExchange(ExchangeSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        withChannel("declare " + spec, ch -> ch.exchangeDeclare(spec.name(), spec.type().amqpName(), spec.durable()));
    }

    @Override
    public void deleteExchange(String name) {
        Objects.requireNonNull(name, "name must not be null");
        withChannel("delete exchange '" + name + "'", ch -> ch.exchangeDelete(name));
    }

    @Override
    public void declareQueue(QueueSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        Map<String, Object> args = new HashMap<>();
        if (spec.type() == QueueType.QUORUM) {
            args.put("x-queue-type", "quorum");
        }
        spec.deadLetterExchange().ifPresent(x -> args.put("x-dead-letter-exchange", x));
        spec.deadLetterRoutingKey().ifPresent(k -> args.put("x-dead-letter-routing-key", k));
        spec.messageTtl().ifPresent(t -> args.put("x-message-ttl", t.toMillis()));
        spec.maxLength().ifPresent(n -> {
            args.put("x-max-length", n);
            args.put("x-overflow", spec.overflow().amqpName());
        });
        spec.deliveryLimit().ifPresent(n -> args.put("x-delivery-limit", n));
        withChannel("declare " + spec,
                ch -> ch.queueDeclare(spec.name(), spec.durable(), spec.exclusive(), spec.autoDelete(), args));
    }

    @Override
    public void deleteQueue(String name) {
        Objects.requireNonNull(name, "name must not be null");
        withChannel("delete queue '" + name + "'", ch -> ch.queueDelete(name));
    }

    @Override
    public void bind(String queue, String exchange, String bindingKey, Map<String, ?> arguments) {
        Map<String, Object> args = checkBinding(queue, exchange, bindingKey, arguments);
        withChannel("bind queue '" + queue + "' to exchange '" + exchange + "'",
                ch -> ch.queueBind(queue, exchange, bindingKey, args));
    }

    @Override
    public void unbind(String queue, String exchange, String bindingKey, Map<String, ?> arguments) {
        Map<String, Object> args = checkBinding(queue, exchange, bindingKey, arguments);
        withChannel("unbind queue '" + queue + "' from exchange '" + exchange + "'",
                ch -> ch.queueUnbind(queue, exchange, bindingKey, args));
    }

    private static Map<String, Object> checkBinding(String queue, String exchange, String bindingKey,
            Map<String, ?> arguments) {
        Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(exchange, "exchange must not be null");
        checkShortString("bindingKey", bindingKey);
        Objects.requireNonNull(arguments, "arguments must not be null");
        if (exchange.isEmpty()) {
            throw new IllegalArgumentException("cannot bind queue '" + queue + "' to the default exchange \"\": every"
                    + " queue is bound to it by its own name already (RabbitMQ refuses it with ACCESS_REFUSED)");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        arguments.forEach((k, v) -> args.put(k, AmqpValues.toAmqp(v)));
        return args;
    }

    @Override
    public QueueInfo queueInfo(String queue) {
        Objects.requireNonNull(queue, "queue must not be null");
        AMQP.Queue.DeclareOk ok = withChannel("look up queue '" + queue + "'", ch -> ch.queueDeclarePassive(queue));
        return new QueueInfo(queue, ok.getMessageCount(), ok.getConsumerCount());
    }

    @Override
    public long purge(String queue) {
        Objects.requireNonNull(queue, "queue must not be null");
        return withChannel("purge queue '" + queue + "'", ch -> ch.queuePurge(queue)).getMessageCount();
    }

    @FunctionalInterface
    private interface ChannelCall<T> {
        T call(Channel channel) throws IOException;
    }

    /** Runs one topology operation on a short-lived channel, translating server errors. */
    private <T> T withChannel(String what, ChannelCall<T> call) {
        checkOpen();
        Channel ch = null;
        try {
            ch = connection.createChannel();
            return call.call(ch);
        } catch (IOException | ShutdownSignalException e) {
            throw translate("cannot " + what, e);
        } finally {
            closeQuietly(ch);
        }
    }

    // ---- publishing ----------------------------------------------------------------------------

    @Override
    public CompletableFuture<PublishOutcome> publishAsync(String exchange, String routingKey, Message message,
            boolean mandatory) {
        Objects.requireNonNull(exchange, "exchange must not be null");
        checkShortString("routingKey", routingKey);
        Objects.requireNonNull(message, "message must not be null");
        if (closed) {
            return CompletableFuture.failedFuture(new MessagingException("the broker is closed"));
        }
        AMQP.BasicProperties props = AmqpValues.propertiesOf(message);
        byte[] body = message.body();
        CompletableFuture<PublishOutcome> future = new CompletableFuture<>();
        if (mandatory) {
            mandatoryLock.lock();
        }
        try {
            publishLock.lock();
            try {
                Channel ch = publishChannel();
                long seq = ch.getNextPublishSeqNo();
                pending.put(seq, new Pending(future, mandatory));
                if (mandatory) {
                    mandatorySeq = seq;
                    mandatoryReturned = false;
                }
                try {
                    ch.basicPublish(exchange, routingKey, mandatory, props, body);
                } catch (IOException | AlreadyClosedException e) {
                    pending.remove(seq);
                    future.completeExceptionally(translate("cannot publish to exchange '" + exchange + "'", e));
                }
            } catch (IOException | AlreadyClosedException e) {
                future.completeExceptionally(translate("cannot open a publishing channel", e));
            } finally {
                publishLock.unlock();
            }
            if (mandatory) {
                future.handle((o, t) -> null).join(); // one mandatory message in flight at a time
            }
        } finally {
            if (mandatory) {
                mandatoryLock.unlock();
            }
        }
        return future;
    }

    /** The publishing channel, reopened if the server closed it (a channel error is not recovered). */
    private Channel publishChannel() throws IOException {
        Channel ch = publishChannel;
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        ch = connection.createChannel();
        ch.confirmSelect();
        ch.addConfirmListener((seq, multiple) -> confirm(seq, multiple, true), (seq, multiple) -> confirm(seq,
                multiple, false));
        ch.addReturnListener(r -> {
            if (mandatorySeq >= 0) {
                mandatoryReturned = true;
            }
        });
        ch.addShutdownListener(this::failPending);
        publishChannel = ch;
        return ch;
    }

    private void confirm(long seq, boolean multiple, boolean ack) {
        Map<Long, Pending> done = multiple ? pending.headMap(seq, true) : pending.subMap(seq, true, seq, true);
        for (Map.Entry<Long, Pending> e : done.entrySet()) {
            Pending p = e.getValue();
            PublishOutcome outcome;
            if (!ack) {
                outcome = PublishOutcome.REJECTED;
            } else if (p.mandatory() && e.getKey() == mandatorySeq && mandatoryReturned) {
                outcome = PublishOutcome.RETURNED;
            } else {
                outcome = PublishOutcome.CONFIRMED;
            }
            pending.remove(e.getKey());
            p.future().complete(outcome);
        }
    }

    /** The channel or connection died: the confirms it owed will never come. */
    private void failPending(ShutdownSignalException cause) {
        for (Long seq : pending.keySet()) {
            Pending p = pending.remove(seq);
            if (p != null) {
                p.future().completeExceptionally(translate("no publisher confirm: the "
                        + (cause.isHardError() ? "connection" : "channel") + " closed before it arrived; the message"
                        + " may or may not have been taken, publish it again", cause));
            }
        }
    }

    // ---- consuming -----------------------------------------------------------------------------

    @Override
    public Optional<Delivery> get(String queue) {
        Objects.requireNonNull(queue, "queue must not be null");
        checkOpen();
        getLock.lock();
        try {
            Channel ch = getChannel;
            if (ch == null || !ch.isOpen()) {
                ch = connection.createChannel();
                getChannel = ch;
            }
            GetResponse r = ch.basicGet(queue, false);
            if (r == null) {
                return Optional.empty();
            }
            Channel owner = ch;
            return Optional.of(new RabbitDelivery(queue, r.getEnvelope(), AmqpValues.messageOf(r.getProps(),
                    r.getBody()), (tag, kind, requeue) -> {
                        getLock.lock();
                        try {
                            RabbitDelivery.settleOn(owner, tag, kind, requeue);
                        } finally {
                            getLock.unlock();
                        }
                    }));
        } catch (IOException | ShutdownSignalException e) {
            throw translate("cannot get from queue '" + queue + "'", e);
        } finally {
            getLock.unlock();
        }
    }

    @Override
    public Consumer consume(String queue, ConsumerOptions options, MessageHandler handler) {
        Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        checkOpen();
        Channel ch = null;
        try {
            ch = connection.createChannel();
            ch.basicQos(options.prefetch());
            RabbitConsumer consumer = new RabbitConsumer(ch, queue, options, handler);
            consumer.start();
            return consumer;
        } catch (IOException | ShutdownSignalException e) {
            closeQuietly(ch);
            throw translate("cannot consume from queue '" + queue + "'", e);
        }
    }

    // ---- errors and lifecycle ------------------------------------------------------------------

    static MessagingException translate(String what, Throwable e) {
        ShutdownSignalException signal = e instanceof ShutdownSignalException s ? s
                : e.getCause() instanceof ShutdownSignalException s ? s : null;
        if (signal != null && signal.getReason() instanceof AMQP.Channel.Close close) {
            String text = close.getReplyText();
            if (close.getReplyCode() == 404) {
                return new NotFoundException(what + ": " + text.replace("NOT_FOUND - no ", "")
                        .replaceFirst(" in vhost .*", "") + " does not exist (NOT_FOUND, \"" + text + "\")", e);
            }
            return new MessagingException(what + ": " + text, e);
        }
        if (signal != null && signal.getReason() instanceof AMQP.Connection.Close close) {
            return new MessagingException(what + ": connection closed: " + close.getReplyText(), e);
        }
        return new MessagingException(what + ": " + e.getMessage(), e);
    }

    static void checkShortString(String field, String value) {
        Objects.requireNonNull(value, field + " must not be null");
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > 255) {
            throw new IllegalArgumentException(field + " must be at most 255 bytes of UTF-8, but '"
                    + value.substring(0, Math.min(40, value.length())) + "...' has " + bytes + " bytes");
        }
    }

    private static void closeQuietly(Channel ch) {
        if (ch != null && ch.isOpen()) {
            try {
                ch.close();
            } catch (IOException | TimeoutException | ShutdownSignalException e) {
                // already closing: nothing to release
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new MessagingException("the broker is closed");
        }
    }

    /** Closes the connection (its channels and consumers with it). Closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (IOException | AlreadyClosedException e) {
            // closed already
        }
    }

    @Override
    public String toString() {
        return "RabbitMqBroker[" + connection.getAddress() + ":" + connection.getPort() + (closed ? ", closed" : "")
                + "]";
    }

    /** Configures a {@link RabbitMqBroker}. Not threadsafe; build once. */
    public static final class Builder {
        private final String uri;
        private String connectionName = "microlab";
        private Duration recoveryInterval = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int heartbeatSeconds = 60;

        private Builder(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri must not be null");
        }

        /** The name shown in RabbitMQ's management UI (default "microlab"). */
        public Builder connectionName(String name) {
            this.connectionName = Objects.requireNonNull(name, "name must not be null");
            return this;
        }

        /**
         * How long automatic recovery waits between reconnection attempts (default 5 s).
         *
         * @throws IllegalArgumentException if not in [10 ms, 10 min]
         */
        public Builder recoveryInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval must not be null");
            if (interval.toMillis() < 10 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("recoveryInterval must be in [10 ms, 10 min], but was " + interval);
            }
            this.recoveryInterval = interval;
            return this;
        }

        /**
         * How long connecting may take (default 10 s).
         *
         * @throws IllegalArgumentException if not in [1 ms, 10 min]
         */
        public Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("connectTimeout must be in [1 ms, 10 min], but was " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * The heartbeat RabbitMQ and the client agree on, in seconds (default 60; 0 disables it).
         *
         * @throws IllegalArgumentException if not in [0, 3600]
         */
        public Builder heartbeatSeconds(int seconds) {
            if (seconds < 0 || seconds > 3600) {
                throw new IllegalArgumentException("heartbeatSeconds must be in [0, 3600], but was " + seconds);
            }
            this.heartbeatSeconds = seconds;
            return this;
        }

        /**
         * Connects.
         *
         * @throws IllegalArgumentException if the URI is malformed
         * @throws MessagingException if RabbitMQ cannot be reached
         */
        public RabbitMqBroker build() {
            return new RabbitMqBroker(this);
        }
    }
}
