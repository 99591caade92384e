package dev.microlab.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The typed layer over the byte-oriented store: turns event objects into {@link EventData}
 * (JSON, with the registered alias and revision) and {@link RecordedEvent}s back into
 * objects, running upcasters on the way.
 *
 * <pre>{@code
 * EventSerializer serializer = new EventSerializer(types);
 * store.append(stream, ExpectedVersion.NO_STREAM, serializer.serialize(new OrderPlaced("42"), metadata));
 * for (RecordedEvent e : store.readStreamForward(stream, 0, 100)) {
 *     Object event = serializer.deserialize(e);   // an OrderPlaced
 * }
 * }</pre>
 *
 * <p>The {@link ObjectMapper} is yours to configure (modules such as JSR-310 for
 * {@code java.time} fields, unknown-property handling); the default is a plain one.
 *
 * <p><b>Reading is direct when it can be.</b> An event whose (type, revision) no upcaster
 * reads, and whose revision is the registered one, is read from its bytes straight into its
 * class ({@code ObjectReader.readValue(bytes)}): no JSON tree, no copy of the data. That is
 * every event but the old revisions, and it is what makes replaying an aggregate cheap.
 * Upcast events go through a {@link JsonNode} tree, which the upcasters rewrite. Both ways
 * give the same object and, for bad data, the same exception: a direct read that fails is
 * retried through the tree, whose error is the one reported.
 *
 * <p>This class is threadsafe (provided the mapper is not reconfigured after it is passed in).
 */
public final class EventSerializer {

    private final EventTypeRegistry registry;
    private final ObjectMapper mapper;
    /** One reader per registered class, made on first use: it skips the mapper's per-call type lookup. */
    private final ConcurrentHashMap<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    /** With a plain {@link ObjectMapper}. */
    public EventSerializer(EventTypeRegistry registry) {
        this(registry, new ObjectMapper());
    }

    /** With your mapper. */
    public EventSerializer(EventTypeRegistry registry, ObjectMapper mapper) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
    }

    /** {@code event} as {@link EventData} with a random id and no metadata. */
    public EventData serialize(Object event) {
        return serialize(UUID.randomUUID(), event, EventMetadata.EMPTY);
    }

    /** {@code event} as {@link EventData} with a random id. */
    public EventData serialize(Object event, EventMetadata metadata) {
        return serialize(UUID.randomUUID(), event, metadata);
    }

    /**
     * {@code event} as {@link EventData} with the given id (use a deterministic id, e.g. derived
     * from the command id, to make retries idempotent).
     *
     * @throws IllegalArgumentException if the event's class is not registered
     * @throws EventStoreException if Jackson cannot write it
     */
    public EventData serialize(UUID eventId, Object event, EventMetadata metadata) {
        Objects.requireNonNull(eventId, "eventId must not be null");
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
        EventTypeRegistry.RegisteredType r = registry.forClass(event.getClass());
        try {
            return new EventData(eventId, r.alias(), r.revision(), mapper.writeValueAsBytes(event), metadata);
        } catch (JsonProcessingException e) {
            throw new EventStoreException("cannot serialize " + event.getClass().getName() + " as '" + r.alias()
                    + "': " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The object stored in {@code event}, after upcasting.
     *
     * @throws UnknownEventTypeException if the (upcast) type is not registered, or its revision
     *         differs from the registered one
     * @throws EventStoreException if the data is not valid JSON for the class
     */
    public Object deserialize(RecordedEvent event) {
        Objects.requireNonNull(event, "event must not be null");
        EventTypeRegistry.RegisteredType r = registry.registeredTypeOf(event.type());
        if (r != null && r.revision() == event.revision() && !registry.hasUpcaster(event.type(), event.revision())) {
            byte[] data = event.dataWithoutCopy();
            if (startsWithObject(data)) {
                try {
                    return readerOf(r.type()).readValue(data);
                } catch (IOException | RuntimeException e) {
                    // Fall through: the tree path reports this data exactly as it always has
                    // (invalid JSON, or JSON that does not fit the class), with the same message.
                }
            }
        }
        return deserializeThroughTree(event);
    }

    /**
     * Whether the first non-blank byte opens a JSON object: the shape every event class
     * serializes to. Other payloads (empty, {@code null}, arrays, scalars) keep the tree path,
     * whose answers for them (null for no content, an error for the rest) stay unchanged.
     */
    private static boolean startsWithObject(byte[] data) {
        for (byte b : data) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    private ObjectReader readerOf(Class<?> type) {
        ObjectReader reader = readers.get(type);
        return reader != null ? reader : readers.computeIfAbsent(type, mapper::readerFor);
    }

    /** Reads the JSON into a tree, runs the upcasters on it, then maps the tree to the registered class. */
    private Object deserializeThroughTree(RecordedEvent event) {
        JsonNode json;
        try {
            json = mapper.readTree(event.dataWithoutCopy());
        } catch (IOException e) {
            throw new EventStoreException("event at position " + event.position() + " (" + event.type() + " r"
                    + event.revision() + ") does not hold valid JSON: " + e.getMessage(), e);
        }
        Upcaster.Intermediate upcast = registry.upcast(new Upcaster.Intermediate(event.type(), event.revision(), json));
        EventTypeRegistry.RegisteredType r = registry.forAlias(upcast.type()).orElseThrow(() ->
                new UnknownEventTypeException(upcast.type(), upcast.revision(), "no class is registered for this"
                        + " alias (event at position " + event.position() + " in stream '" + event.stream() + "')"));
        if (r.revision() != upcast.revision()) {
            throw new UnknownEventTypeException(upcast.type(), upcast.revision(), "the registered class "
                    + r.type().getName() + " has revision " + r.revision() + " and no upcaster goes from "
                    + upcast.revision() + " to it (event at position " + event.position() + ")");
        }
        try {
            return mapper.treeToValue(upcast.data(), r.type());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new EventStoreException("cannot read event at position " + event.position() + " ('" + upcast.type()
                    + "' r" + upcast.revision() + ") as " + r.type().getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The object stored in {@code event}, checked to be a {@code type}.
     *
     * @throws ClassCastException if it is of another class
     */
    public <T> T deserialize(RecordedEvent event, Class<T> type) {
        Objects.requireNonNull(type, "type must not be null");
        return type.cast(deserialize(event));
    }

    /** The registry in use. */
    public EventTypeRegistry registry() {
        return registry;
    }
}
