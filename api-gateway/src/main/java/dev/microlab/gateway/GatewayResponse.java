package dev.microlab.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A response the gateway sends: from the upstream, or its own (Kong's JSON {@code {"message": ...}}). */
record GatewayResponse(int status, Map<String, List<String>> headers, byte[] body, boolean fromUpstream) {

    static GatewayResponse json(int status, String json) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", List.of("application/json; charset=utf-8"));
        return new GatewayResponse(status, headers, json.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Kong's error body: {@code {"message":"..."}}. */
    static GatewayResponse message(int status, String message) {
        return json(status, "{\"message\":" + quote(message) + "}");
    }

    static GatewayResponse empty(int status) {
        return new GatewayResponse(status, new TreeMap<>(String.CASE_INSENSITIVE_ORDER), new byte[0], false);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
