package dev.microlab.eventstore.postgres.internal;

import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.StreamName;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The argument checks of an append and a read, with the same rules and messages as the
 * embedded backends (event-store keeps its own copy internal, so this module cannot reuse it).
 */
public final class AppendChecks {

    /** Default largest event: 1 MiB of data plus metadata. */
    public static final int DEFAULT_MAX_EVENT_SIZE = 1 << 20;
    /** Largest allowed setting of the maximum event size: 64 MiB. */
    public static final int MAX_MAX_EVENT_SIZE = 64 << 20;

    private AppendChecks() {
    }

    /** Rejects nulls, oversized events and repeated ids; returns an immutable copy of the list. */
    public static List<EventData> checkAppend(StreamName stream, Object expected, List<EventData> events,
            int maxEventSize) {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(expected, "expected must not be null");
        Objects.requireNonNull(events, "events must not be null");
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            EventData e = events.get(i);
            if (e == null) {
                throw new NullPointerException("events[" + i + "] must not be null");
            }
            long size = sizeOf(e);
            if (size > maxEventSize) {
                throw new IllegalArgumentException("event " + i + " (" + e.type() + ", id " + e.eventId()
                        + ") of the append to stream '" + stream + "' is " + size + " bytes of data and metadata,"
                        + " but maxEventSize is " + maxEventSize + " bytes");
            }
            if (!seen.add(e.eventId())) {
                throw new IllegalArgumentException("the append to stream '" + stream + "' contains event id "
                        + e.eventId() + " twice; every event needs its own id");
            }
        }
        return List.copyOf(events);
    }

    /** The size the limit applies to: data plus type plus metadata, in bytes. */
    public static long sizeOf(EventData e) {
        long size = e.dataLength() + utf8(e.type());
        EventMetadata md = e.metadata();
        size += utf8(md.correlationId()) + utf8(md.causationId());
        for (Map.Entry<String, String> h : md.headers().entrySet()) {
            size += utf8(h.getKey()) + utf8(h.getValue());
        }
        return size;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Validates a maximum event size setting. */
    public static int checkMaxEventSize(int maxEventSize) {
        if (maxEventSize < 1 || maxEventSize > MAX_MAX_EVENT_SIZE) {
            throw new IllegalArgumentException("maxEventSize must be in [1, " + MAX_MAX_EVENT_SIZE + "] bytes, but was "
                    + maxEventSize);
        }
        return maxEventSize;
    }

    /** Validates the common read arguments. */
    public static void checkReadArguments(long from, String fromName, int maxCount) {
        if (from < 0) {
            throw new IllegalArgumentException(fromName + " must be >= 0, but was " + from);
        }
        if (maxCount <= 0) {
            throw new IllegalArgumentException("maxCount must be > 0, but was " + maxCount);
        }
    }

    /** The headers as a flat JSON object, for the {@code headers jsonb} column. */
    public static String headersJson(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return "{}";
        }
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, h.getKey()).append(':');
            quote(json, h.getValue());
        }
        return json.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }
}
