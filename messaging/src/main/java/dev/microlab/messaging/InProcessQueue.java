package dev.microlab.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One queue of the {@link InProcessBroker}: FIFO of ready messages, the consumers that compete
 * for them and the count of deliveries not yet settled.
 *
 * <p>Every method runs under the queue's monitor and never blocks: what must happen outside the
 * lock (dead-lettering into other queues, writing to the log) is handed back to the caller in
 * a {@link Dead} list. Requeued messages go to {@code returned}, ordered by arrival, and are
 * served before {@code ready}: a requeued message comes back at its original place, as
 * RabbitMQ documents ("placed to its original position in its queue, if possible"). That holds
 * because deliveries leave from the head, so every returned message arrived before every
 * message still in {@code ready}.
 */
final class InProcessQueue {

    /** A message that left the queue without being acked: the broker dead-letters or drops it. */
    record Dead(QueuedMessage message, String reason) {
    }

    final QueueSpec spec;
    private final InProcessBroker broker;
    private final ArrayDeque<QueuedMessage> ready = new ArrayDeque<>();
    private final PriorityQueue<QueuedMessage> returned =
            new PriorityQueue<>(Comparator.comparingLong((QueuedMessage m) -> m.seq));
    private final List<InProcessConsumer> consumers = new ArrayList<>();
    private int nextConsumer;
    private long nextSeq;
    private long unsettled;
    private boolean deleted;
    private boolean hadConsumer;

    InProcessQueue(QueueSpec spec, InProcessBroker broker) {
        this.spec = spec;
        this.broker = broker;
    }

    InProcessBroker broker() {
        return broker;
    }

    String name() {
        return spec.name();
    }

    /**
     * Adds a message at the tail.
     *
     * @return false if the queue refused it (full, reject-publish) or was deleted
     */
    synchronized boolean offer(QueuedMessage m, long now, List<Dead> dead) {
        if (deleted) {
            return false;
        }
        expireHead(now, dead);
        if (spec.maxLength().isPresent() && readyCount() >= spec.maxLength().getAsLong()) {
            if (spec.overflow() == Overflow.REJECT_PUBLISH) {
                return false;
            }
            while (readyCount() >= spec.maxLength().getAsLong() && readyCount() > 0) {
                dead.add(new Dead(poll(), Death.MAXLEN));
            }
            if (spec.maxLength().getAsLong() == 0) {
                m.seq = nextSeq++;
                dead.add(new Dead(m, Death.MAXLEN));
                return true;
            }
        }
        m.seq = nextSeq++;
        ready.addLast(m);
        dispatch(now, dead);
        return true;
    }

    /** Puts back a message recovered from the log (no length check: it was accepted before the restart). */
    synchronized void restore(QueuedMessage m) {
        m.seq = nextSeq++;
        ready.addLast(m);
    }

    synchronized QueuedMessage pollForGet(long now, List<Dead> dead) {
        if (deleted) {
            return null;
        }
        expireHead(now, dead);
        QueuedMessage m = poll();
        if (m != null) {
            unsettled++;
            expireHead(now, dead); // what waited behind it has reached the head: expire it now, as RabbitMQ does
        }
        return m;
    }

    synchronized void addConsumer(InProcessConsumer c, long now, List<Dead> dead) {
        consumers.add(c);
        hadConsumer = true;
        dispatch(now, dead);
    }

    /**
     * Removes a consumer and takes back what it was handed but had not started.
     *
     * @return true if the queue is auto-delete and this was its last consumer
     */
    synchronized boolean removeConsumer(InProcessConsumer c, long now, List<Dead> dead) {
        if (!consumers.remove(c)) {
            return false;
        }
        for (InProcessDelivery d : c.takeBackNotStarted()) {
            settle(d, SettleKind.RETURN, now, dead);
        }
        dispatch(now, dead);
        return spec.autoDelete() && hadConsumer && consumers.isEmpty();
    }

    enum SettleKind { ACK, DISCARD, RETURN }

    /**
     * Settles one delivery.
     *
     * @return false if it was already settled
     */
    synchronized boolean settle(InProcessDelivery d, SettleKind kind, long now, List<Dead> dead) {
        if (!d.markSettled()) {
            return false;
        }
        InProcessConsumer c = d.consumer();
        if (c != null) {
            c.unacked--;
        }
        unsettled--;
        if (deleted) {
            return true;
        }
        QueuedMessage m = d.entry();
        switch (kind) {
            case ACK -> {
            }
            case DISCARD -> dead.add(new Dead(m, Death.REJECTED));
            case RETURN -> {
                m.redelivered = true;
                if (spec.type() == QueueType.QUORUM) {
                    m.deliveryCount++;
                    if (spec.deliveryLimit().isPresent() && m.deliveryCount > spec.deliveryLimit().getAsInt()) {
                        dead.add(new Dead(m, Death.DELIVERY_LIMIT));
                        break;
                    }
                }
                returned.add(m);
            }
        }
        dispatch(now, dead);
        return true;
    }

    /** Hands ready messages to consumers with room, round-robin. */
    synchronized void dispatch(long now, List<Dead> dead) {
        if (deleted || consumers.isEmpty()) {
            return;
        }
        while (true) {
            expireHead(now, dead);
            if (readyCount() == 0) {
                return;
            }
            InProcessConsumer target = null;
            for (int tried = 0; tried < consumers.size(); tried++) {
                InProcessConsumer c = consumers.get(Math.floorMod(nextConsumer++, consumers.size()));
                if (c.unacked < c.prefetch) {
                    target = c;
                    break;
                }
            }
            if (target == null) {
                return;
            }
            QueuedMessage m = poll();
            target.unacked++;
            unsettled++;
            target.hand(new InProcessDelivery(this, m, target));
        }
    }

    /** Drops expired messages at the head (RabbitMQ expires messages only there). */
    synchronized void expireHead(long now, List<Dead> dead) {
        while (true) {
            QueuedMessage head = peek();
            if (head == null || !head.expired(now)) {
                return;
            }
            poll();
            dead.add(new Dead(head, Death.EXPIRED));
        }
    }

    synchronized long purge(List<QueuedMessage> removed) {
        long n = readyCount();
        removed.addAll(returned);
        removed.addAll(ready);
        returned.clear();
        ready.clear();
        return n;
    }

    /** Marks the queue deleted; returns its consumers (to stop) and its messages (to forget). */
    synchronized List<InProcessConsumer> delete(List<QueuedMessage> removed) {
        deleted = true;
        purge(removed);
        List<InProcessConsumer> cs = new ArrayList<>(consumers);
        consumers.clear();
        return cs;
    }

    synchronized boolean isDeleted() {
        return deleted;
    }

    synchronized long readyCount() {
        return (long) ready.size() + returned.size();
    }

    synchronized int consumerCount() {
        return consumers.size();
    }

    synchronized long unsettledCount() {
        return unsettled;
    }

    private QueuedMessage peek() {
        QueuedMessage r = returned.peek();
        return r != null ? r : ready.peekFirst();
    }

    private QueuedMessage poll() {
        QueuedMessage r = returned.poll();
        return r != null ? r : ready.pollFirst();
    }
}
