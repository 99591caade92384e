package dev.microlab.messaging;

/** A delivery from an {@link InProcessQueue}; settling goes through the broker. */
final class InProcessDelivery implements Delivery {

    private final InProcessQueue queue;
    private final QueuedMessage entry;
    private final InProcessConsumer consumer;
    private final Message message;
    private final boolean redelivered;
    private volatile boolean settled;

    InProcessDelivery(InProcessQueue queue, QueuedMessage entry, InProcessConsumer consumer) {
        this.queue = queue;
        this.entry = entry;
        this.consumer = consumer;
        this.redelivered = entry.redelivered;
        this.message = entry.deliveryCount > 0
                ? entry.message.withHeader("x-delivery-count", entry.deliveryCount)
                : entry.message;
    }

    QueuedMessage entry() {
        return entry;
    }

    InProcessConsumer consumer() {
        return consumer;
    }

    InProcessQueue inProcessQueue() {
        return queue;
    }

    /** Called under the queue's lock. */
    boolean markSettled() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }

    @Override
    public Message message() {
        return message;
    }

    @Override
    public String queue() {
        return queue.name();
    }

    @Override
    public String exchange() {
        return entry.exchange;
    }

    @Override
    public String routingKey() {
        return entry.routingKey;
    }

    @Override
    public boolean redelivered() {
        return redelivered;
    }

    @Override
    public void ack() {
        settle(InProcessQueue.SettleKind.ACK, "ack");
    }

    @Override
    public void nack(boolean requeue) {
        settle(requeue ? InProcessQueue.SettleKind.RETURN : InProcessQueue.SettleKind.DISCARD, "nack");
    }

    @Override
    public void reject(boolean requeue) {
        settle(requeue ? InProcessQueue.SettleKind.RETURN : InProcessQueue.SettleKind.DISCARD, "reject");
    }

    private void settle(InProcessQueue.SettleKind kind, String what) {
        if (!queue.broker().settle(this, kind)) {
            throw new IllegalStateException("cannot " + what + " a delivery from queue '" + queue.name()
                    + "' that is already settled (each delivery is acked, nacked or rejected exactly once)");
        }
    }

    @Override
    public boolean isSettled() {
        return settled;
    }

    @Override
    public String toString() {
        return "Delivery[" + queue.name() + ", " + message + (redelivered ? ", redelivered" : "") + "]";
    }
}
