package dev.microlab.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The request path as the gateway routes and forwards it: percent-decoded, dot segments removed
 * (RFC 3986, 5.2.4), repeated slashes merged (nginx's {@code merge_slashes}), and re-encoded for
 * the upstream. A path that cannot be made safe is refused before it reaches a route: an encoded
 * slash or backslash ({@code %2F}, {@code %5C}), an encoded NUL, invalid percent-encoding or a
 * {@code ..} that climbs above the root.
 */
final class RequestPath {

    private RequestPath() {
    }

    /** A path that the gateway refuses; the message says why (it becomes a 400's body). */
    static final class BadPathException extends Exception {
        private static final long serialVersionUID = 1L;

        BadPathException(String message) {
            super(message);
        }
    }

    /** The decoded, normalized form of {@code rawPath} (as sent, still percent-encoded). */
    static String normalize(String rawPath) throws BadPathException {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        if (!rawPath.startsWith("/")) {
            throw new BadPathException("path must start with '/'");
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c")) {
            throw new BadPathException("encoded slashes are not allowed in the path");
        }
        if (lower.contains("%00")) {
            throw new BadPathException("encoded NUL is not allowed in the path");
        }
        String decoded = decode(rawPath);
        if (decoded.indexOf('\\') >= 0) {
            throw new BadPathException("backslashes are not allowed in the path");
        }
        Deque<String> out = new ArrayDeque<>();
        String[] segments = decoded.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".") || (s.isEmpty() && !last)) {
                continue;
            }
            if (s.equals("..")) {
                if (out.isEmpty()) {
                    throw new BadPathException("the path climbs above the root with '..'");
                }
                out.removeLast();
                continue;
            }
            out.addLast(s);
        }
        String joined = "/" + String.join("/", out);
        return joined;
    }

    private static String decode(String raw) throws BadPathException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new BadPathException("invalid percent-encoding in the path");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadPathException("invalid percent-encoding in the path");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes a decoded path for the upstream: unreserved characters, sub-delims, ':', '@' and '/' stay. */
    static String encode(String path) {
        StringBuilder sb = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
