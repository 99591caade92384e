package dev.microlab.messaging;

import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The idempotent consumer: remembers the ids of the messages it has handled, for a retention
 * window, and drops a message whose id it has seen — the other half of at-least-once
 * delivery.
 *
 * <pre>{@code
 * Inbox inbox = Inbox.durable(store, "billing", Duration.ofDays(7), TimeSource.system());
 * broker.consume("order_events", ConsumerOptions.defaults(), inbox.deduplicate(delivery -> bill(delivery)));
 * }</pre>
 *
 * <p><b>What it guarantees.</b> A message is handed to the wrapped handler again only if its
 * id was last handled longer ago than the retention window, or if the process died after the
 * handler's effect and before the id was recorded. For exactly-once <i>effects</i>, make the
 * effect itself idempotent or write it in the same transaction as the id (with an event store,
 * append the effect's events with the message id as event id: the store refuses a duplicate).
 * A message without a message id cannot be deduplicated and is refused (dead-lettered by the
 * consumer's policy), so a missing id is noticed, not silently duplicated.
 *
 * <p><b>Durability.</b> {@link #durable} records each handled id as an event in the stream
 * {@code inbox-<name>} of an {@link EventStore} (a {@code FileEventStore} survives restarts),
 * and reloads the ids of the retention window on creation. {@link #inMemory} forgets on restart.
 *
 * <p>This class is threadsafe. Two deliveries of one id at the same moment (two competing
 * consumers) do not both run: the second is requeued and dropped when it comes back.
 */
public final class Inbox {

    private final TimeSource time;
    private final Duration retention;
    private final EventStore store;
    private final StreamName stream;
    private final LinkedHashMap<String, Instant> handled = new LinkedHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private Inbox(EventStore store, String name, Duration retention, TimeSource time) {
        this.time = Objects.requireNonNull(time, "time must not be null");
        Objects.requireNonNull(retention, "retention must not be null");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be > 0, but was " + retention);
        }
        this.retention = retention;
        this.store = store;
        this.stream = store == null ? null : StreamName.of("inbox-" + Objects.requireNonNull(name,
                "name must not be null"));
        if (store != null) {
            load();
        }
    }

    /** An inbox that forgets on restart. */
    public static Inbox inMemory(Duration retention, TimeSource time) {
        return new Inbox(null, null, retention, time);
    }

    /**
     * An inbox that records handled ids in the stream {@code inbox-<name>} of {@code store}.
     *
     * @throws IllegalArgumentException if {@code inbox-<name>} is not a valid stream name
     */
    public static Inbox durable(EventStore store, String name, Duration retention, TimeSource time) {
        return new Inbox(Objects.requireNonNull(store, "store must not be null"), name, retention, time);
    }

    private void load() {
        Instant horizon = time.instant().minus(retention);
        long from = 0;
        while (true) {
            List<RecordedEvent> page = store.readStreamForward(stream, from, 1000);
            if (page.isEmpty()) {
                return;
            }
            for (RecordedEvent e : page) {
                from = e.streamVersion() + 1;
                if (e.recordedAt().isAfter(horizon)) {
                    handled.put(e.dataAsString(), e.recordedAt());
                }
            }
        }
    }

    /**
     * Wraps a handler: a message whose id was handled within the window is acked and skipped.
     */
    public MessageHandler deduplicate(MessageHandler handler) {
        Objects.requireNonNull(handler, "handler must not be null");
        return delivery -> {
            String id = delivery.message().messageId().orElseThrow(() -> new MessagingException(
                    "a message from queue '" + delivery.queue() + "' has no message id, so the inbox cannot"
                            + " deduplicate it; publish with Message.withMessageId"));
            if (hasHandled(id)) {
                delivery.ack();
                return;
            }
            if (!inFlight.add(id)) {
                delivery.nack(true); // the same id is being handled right now; it comes back and is dropped then
                return;
            }
            try {
                handler.handle(delivery);
                record(id);
            } finally {
                inFlight.remove(id);
            }
        };
    }

    /** Whether {@code messageId} was handled within the retention window. */
    public synchronized boolean hasHandled(String messageId) {
        evictExpired();
        return handled.containsKey(Objects.requireNonNull(messageId, "messageId must not be null"));
    }

    /** Records {@code messageId} as handled now. */
    public void record(String messageId) {
        Objects.requireNonNull(messageId, "messageId must not be null");
        if (store != null) {
            UUID eventId = UUID.nameUUIDFromBytes(("inbox:" + stream.value() + ":" + messageId)
                    .getBytes(StandardCharsets.UTF_8));
            // The id is derived from the message id, so recording a message again (outside the window,
            // or by another instance) is an idempotent re-append: the store writes nothing new.
            store.append(stream, ExpectedVersion.ANY,
                    EventData.of(eventId, "message-handled", messageId.getBytes(StandardCharsets.UTF_8)));
        }
        synchronized (this) {
            handled.remove(messageId);
            handled.put(messageId, time.instant());
        }
    }

    /** How many ids it remembers now. */
    public synchronized int size() {
        evictExpired();
        return handled.size();
    }

    private void evictExpired() {
        Instant horizon = time.instant().minus(retention);
        Iterator<Map.Entry<String, Instant>> it = handled.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().isAfter(horizon)) {
                return;
            }
            it.remove();
        }
    }
}
