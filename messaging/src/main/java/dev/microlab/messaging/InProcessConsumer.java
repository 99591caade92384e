package dev.microlab.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer of the {@link InProcessBroker}: its own thread calls the handler for each
 * delivery, in order, so one slow handler never holds up another consumer.
 */
final class InProcessConsumer implements Consumer {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessConsumer.class);

    private final InProcessBroker broker;
    private final InProcessQueue queue;
    private final MessageHandler handler;
    private final FailurePolicy failurePolicy;
    final int prefetch;
    /** Deliveries handed and not settled; guarded by the queue's lock. */
    int unacked;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Object stopSignal = new Object();
    private final Thread thread;
    private volatile boolean active = true;

    InProcessConsumer(InProcessBroker broker, InProcessQueue queue, ConsumerOptions options, MessageHandler handler,
            ThreadFactory threads) {
        this.broker = broker;
        this.queue = queue;
        this.handler = handler;
        this.failurePolicy = options.failurePolicy();
        this.prefetch = options.prefetch();
        this.thread = threads.newThread(this::run);
    }

    void start() {
        thread.start();
    }

    /** Called under the queue's lock: never blocks. */
    void hand(InProcessDelivery d) {
        inbox.add(d);
    }

    private void run() {
        try {
            while (true) {
                Object next = inbox.take();
                if (next == stopSignal) {
                    return;
                }
                deliver((InProcessDelivery) next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(InProcessDelivery d) {
        if (!active) {
            broker.settle(d, InProcessQueue.SettleKind.RETURN); // cancelled meanwhile: back to the queue
            return;
        }
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
            LOG.warn("the handler of a consumer of queue '{}' threw on {}; {}", queue.name(), d,
                    d.isSettled() ? "it had already settled the delivery"
                            : failurePolicy == FailurePolicy.REQUEUE ? "requeueing it" : "nacking it without requeue",
                    t);
            broker.publishEvent(() -> new BrokerEvent.HandlerFailed(queue.name(), failurePolicy, t));
            if (!d.isSettled()) {
                try {
                    d.nack(failurePolicy == FailurePolicy.REQUEUE);
                } catch (IllegalStateException settledMeanwhile) {
                    // the handler settled it on another thread; nothing is lost
                }
            }
        }
    }

    @Override
    public String queue() {
        return queue.name();
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void cancel() {
        if (!active) {
            return;
        }
        active = false;
        broker.removeConsumer(this, queue);
        inbox.add(stopSignal);
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called under the queue's lock, after this consumer left the queue: what it was handed and has not started. */
    List<InProcessDelivery> takeBackNotStarted() {
        List<Object> pending = new ArrayList<>();
        inbox.drainTo(pending);
        List<InProcessDelivery> notStarted = new ArrayList<>(pending.size());
        for (Object o : pending) {
            if (o instanceof InProcessDelivery d) {
                notStarted.add(d);
            }
        }
        return notStarted;
    }

    /** The queue was deleted: stop without returning anything. */
    void stopForDeletedQueue() {
        active = false;
        inbox.clear();
        inbox.add(stopSignal);
    }

    @Override
    public String toString() {
        return "Consumer[" + queue.name() + ", prefetch " + prefetch + (active ? "" : ", cancelled") + "]";
    }
}
