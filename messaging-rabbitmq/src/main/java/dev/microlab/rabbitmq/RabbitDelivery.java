package dev.microlab.rabbitmq;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.microlab.messaging.Delivery;
import dev.microlab.messaging.Message;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A delivery from RabbitMQ, settled on the channel it came from with its delivery tag. */
final class RabbitDelivery implements Delivery {

    enum Kind { ACK, NACK, REJECT }

    @FunctionalInterface
    interface Settler {
        void settle(long deliveryTag, Kind kind, boolean requeue) throws IOException;
    }

    private final String queue;
    private final Envelope envelope;
    private final Message message;
    private final Settler settler;
    private final AtomicBoolean settled = new AtomicBoolean();

    RabbitDelivery(String queue, Envelope envelope, Message message, Settler settler) {
        this.queue = queue;
        this.envelope = envelope;
        this.message = message;
        this.settler = settler;
    }

    static void settleOn(Channel ch, long tag, Kind kind, boolean requeue) throws IOException {
        switch (kind) {
            case ACK -> ch.basicAck(tag, false);
            case NACK -> ch.basicNack(tag, false, requeue);
            case REJECT -> ch.basicReject(tag, requeue);
        }
    }

    @Override
    public Message message() {
        return message;
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public String exchange() {
        return envelope.getExchange();
    }

    @Override
    public String routingKey() {
        return envelope.getRoutingKey();
    }

    @Override
    public boolean redelivered() {
        return envelope.isRedeliver();
    }

    @Override
    public void ack() {
        settle(Kind.ACK, false);
    }

    @Override
    public void nack(boolean requeue) {
        settle(Kind.NACK, requeue);
    }

    @Override
    public void reject(boolean requeue) {
        settle(Kind.REJECT, requeue);
    }

    private void settle(Kind kind, boolean requeue) {
        if (!settled.compareAndSet(false, true)) {
            throw new IllegalStateException("cannot " + kind.name().toLowerCase() + " a delivery from queue '" + queue
                    + "' that is already settled (each delivery is acked, nacked or rejected exactly once)");
        }
        try {
            settler.settle(envelope.getDeliveryTag(), kind, requeue);
        } catch (IOException | ShutdownSignalException e) {
            // The channel is gone: RabbitMQ has already put the message back in the queue and will
            // redeliver it (marked redelivered). Nothing is lost; the settlement simply did not happen.
            throw RabbitMqBroker.translate("cannot " + kind.name().toLowerCase() + " a delivery from queue '" + queue
                    + "' (it will be redelivered)", e);
        }
    }

    @Override
    public boolean isSettled() {
        return settled.get();
    }

    @Override
    public String toString() {
        return "Delivery[" + queue + ", " + message + (redelivered() ? ", redelivered" : "") + "]";
    }
}
