package dev.microlab.messaging;

import dev.microlab.messaging.internal.Names;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message: a body of bytes and AMQP's basic properties that this API carries — message id,
 * correlation id, type, content type, headers, per-message TTL ({@code expiration}) and
 * persistence ({@code delivery-mode 2}).
 *
 * <pre>{@code
 * Message m = Message.of("{\"orderId\":42}".getBytes(UTF_8))
 *         .withMessageId(eventId.toString())
 *         .withType("order-placed")
 *         .withHeader("tenant", "acme");
 * }</pre>
 *
 * <p>Header values may be {@code String}, {@code Integer}, {@code Long}, {@code Boolean},
 * {@code Double}, {@code Instant} (an AMQP timestamp, whole seconds), or lists and
 * string-keyed maps of these — what survives a trip through RabbitMQ unchanged.
 *
 * <p>This class is threadsafe (immutable): the body is copied in and out.
 */
public final class Message {

    private static final byte[] EMPTY = new byte[0];

    private final byte[] body;
    private final String messageId;
    private final String correlationId;
    private final String type;
    private final String contentType;
    private final Map<String, Object> headers;
    private final Duration expiration;
    private final boolean persistent;

    private Message(byte[] body, String messageId, String correlationId, String type, String contentType,
            Map<String, Object> headers, Duration expiration, boolean persistent) {
        this.body = body;
        this.messageId = messageId;
        this.correlationId = correlationId;
        this.type = type;
        this.contentType = contentType;
        this.headers = headers;
        this.expiration = expiration;
        this.persistent = persistent;
    }

    /** A persistent message with this body and no other property. */
    public static Message of(byte[] body) {
        Objects.requireNonNull(body, "body must not be null");
        return new Message(body.clone(), null, null, null, null, Map.of(), null, true);
    }

    /** A persistent message whose body is {@code text} in UTF-8. */
    public static Message ofText(String text) {
        Objects.requireNonNull(text, "text must not be null");
        return new Message(text.getBytes(StandardCharsets.UTF_8), null, null, null, "text/plain", Map.of(), null, true);
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.length == 0 ? EMPTY : body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyAsText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** The id the publisher gave the message (the inbox deduplicates by it). */
    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    /** The correlation id. */
    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }

    /** The message type (the event type, usually). */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** The MIME type of the body. */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** The headers (unmodifiable, in insertion order). */
    public Map<String, Object> headers() {
        return headers;
    }

    /** One header's value, if present. */
    public Optional<Object> header(String name) {
        return Optional.ofNullable(headers.get(Objects.requireNonNull(name, "name must not be null")));
    }

    /** The per-message TTL, if any. */
    public Optional<Duration> expiration() {
        return Optional.ofNullable(expiration);
    }

    /** Whether a durable queue keeps it on disk (AMQP delivery mode 2). Default true. */
    public boolean persistent() {
        return persistent;
    }

    /** A copy with this message id (null removes it). */
    public Message withMessageId(String id) {
        return new Message(body, checkShort("messageId", id), correlationId, type, contentType, headers, expiration,
                persistent);
    }

    /** A copy with this correlation id (null removes it). */
    public Message withCorrelationId(String id) {
        return new Message(body, messageId, checkShort("correlationId", id), type, contentType, headers, expiration,
                persistent);
    }

    /** A copy with this type (null removes it). */
    public Message withType(String newType) {
        return new Message(body, messageId, correlationId, checkShort("type", newType), contentType, headers,
                expiration, persistent);
    }

    /** A copy with this content type (null removes it). */
    public Message withContentType(String newContentType) {
        return new Message(body, messageId, correlationId, type, checkShort("contentType", newContentType), headers,
                expiration, persistent);
    }

    /**
     * A copy with one more header (replacing one of the same name); a null value removes it.
     *
     * @throws IllegalArgumentException if the value's type cannot travel in AMQP headers
     */
    public Message withHeader(String name, Object value) {
        Names.checkLength("header name", Objects.requireNonNull(name, "name must not be null"));
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(headers);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, checkValue(name, value));
        }
        return new Message(body, messageId, correlationId, type, contentType, Collections.unmodifiableMap(copy),
                expiration, persistent);
    }

    /**
     * A copy with exactly these headers.
     *
     * @throws IllegalArgumentException if a value's type cannot travel in AMQP headers
     */
    public Message withHeaders(Map<String, ?> newHeaders) {
        Objects.requireNonNull(newHeaders, "headers must not be null");
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        newHeaders.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "header name must not be null"),
                checkValue(k, Objects.requireNonNull(v, () -> "value of header '" + k + "' must not be null"))));
        return new Message(body, messageId, correlationId, type, contentType, Collections.unmodifiableMap(copy),
                expiration, persistent);
    }

    /**
     * A copy that expires after {@code ttl} in a queue (null removes the TTL). Like RabbitMQ,
     * an expired message is discarded (or dead-lettered, reason {@code expired}) when it reaches
     * the head of its queue.
     *
     * @throws IllegalArgumentException if negative or longer than {@link QueueSpec#MAX_TTL}
     */
    public Message withExpiration(Duration ttl) {
        return new Message(body, messageId, correlationId, type, contentType, headers,
                ttl == null ? null : QueueSpec.checkTtl("expiration", ttl), persistent);
    }

    /** A copy with this persistence. */
    public Message withPersistent(boolean newPersistent) {
        return new Message(body, messageId, correlationId, type, contentType, headers, expiration, newPersistent);
    }

    /** A copy with another body. */
    public Message withBody(byte[] newBody) {
        Objects.requireNonNull(newBody, "body must not be null");
        return new Message(newBody.clone(), messageId, correlationId, type, contentType, headers, expiration,
                persistent);
    }

    private static String checkShort(String field, String value) {
        return value == null ? null : Names.checkLength(field, value);
    }

    private static Object checkValue(String name, Object value) {
        if (value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof Double) {
            return value;
        }
        if (value instanceof Instant instant) {
            return Instant.ofEpochSecond(instant.getEpochSecond());
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(checkValue(name, Objects.requireNonNull(element, () -> "header '" + name + "' holds a null")));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!(k instanceof String key)) {
                    throw new IllegalArgumentException("header '" + name + "' holds a map with a non-string key " + k);
                }
                copy.put(key, checkValue(name, Objects.requireNonNull(v, () -> "header '" + name + "' holds a null")));
            });
            return Collections.unmodifiableMap(copy);
        }
        throw new IllegalArgumentException("header '" + name + "' has a value of type " + value.getClass().getName()
                + "; allowed: String, Integer, Long, Boolean, Double, Instant, List and Map of these");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && Arrays.equals(body, m.body) && Objects.equals(messageId, m.messageId)
                && Objects.equals(correlationId, m.correlationId) && Objects.equals(type, m.type)
                && Objects.equals(contentType, m.contentType) && headers.equals(m.headers)
                && Objects.equals(expiration, m.expiration) && persistent == m.persistent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), messageId, type);
    }

    @Override
    public String toString() {
        return "Message[" + (messageId == null ? "" : "id=" + messageId + ", ") + (type == null ? "" : type + ", ")
                + body.length + " bytes" + (headers.isEmpty() ? "" : ", headers=" + headers.keySet()) + "]";
    }
}
