package dev.microlab.messaging;

import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The durable half of the {@link InProcessBroker}: every change to durable topology and every
 * persistent message in a durable queue is an event in one stream ({@code broker}) of a
 * {@link FileEventStore}. Nothing else stores the broker's state: the event store's framed,
 * CRC-checked segment files, its fsync policy (group commit) and its crash recovery (a torn
 * last frame is cut, damage elsewhere is reported) are reused as they are.
 *
 * <p>Records: {@code exchange-declared}, {@code exchange-deleted}, {@code queue-declared},
 * {@code queue-deleted}, {@code bound}, {@code unbound}, {@code published} (a message and the
 * durable queues it went to; the event id is the message's store id) and {@code settled}
 * (a message left a queue: acked, dead-lettered, expired, purged). Dead-lettering from one
 * durable queue to another is one atomic append of {@code settled} + {@code published}.
 *
 * <p>A message is appended before it becomes visible in memory, so a {@code settled} record
 * always follows its {@code published} record: recovery is a single pass in log order.
 */
final class BrokerLog implements AutoCloseable {

    static final StreamName STREAM = StreamName.of("broker");

    /**
     * Record ids: a random 64-bit prefix drawn once per process and a counter. Unique across
     * restarts with overwhelming probability, and far cheaper on the publish path than
     * {@link UUID#randomUUID()}, which draws from {@code SecureRandom} for every record.
     */
    private static final long ID_PREFIX = new java.security.SecureRandom().nextLong();
    private static final java.util.concurrent.atomic.AtomicLong ID_COUNTER = new java.util.concurrent.atomic.AtomicLong();

    /** A fresh record (and message store) id. */
    static UUID nextId() {
        return new UUID(ID_PREFIX, ID_COUNTER.incrementAndGet());
    }

    private final FileEventStore store;

    BrokerLog(FileEventStore store) {
        this.store = store;
    }

    void append(List<EventData> events) {
        if (!events.isEmpty()) {
            store.append(STREAM, ExpectedVersion.ANY, events);
        }
    }

    void append(EventData event) {
        store.append(STREAM, ExpectedVersion.ANY, List.of(event));
    }

    static EventData exchangeDeclared(ExchangeSpec spec) {
        return EventData.of("exchange-declared",
                new MessageCodec.Writer().string(spec.name()).string(spec.type().name()).toBytes());
    }

    static EventData exchangeDeleted(String name) {
        return EventData.of("exchange-deleted", new MessageCodec.Writer().string(name).toBytes());
    }

    static EventData queueDeclared(QueueSpec spec) {
        return EventData.of("queue-declared", new MessageCodec.Writer().string(spec.name())
                .string(spec.type().name()).bool(spec.autoDelete())
                .string(spec.deadLetterExchange().orElse(null)).string(spec.deadLetterRoutingKey().orElse(null))
                .number(spec.messageTtl().map(java.time.Duration::toMillis).orElse(-1L))
                .number(spec.maxLength().orElse(-1)).string(spec.overflow().name())
                .number(spec.deliveryLimit().orElse(-1)).toBytes());
    }

    static EventData queueDeleted(String name) {
        return EventData.of("queue-deleted", new MessageCodec.Writer().string(name).toBytes());
    }

    static EventData bound(String queue, String exchange, String key, Map<String, ?> args) {
        return EventData.of("bound",
                new MessageCodec.Writer().string(queue).string(exchange).string(key).map(args).toBytes());
    }

    static EventData unbound(String queue, String exchange, String key, Map<String, ?> args) {
        return EventData.of("unbound",
                new MessageCodec.Writer().string(queue).string(exchange).string(key).map(args).toBytes());
    }

    static EventData published(UUID storeId, List<String> queues, String exchange, String routingKey, Message m) {
        return EventData.of(storeId, "published", new MessageCodec.Writer().strings(queues).string(exchange)
                .string(routingKey).message(m).toBytes());
    }

    static EventData settled(String queue, UUID storeId) {
        return EventData.of(nextId(), "settled", new MessageCodec.Writer().string(queue)
                .number(storeId.getMostSignificantBits()).number(storeId.getLeastSignificantBits()).toBytes());
    }

    /** A durable message found by recovery. */
    record RecoveredMessage(UUID storeId, String exchange, String routingKey, Message message) {
    }

    /** What the log holds: durable topology, in declaration order, and each durable queue's messages in order. */
    record State(Map<String, ExchangeSpec> exchanges, Map<String, QueueSpec> queues, List<Binding> bindings,
            Map<String, LinkedHashMap<UUID, RecoveredMessage>> messages) {
    }

    /** A binding as logged. */
    record Binding(String queue, String exchange, String key, Map<String, Object> args) {
    }

    /** Replays the whole log. */
    State replay() {
        Map<String, ExchangeSpec> exchanges = new LinkedHashMap<>();
        Map<String, QueueSpec> queues = new LinkedHashMap<>();
        List<Binding> bindings = new ArrayList<>();
        Map<String, LinkedHashMap<UUID, RecoveredMessage>> messages = new LinkedHashMap<>();
        long after = EventStore.START;
        while (true) {
            List<RecordedEvent> page = store.readAll(after, 4096);
            if (page.isEmpty()) {
                break;
            }
            for (RecordedEvent e : page) {
                after = e.position();
                if (!e.stream().equals(STREAM)) {
                    continue;
                }
                try {
                    apply(e, exchanges, queues, bindings, messages);
                } catch (IOException | RuntimeException ex) {
                    throw new MessagingException("the broker log record at position " + e.position()
                            + " (" + e.type() + ") cannot be read: " + ex.getMessage() + "; the log in "
                            + store.directory() + " is damaged or was written by another version", ex);
                }
            }
        }
        return new State(exchanges, queues, bindings, messages);
    }

    private static void apply(RecordedEvent e, Map<String, ExchangeSpec> exchanges, Map<String, QueueSpec> queues,
            List<Binding> bindings, Map<String, LinkedHashMap<UUID, RecoveredMessage>> messages) throws IOException {
        MessageCodec.Reader r = new MessageCodec.Reader(e.data());
        switch (e.type()) {
            case "exchange-declared" -> {
                String name = r.string();
                exchanges.put(name, ExchangeSpec.durable(name, ExchangeType.valueOf(r.string())));
            }
            case "exchange-deleted" -> {
                String name = r.string();
                exchanges.remove(name);
                bindings.removeIf(b -> b.exchange().equals(name));
            }
            case "queue-declared" -> {
                QueueSpec.Builder b = QueueSpec.builder(r.string()).type(QueueType.valueOf(r.string()))
                        .autoDelete(r.bool());
                String dlx = r.string();
                String dlrk = r.string();
                if (dlx != null) {
                    b.deadLetterExchange(dlx);
                }
                if (dlrk != null) {
                    b.deadLetterRoutingKey(dlrk);
                }
                long ttl = r.number();
                if (ttl >= 0) {
                    b.messageTtl(java.time.Duration.ofMillis(ttl));
                }
                long maxLength = r.number();
                if (maxLength >= 0) {
                    b.maxLength(maxLength);
                }
                b.overflow(Overflow.valueOf(r.string()));
                long limit = r.number();
                if (limit >= 0) {
                    b.deliveryLimit((int) limit);
                }
                QueueSpec spec = b.build();
                queues.put(spec.name(), spec);
                messages.putIfAbsent(spec.name(), new LinkedHashMap<>());
            }
            case "queue-deleted" -> {
                String name = r.string();
                queues.remove(name);
                messages.remove(name);
                bindings.removeIf(b -> b.queue().equals(name));
            }
            case "bound" -> {
                Binding b = new Binding(r.string(), r.string(), r.string(), r.map());
                if (!bindings.contains(b)) {
                    bindings.add(b);
                }
            }
            case "unbound" -> bindings.remove(new Binding(r.string(), r.string(), r.string(), r.map()));
            case "published" -> {
                List<String> targets = r.strings();
                RecoveredMessage m = new RecoveredMessage(e.eventId(), r.string(), r.string(), r.message());
                for (String q : targets) {
                    LinkedHashMap<UUID, RecoveredMessage> inQueue = messages.get(q);
                    if (inQueue != null) {
                        inQueue.put(m.storeId(), m);
                    }
                }
            }
            case "settled" -> {
                String q = r.string();
                UUID id = new UUID(r.number(), r.number());
                LinkedHashMap<UUID, RecoveredMessage> inQueue = messages.get(q);
                if (inQueue != null) {
                    inQueue.remove(id);
                }
            }
            default -> throw new IOException("unknown record type '" + e.type() + "'");
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
