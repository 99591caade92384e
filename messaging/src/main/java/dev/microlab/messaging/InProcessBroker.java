package dev.microlab.messaging;

import dev.microlab.core.event.EventListener;
import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.FsyncPolicy;
import dev.microlab.messaging.internal.HeadersMatcher;
import dev.microlab.messaging.internal.Names;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message broker inside the JVM with RabbitMQ's semantics: the embedded default of
 * {@link Broker}, checked against a real RabbitMQ by the same contract suite.
 *
 * <pre>{@code
 * try (InProcessBroker broker = InProcessBroker.builder()
 *         .dataDirectory(Path.of("data/broker"))          // durable queues survive restarts
 *         .build()) {
 *     broker.declareExchange(ExchangeSpec.durable("events", ExchangeType.TOPIC));
 *     broker.declareQueue(QueueSpec.durable("order_events"));
 *     broker.bind("order_events", "events", "order.#");
 *     broker.publish("events", "order.placed", Message.ofText("{}"));
 * }
 * }</pre>
 *
 * <p><b>What it does as RabbitMQ does.</b> Direct, topic, fanout and headers exchanges and the
 * default exchange; durable, transient, exclusive and auto-delete queues; FIFO per queue,
 * competing consumers served round-robin up to their prefetch; ack, nack and reject with or
 * without requeue (a requeued message returns to its original place, marked redelivered);
 * quorum queues' {@code x-delivery-count} and delivery limit; dead-lettering with the
 * {@code x-death} header on rejection, expiry, overflow and delivery limit; per-queue and
 * per-message TTL (expired at the head of the queue); max-length with drop-head or
 * reject-publish; mandatory publishing; publisher confirms.
 *
 * <p><b>Time.</b> TTLs are measured on the injected {@link TimeSource} and expired by the
 * injected {@link Scheduler}: with a {@code ManualScheduler} a test moves an hour of TTL in
 * a microsecond.
 *
 * <p><b>Durability.</b> With a {@link Builder#dataDirectory(Path) data directory}, durable
 * exchanges, queues and bindings, and persistent messages in durable queues, are kept in a
 * {@link FileEventStore} (see {@code BrokerLog}): a publish is confirmed once its record is
 * written and forced per the {@link FsyncPolicy} (default {@link FsyncPolicy#always()}), an
 * ack is recorded, and on the next open every confirmed, unacked message is back in its queue.
 * Messages recovered after a restart are all marked redelivered: the log does not record
 * deliveries, and AMQP's flag means "may have been delivered before". Without a data
 * directory "durable" only means "declared as durable": nothing outlives the JVM.
 *
 * <p><b>Threads.</b> Each consumer has its own thread (from the builder's thread factory);
 * publishing, getting and settling run on the caller's thread.
 *
 * <p>This class is threadsafe.
 */
public final class InProcessBroker implements Broker {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessBroker.class);

    private final TimeSource time;
    private final Scheduler scheduler;
    private final ScheduledExecutorService ownedExecutor;
    private final ThreadFactory threadFactory;
    private final BrokerLog log;
    private final EventPublisher<BrokerEvent> events = new EventPublisher<>("in-process broker");
    private final ConcurrentHashMap<String, InProcessExchange> exchanges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, InProcessQueue> queues = new ConcurrentHashMap<>();
    private final Set<InProcessConsumer> consumers = ConcurrentHashMap.newKeySet();
    private final Object topologyLock = new Object();
    private final LongAdder unroutableDropped = new LongAdder();
    private volatile boolean closed;

    private InProcessBroker(Builder b) {
        this.time = b.time;
        this.threadFactory = b.threadFactory;
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "in-process-broker-ttl");
                t.setDaemon(true);
                return t;
            });
            this.scheduler = Scheduler.of(ownedExecutor);
        }
        b.listeners.forEach(events::subscribe);
        if (b.dataDirectory != null) {
            FileEventStore store = FileEventStore.builder(b.dataDirectory).fsyncPolicy(b.fsyncPolicy)
                    .timeSource(time).open();
            this.log = new BrokerLog(store);
            try {
                recover();
            } catch (RuntimeException e) {
                log.close();
                if (ownedExecutor != null) {
                    ownedExecutor.shutdownNow();
                }
                throw e;
            }
        } else {
            this.log = null;
        }
    }

    /** A builder: system time, no data directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** A broker with no data directory, on the system clock. */
    public static InProcessBroker create() {
        return builder().build();
    }

    // ---- topology ---------------------------------------------------------------------------

    @Override
    public void declareExchange(ExchangeSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        synchronized (topologyLock) {
            checkOpen();
            InProcessExchange existing = exchanges.get(spec.name());
            if (existing != null) {
                if (!existing.spec.equals(spec)) {
                    throw new MessagingException("exchange '" + spec.name() + "' already exists as " + existing.spec
                            + "; cannot redeclare it as " + spec + " (PRECONDITION_FAILED); delete it first");
                }
                return;
            }
            if (spec.durable() && log != null) {
                log.append(BrokerLog.exchangeDeclared(spec));
            }
            exchanges.put(spec.name(), new InProcessExchange(spec));
        }
    }

    @Override
    public void deleteExchange(String name) {
        Objects.requireNonNull(name, "name must not be null");
        synchronized (topologyLock) {
            checkOpen();
            InProcessExchange removed = exchanges.get(name);
            if (removed == null) {
                return;
            }
            if (removed.spec.durable() && log != null) {
                log.append(BrokerLog.exchangeDeleted(name));
            }
            exchanges.remove(name);
        }
    }

    @Override
    public void declareQueue(QueueSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        synchronized (topologyLock) {
            checkOpen();
            InProcessQueue existing = queues.get(spec.name());
            if (existing != null) {
                if (!existing.spec.equals(spec)) {
                    throw new MessagingException("queue '" + spec.name() + "' already exists as " + existing.spec
                            + "; cannot redeclare it as " + spec + " (PRECONDITION_FAILED); delete it first");
                }
                return;
            }
            if (persisted(spec)) {
                log.append(BrokerLog.queueDeclared(spec));
            }
            queues.put(spec.name(), new InProcessQueue(spec, this));
        }
    }

    @Override
    public void deleteQueue(String name) {
        Objects.requireNonNull(name, "name must not be null");
        List<InProcessConsumer> stopped;
        synchronized (topologyLock) {
            checkOpen();
            InProcessQueue q = queues.get(name);
            if (q == null) {
                return;
            }
            if (persisted(q.spec)) {
                log.append(BrokerLog.queueDeleted(name));
            }
            queues.remove(name);
            exchanges.values().forEach(x -> x.unbindQueue(name));
            stopped = q.delete(new ArrayList<>());
        }
        for (InProcessConsumer c : stopped) {
            consumers.remove(c);
            c.stopForDeletedQueue();
        }
    }

    @Override
    public void bind(String queue, String exchange, String bindingKey, Map<String, ?> arguments) {
        Map<String, Object> args = checkBinding(queue, exchange, bindingKey, arguments);
        synchronized (topologyLock) {
            checkOpen();
            InProcessQueue q = queueOrThrow(queue);
            InProcessExchange x = exchangeOrThrow(exchange);
            if (x.bind(queue, bindingKey, args) && persisted(q.spec) && x.spec.durable()) {
                try {
                    log.append(BrokerLog.bound(queue, exchange, bindingKey, args));
                } catch (RuntimeException e) {
                    x.unbind(queue, bindingKey, args);
                    throw e;
                }
            }
        }
    }

    @Override
    public void unbind(String queue, String exchange, String bindingKey, Map<String, ?> arguments) {
        Map<String, Object> args = checkBinding(queue, exchange, bindingKey, arguments);
        synchronized (topologyLock) {
            checkOpen();
            InProcessQueue q = queueOrThrow(queue);
            InProcessExchange x = exchangeOrThrow(exchange);
            if (x.unbind(queue, bindingKey, args) && persisted(q.spec) && x.spec.durable()) {
                log.append(BrokerLog.unbound(queue, exchange, bindingKey, args));
            }
        }
    }

    private static Map<String, Object> checkBinding(String queue, String exchange, String bindingKey,
            Map<String, ?> arguments) {
        Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(exchange, "exchange must not be null");
        Names.checkLength("bindingKey", bindingKey);
        Objects.requireNonNull(arguments, "arguments must not be null");
        if (exchange.isEmpty()) {
            throw new IllegalArgumentException("cannot bind queue '" + queue + "' to the default exchange \"\": every"
                    + " queue is bound to it by its own name already (RabbitMQ refuses it with ACCESS_REFUSED)");
        }
        HeadersMatcher.validate(arguments);
        Map<String, Object> args = new LinkedHashMap<>();
        arguments.forEach((k, v) -> args.put(k, v));
        return Collections.unmodifiableMap(args);
    }

    private boolean persisted(QueueSpec spec) {
        return log != null && spec.durable() && !spec.exclusive();
    }

    // ---- publishing ---------------------------------------------------------------------------

    @Override
    public CompletableFuture<PublishOutcome> publishAsync(String exchange, String routingKey, Message message,
            boolean mandatory) {
        Objects.requireNonNull(exchange, "exchange must not be null");
        Names.checkLength("routingKey", routingKey);
        Objects.requireNonNull(message, "message must not be null");
        try {
            checkOpen();
            List<InProcessQueue> targets = route(exchange, routingKey, message, true);
            if (targets.isEmpty()) {
                events.publish(() -> new BrokerEvent.Unroutable(exchange, routingKey, mandatory));
                if (mandatory) {
                    return CompletableFuture.completedFuture(PublishOutcome.RETURNED);
                }
                unroutableDropped.increment();
                return CompletableFuture.completedFuture(PublishOutcome.CONFIRMED);
            }
            return CompletableFuture.completedFuture(enqueue(targets, exchange, routingKey, message, List.of()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The queues a message published to {@code exchange} goes to. */
    private List<InProcessQueue> route(String exchange, String routingKey, Message message, boolean mustExist) {
        if (exchange.isEmpty()) {
            InProcessQueue q = queues.get(routingKey);
            return q == null ? List.of() : List.of(q);
        }
        InProcessExchange x = exchanges.get(exchange);
        if (x == null) {
            if (mustExist) {
                throw new NotFoundException("exchange '" + exchange + "' does not exist (NOT_FOUND); declare it"
                        + " with declareExchange before publishing to it");
            }
            return List.of();
        }
        List<String> names = x.route(routingKey, message.headers());
        List<InProcessQueue> targets = new ArrayList<>(names.size());
        for (String name : names) {
            InProcessQueue q = queues.get(name);
            if (q != null) {
                targets.add(q);
            }
        }
        return targets;
    }

    /**
     * Puts a message into its queues: first on disk (for durable queues and a persistent
     * message; {@code prefix} is written in the same atomic append), then in memory.
     */
    private PublishOutcome enqueue(List<InProcessQueue> targets, String exchange, String routingKey, Message message,
            List<EventData> prefix) {
        long now = time.nanoTime();
        UUID storeId = null;
        List<String> durableNames = null;
        if (log != null && message.persistent()) {
            for (InProcessQueue q : targets) {
                if (persisted(q.spec)) {
                    if (durableNames == null) {
                        durableNames = new ArrayList<>(targets.size());
                    }
                    durableNames.add(q.name());
                }
            }
        }
        if (durableNames != null) {
            storeId = BrokerLog.nextId();
            List<EventData> batch = new ArrayList<>(prefix.size() + 1);
            batch.addAll(prefix);
            batch.add(BrokerLog.published(storeId, durableNames, exchange, routingKey, message));
            log.append(batch);
        } else if (!prefix.isEmpty()) {
            log.append(prefix);
        }
        boolean rejected = false;
        for (InProcessQueue q : targets) {
            Duration ttl = ttlOf(q.spec, message);
            long expiresAt = ttl == null ? Long.MAX_VALUE : now + ttl.toNanos();
            UUID id = durableNames != null && persisted(q.spec) ? storeId : null;
            QueuedMessage entry = new QueuedMessage(message, exchange, routingKey, id, expiresAt, false);
            List<InProcessQueue.Dead> dead = new ArrayList<>(0);
            if (!q.offer(entry, now, dead)) {
                rejected = true;
                events.publish(() -> new BrokerEvent.PublishRejected(q.name()));
                if (id != null) {
                    appendQuietly(List.of(BrokerLog.settled(q.name(), id)));
                }
            } else if (ttl != null) {
                scheduleExpiry(q, ttl);
            }
            processDead(q, dead);
        }
        return rejected ? PublishOutcome.REJECTED : PublishOutcome.CONFIRMED;
    }

    private static Duration ttlOf(QueueSpec spec, Message message) {
        Duration queueTtl = spec.messageTtl().orElse(null);
        Duration messageTtl = message.expiration().orElse(null);
        if (queueTtl == null) {
            return messageTtl;
        }
        return messageTtl == null || queueTtl.compareTo(messageTtl) <= 0 ? queueTtl : messageTtl;
    }

    private void scheduleExpiry(InProcessQueue q, Duration ttl) {
        scheduler.schedule(ttl, () -> {
            if (closed || q.isDeleted()) {
                return;
            }
            List<InProcessQueue.Dead> dead = new ArrayList<>(1);
            q.expireHead(time.nanoTime(), dead);
            processDead(q, dead);
        });
    }

    // ---- dead-lettering ----------------------------------------------------------------------

    /** Dead-letters (or drops) messages that left {@code from}; never called under a queue lock. */
    private void processDead(InProcessQueue from, List<InProcessQueue.Dead> dead) {
        for (InProcessQueue.Dead d : dead) {
            try {
                deadLetter(from, d.message(), d.reason());
            } catch (RuntimeException e) {
                LOG.error("could not dead-letter a message from queue '{}' (reason {}); it stays in the log and comes"
                        + " back after a restart if it was durable", from.name(), d.reason(), e);
            }
        }
    }

    private void deadLetter(InProcessQueue from, QueuedMessage m, String reason) {
        List<EventData> settle = m.storeId == null ? List.of() : List.of(BrokerLog.settled(from.name(), m.storeId));
        String dlx = from.spec.deadLetterExchange().orElse(null);
        if (dlx == null) {
            events.publish(() -> new BrokerEvent.Discarded(from.name(), reason));
            appendQuietly(settle);
            return;
        }
        String key = from.spec.deadLetterRoutingKey().orElse(m.routingKey);
        Message dead = withDeath(m, from.name(), reason);
        List<InProcessQueue> targets = new ArrayList<>(route(dlx, key, dead, false));
        List<Death> deaths = Death.of(dead);
        boolean anyRejection = deaths.stream().anyMatch(x -> x.reason().equals(Death.REJECTED));
        // RabbitMQ drops a message that would cycle back to a queue it already died in, unless a
        // consumer rejected it on the way (a fully automatic cycle would never end).
        targets.removeIf(t -> !anyRejection && deaths.stream().skip(1).anyMatch(x -> x.queue().equals(t.name()))
                || !anyRejection && t == from);
        if (targets.isEmpty()) {
            LOG.debug("dead-lettered message from queue '{}' matched no queue of exchange '{}' with key '{}'; dropped",
                    from.name(), dlx, key);
            appendQuietly(settle);
        } else {
            enqueue(targets, dlx, key, dead, settle);
        }
        events.publish(() -> new BrokerEvent.DeadLettered(from.name(), reason, dlx));
    }

    /** The message with its x-death header updated as RabbitMQ does. */
    private Message withDeath(QueuedMessage m, String queue, String reason) {
        Message msg = m.message;
        List<Object> deaths = new ArrayList<>();
        Object existing = msg.headers().get("x-death");
        Map<String, Object> same = null;
        if (existing instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> map && queue.equals(map.get("queue")) && reason.equals(map.get("reason"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> found = new LinkedHashMap<>((Map<String, Object>) map);
                    same = found;
                } else {
                    deaths.add(o);
                }
            }
        }
        Map<String, Object> entry;
        if (same != null) {
            entry = same;
            entry.put("count", ((Number) same.getOrDefault("count", 0L)).longValue() + 1);
        } else {
            entry = new LinkedHashMap<>();
            entry.put("count", 1L);
            entry.put("reason", reason);
            entry.put("queue", queue);
            entry.put("time", Instant.ofEpochSecond(time.instant().getEpochSecond()));
            entry.put("exchange", m.exchange);
            entry.put("routing-keys", List.of(m.routingKey));
        }
        if (msg.expiration().isPresent()) {
            entry.put("original-expiration", Long.toString(msg.expiration().get().toMillis()));
        }
        deaths.add(0, entry);
        Message out = msg.withExpiration(null).withHeader("x-death", deaths);
        if (!msg.headers().containsKey("x-first-death-queue")) {
            out = out.withHeader("x-first-death-queue", queue).withHeader("x-first-death-reason", reason)
                    .withHeader("x-first-death-exchange", m.exchange);
        }
        return out;
    }

    private void appendQuietly(List<EventData> records) {
        if (records.isEmpty() || log == null) {
            return;
        }
        try {
            log.append(records);
        } catch (RuntimeException e) {
            LOG.warn("could not record that messages left their queue; after a restart they are delivered again", e);
        }
    }

    // ---- consuming -----------------------------------------------------------------------------

    @Override
    public Optional<Delivery> get(String queue) {
        Objects.requireNonNull(queue, "queue must not be null");
        checkOpen();
        InProcessQueue q = queueOrThrow(queue);
        List<InProcessQueue.Dead> dead = new ArrayList<>(0);
        QueuedMessage m = q.pollForGet(time.nanoTime(), dead);
        processDead(q, dead);
        return m == null ? Optional.empty() : Optional.of(new InProcessDelivery(q, m, null));
    }

    @Override
    public Consumer consume(String queue, ConsumerOptions options, MessageHandler handler) {
        Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(options, "options must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        checkOpen();
        InProcessQueue q = queueOrThrow(queue);
        InProcessConsumer c = new InProcessConsumer(this, q, options, handler, threadFactory);
        consumers.add(c);
        c.start();
        List<InProcessQueue.Dead> dead = new ArrayList<>(0);
        q.addConsumer(c, time.nanoTime(), dead);
        processDead(q, dead);
        return c;
    }

    /** Settles a delivery; false if it was settled already. */
    boolean settle(InProcessDelivery d, InProcessQueue.SettleKind kind) {
        InProcessQueue q = d.inProcessQueue();
        List<InProcessQueue.Dead> dead = new ArrayList<>(0);
        if (!q.settle(d, kind, time.nanoTime(), dead)) {
            return false;
        }
        if (kind == InProcessQueue.SettleKind.ACK && d.entry().storeId != null && !q.isDeleted()) {
            appendQuietly(List.of(BrokerLog.settled(q.name(), d.entry().storeId)));
        }
        processDead(q, dead);
        return true;
    }

    void removeConsumer(InProcessConsumer c, InProcessQueue q) {
        consumers.remove(c);
        List<InProcessQueue.Dead> dead = new ArrayList<>(0);
        boolean lastOfAutoDelete = q.removeConsumer(c, time.nanoTime(), dead);
        processDead(q, dead);
        if (lastOfAutoDelete && !closed) {
            deleteQueue(q.name());
        }
    }

    // ---- inspection ---------------------------------------------------------------------------

    @Override
    public QueueInfo queueInfo(String queue) {
        Objects.requireNonNull(queue, "queue must not be null");
        checkOpen();
        InProcessQueue q = queueOrThrow(queue);
        List<InProcessQueue.Dead> dead = new ArrayList<>(0);
        q.expireHead(time.nanoTime(), dead);
        processDead(q, dead);
        return new QueueInfo(queue, q.readyCount(), q.consumerCount());
    }

    @Override
    public long purge(String queue) {
        Objects.requireNonNull(queue, "queue must not be null");
        checkOpen();
        InProcessQueue q = queueOrThrow(queue);
        List<QueuedMessage> removed = new ArrayList<>();
        long n = q.purge(removed);
        List<EventData> settled = new ArrayList<>();
        for (QueuedMessage m : removed) {
            if (m.storeId != null) {
                settled.add(BrokerLog.settled(queue, m.storeId));
            }
        }
        appendQuietly(settled);
        return n;
    }

    /** Deliveries handed out from {@code queue} and not yet settled. */
    public long unsettledCount(String queue) {
        return queueOrThrow(queue).unsettledCount();
    }

    /** How many non-mandatory messages matched no queue and were dropped. */
    public long unroutableDropped() {
        return unroutableDropped.sum();
    }

    /** Where this broker reports what it does; see {@link BrokerEvent}. */
    public EventPublisher<BrokerEvent> eventPublisher() {
        return events;
    }

    void publishEvent(Supplier<? extends BrokerEvent> event) {
        events.publish(event);
    }

    private InProcessQueue queueOrThrow(String name) {
        InProcessQueue q = queues.get(name);
        if (q == null) {
            throw new NotFoundException("queue '" + name + "' does not exist (NOT_FOUND); declare it with"
                    + " declareQueue first");
        }
        return q;
    }

    private InProcessExchange exchangeOrThrow(String name) {
        InProcessExchange x = exchanges.get(name);
        if (x == null) {
            throw new NotFoundException("exchange '" + name + "' does not exist (NOT_FOUND); declare it with"
                    + " declareExchange first");
        }
        return x;
    }

    private void checkOpen() {
        if (closed) {
            throw new MessagingException("the broker is closed");
        }
    }

    // ---- recovery and close -------------------------------------------------------------------

    private void recover() {
        BrokerLog.State state = log.replay();
        state.exchanges().values().forEach(x -> exchanges.put(x.name(), new InProcessExchange(x)));
        state.queues().values().forEach(q -> queues.put(q.name(), new InProcessQueue(q, this)));
        for (BrokerLog.Binding b : state.bindings()) {
            InProcessExchange x = exchanges.get(b.exchange());
            if (x != null && queues.containsKey(b.queue())) {
                x.bind(b.queue(), b.key(), b.args());
            }
        }
        long now = time.nanoTime();
        long count = 0;
        for (Map.Entry<String, java.util.LinkedHashMap<UUID, BrokerLog.RecoveredMessage>> e
                : state.messages().entrySet()) {
            InProcessQueue q = queues.get(e.getKey());
            if (q == null) {
                continue;
            }
            for (BrokerLog.RecoveredMessage m : e.getValue().values()) {
                Duration ttl = ttlOf(q.spec, m.message());
                q.restore(new QueuedMessage(m.message(), m.exchange(), m.routingKey(), m.storeId(),
                        ttl == null ? Long.MAX_VALUE : now + ttl.toNanos(), true));
                if (ttl != null) {
                    scheduleExpiry(q, ttl);
                }
                count++;
            }
        }
        long messages = count;
        if (!exchanges.isEmpty() || !queues.isEmpty()) {
            LOG.info("in-process broker recovered {} exchanges, {} queues and {} messages", exchanges.size(),
                    queues.size(), messages);
        }
        events.publish(() -> new BrokerEvent.Recovered(exchanges.size(), queues.size(), messages));
    }

    /**
     * Stops every consumer (their unsettled deliveries stay in the log, for durable queues) and
     * closes the log. Closing twice is harmless.
     */
    @Override
    public void close() {
        synchronized (topologyLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (InProcessConsumer c : new ArrayList<>(consumers)) {
            c.cancel();
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
        if (log != null) {
            log.close();
        }
    }

    @Override
    public String toString() {
        return "InProcessBroker[" + exchanges.size() + " exchanges, " + queues.size() + " queues"
                + (log == null ? "" : ", durable") + (closed ? ", closed" : "") + "]";
    }

    /** Configures an {@link InProcessBroker}. Not threadsafe; build once. */
    public static final class Builder {
        private static final AtomicInteger CONSUMER_THREADS = new AtomicInteger();

        private TimeSource time = TimeSource.system();
        private Scheduler scheduler;
        private ThreadFactory threadFactory = r -> {
            Thread t = new Thread(r, "in-process-consumer-" + CONSUMER_THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        private Path dataDirectory;
        private FsyncPolicy fsyncPolicy = FsyncPolicy.always();
        private final List<EventListener<? super BrokerEvent>> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The clock of TTLs and x-death times (default: the system clock). */
        public Builder timeSource(TimeSource timeSource) {
            this.time = Objects.requireNonNull(timeSource, "timeSource must not be null");
            return this;
        }

        /**
         * Runs TTL expiry (default: a daemon thread of the broker's own). Use a
         * {@code ManualScheduler} over the same {@code ManualTimeSource} in tests.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /** Creates each consumer's thread (default: daemon threads named in-process-consumer-N). */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory must not be null");
            return this;
        }

        /** Keeps durable topology and messages in a {@link FileEventStore} in this directory (locked while open). */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory must not be null");
            return this;
        }

        /**
         * When the log is forced to disk (default {@link FsyncPolicy#always()}: a confirm means
         * on disk). {@link FsyncPolicy#group} trades a bounded window for throughput.
         */
        public Builder fsyncPolicy(FsyncPolicy policy) {
            this.fsyncPolicy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        /** Registers a listener before anything happens (recovery is reported too). */
        public Builder listener(EventListener<? super BrokerEvent> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * The broker, with its durable state recovered if a data directory was given.
         *
         * @throws dev.microlab.eventstore.StoreLockedException if another broker has the directory open
         * @throws MessagingException if the log cannot be read
         */
        public InProcessBroker build() {
            return new InProcessBroker(this);
        }
    }
}
