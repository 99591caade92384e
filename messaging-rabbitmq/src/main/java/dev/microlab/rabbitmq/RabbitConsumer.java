package dev.microlab.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.microlab.messaging.Consumer;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.FailurePolicy;
import dev.microlab.messaging.MessageHandler;
import dev.microlab.messaging.MessagingException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer on its own channel, with {@code basic.qos(prefetch)} and manual acks. The client
 * calls {@link #handleDelivery} for one channel from one thread at a time, in order. Cancelling
 * waits for the delivery in progress, then closes the channel: RabbitMQ puts every unacked
 * delivery back in the queue, marked redelivered.
 */
final class RabbitConsumer extends DefaultConsumer implements Consumer {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitConsumer.class);

    private final String queue;
    private final MessageHandler handler;
    private final FailurePolicy failurePolicy;
    private final ReentrantLock inFlight = new ReentrantLock();
    private volatile boolean active = true;
    private volatile Thread handlerThread;

    RabbitConsumer(Channel channel, String queue, ConsumerOptions options, MessageHandler handler) {
        super(channel);
        this.queue = queue;
        this.handler = handler;
        this.failurePolicy = options.failurePolicy();
    }

    void start() throws IOException {
        getChannel().basicConsume(queue, false, this);
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        inFlight.lock();
        try {
            if (!active) {
                return; // left unacked: requeued when cancel() closes the channel
            }
            handlerThread = Thread.currentThread();
            Channel ch = getChannel();
            RabbitDelivery d = new RabbitDelivery(queue, envelope, AmqpValues.messageOf(properties, body),
                    (tag, kind, requeue) -> RabbitDelivery.settleOn(ch, tag, kind, requeue));
            try {
                handler.handle(d);
                if (!d.isSettled()) {
                    d.ack();
                }
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError vme) {
                    throw vme;
                }
                if (t instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("the handler of a consumer of queue '{}' threw on {}; {}", queue, d,
                        d.isSettled() ? "it had already settled the delivery"
                                : failurePolicy == FailurePolicy.REQUEUE ? "requeueing it" : "nacking it without requeue",
                        t);
                if (!d.isSettled()) {
                    try {
                        d.nack(failurePolicy == FailurePolicy.REQUEUE);
                    } catch (MessagingException | IllegalStateException e) {
                        LOG.warn("could not nack a delivery of queue '{}'; RabbitMQ redelivers it", queue, e);
                    }
                }
            }
        } finally {
            handlerThread = null;
            inFlight.unlock();
        }
    }

    /** RabbitMQ cancelled the consumer (its queue was deleted): it receives nothing more. */
    @Override
    public void handleCancel(String consumerTag) {
        active = false;
        LOG.info("RabbitMQ cancelled the consumer of queue '{}' (deleted?)", queue);
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public boolean isActive() {
        return active && getChannel().isOpen();
    }

    @Override
    public void cancel() {
        if (!active) {
            return;
        }
        active = false;
        Channel ch = getChannel();
        try {
            if (getConsumerTag() != null && ch.isOpen()) {
                ch.basicCancel(getConsumerTag());
            }
        } catch (IOException | ShutdownSignalException e) {
            LOG.debug("cancelling a consumer of queue '{}' on a closing channel", queue, e);
        }
        boolean fromHandler = handlerThread == Thread.currentThread();
        if (!fromHandler) {
            inFlight.lock(); // wait for the delivery in progress to finish and settle
            inFlight.unlock();
        }
        try {
            if (ch.isOpen()) {
                ch.close();
            }
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            LOG.debug("closing the channel of a consumer of queue '{}'", queue, e);
        }
    }

    @Override
    public String toString() {
        return "Consumer[" + queue + (active ? "" : ", cancelled") + "]";
    }
}
