package dev.microlab.eventstore.postgres.internal;

import java.util.Map;

/**
 * Event headers as a flat JSON object, for the {@code headers jsonb} column. (The argument checks
 * of appends and reads are event-store's public {@code EventStoreArguments}, shared with the
 * embedded stores.)
 */
public final class HeadersJson {

    private HeadersJson() {
    }

    /** The headers as a flat JSON object, for the {@code headers jsonb} column. */
    public static String of(Map<String, String> headers) {
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
