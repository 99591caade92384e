package dev.microlab.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of RabbitMQ's {@code x-death} header: a message died in {@code queue} for
 * {@code reason}, {@code count} times, the last at {@code time}.
 *
 * <p>Reasons, as RabbitMQ spells them: {@code rejected} (nack or reject without requeue),
 * {@code expired} (TTL), {@code maxlen} (a full queue dropped it) and {@code delivery_limit}
 * (returned to a quorum queue more often than its delivery limit).
 *
 * @param queue       where it died
 * @param reason      why
 * @param count       how many times it died there for that reason
 * @param time        when it first died there (RabbitMQ keeps the first time), whole seconds
 * @param exchange    the exchange it had been published to before dying
 * @param routingKeys the routing keys it had been published with
 */
public record Death(String queue, String reason, long count, Instant time, String exchange, List<String> routingKeys) {

    /** Reason of a nack/reject without requeue. */
    public static final String REJECTED = "rejected";
    /** Reason of a TTL expiry. */
    public static final String EXPIRED = "expired";
    /** Reason of a max-length overflow (drop-head). */
    public static final String MAXLEN = "maxlen";
    /** Reason of a quorum queue's delivery limit. */
    public static final String DELIVERY_LIMIT = "delivery_limit";

    /** Validates. */
    public Death {
        Objects.requireNonNull(queue, "queue must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
        routingKeys = List.copyOf(routingKeys);
    }

    /** The message's {@code x-death} entries, most recent first; empty if none or unreadable. */
    public static List<Death> of(Message message) {
        Object header = message.headers().get("x-death");
        if (!(header instanceof List<?> entries)) {
            return List.of();
        }
        List<Death> deaths = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map) {
                Object count = map.get("count");
                Object time = map.get("time");
                Object keys = map.get("routing-keys");
                List<String> routingKeys = new ArrayList<>();
                if (keys instanceof List<?> list) {
                    list.forEach(k -> routingKeys.add(String.valueOf(k)));
                }
                deaths.add(new Death(String.valueOf(map.get("queue")), String.valueOf(map.get("reason")),
                        count instanceof Number n ? n.longValue() : 0L,
                        time instanceof Instant i ? i : null,
                        map.get("exchange") == null ? "" : String.valueOf(map.get("exchange")), routingKeys));
            }
        }
        return List.copyOf(deaths);
    }
}
