package dev.microlab.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request on its way through the gateway: what the client sent (headers by lower-case name),
 * what the plugins learned (the consumer) and the headers they add to the upstream request and to
 * the response. Confined to the thread that handles the request.
 */
final class GatewayExchange {

    final String method;
    final String path;            // normalized, decoded
    final String rawQuery;        // as sent, or null
    final Map<String, List<String>> headers;   // lower-case names
    final String clientIp;
    final String scheme;
    final int localPort;
    final Map<String, String> upstreamHeaders = new LinkedHashMap<>();
    final Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    KongConfig.Consumer consumer;
    String correlationId;
    String credential;
    byte[] body = new byte[0];

    GatewayExchange(String method, String path, String rawQuery, Map<String, List<String>> headers, String clientIp,
                    String scheme, int localPort) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.clientIp = clientIp;
        this.scheme = scheme;
        this.localPort = localPort;
    }

    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    String host() {
        String host = header("host");
        if (host == null) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** A query parameter's first value, decoded, or null. */
    String queryParam(String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** A cookie's value, or null. */
    String cookie(String name) {
        for (String header : headerValues("cookie")) {
            for (String part : header.split(";")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq > 0 && p.substring(0, eq).equals(name)) {
                    return p.substring(eq + 1);
                }
            }
        }
        return null;
    }

    void addResponseHeader(String name, String value) {
        responseHeaders.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    void setResponseHeader(String name, String value) {
        List<String> values = new ArrayList<>();
        values.add(value);
        responseHeaders.put(name, values);
    }
}
