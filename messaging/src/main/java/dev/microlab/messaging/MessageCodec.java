package dev.microlab.messaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of the broker log's records: messages with their properties and typed
 * headers, and topology. The one place where the on-disk format is written and parsed.
 */
final class MessageCodec {

    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte BOOL = 4;
    private static final byte DOUBLE = 5;
    private static final byte INSTANT = 6;
    private static final byte LIST = 7;
    private static final byte MAP = 8;

    private MessageCodec() {
    }

    /** A writer over a growing buffer. */
    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Writer string(String s) {
            try {
                if (s == null) {
                    out.writeBoolean(false);
                } else {
                    out.writeBoolean(true);
                    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    out.writeInt(b.length);
                    out.write(b);
                }
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Writer bool(boolean b) {
            try {
                out.writeBoolean(b);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Writer number(long n) {
            try {
                out.writeLong(n);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Writer strings(List<String> list) {
            number(list.size());
            list.forEach(this::string);
            return this;
        }

        Writer map(Map<String, ?> map) {
            try {
                value(out, map);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Writer message(Message m) {
            try {
                byte[] body = m.body();
                out.writeInt(body.length);
                out.write(body);
                string(m.messageId().orElse(null));
                string(m.correlationId().orElse(null));
                string(m.type().orElse(null));
                string(m.contentType().orElse(null));
                number(m.expiration().map(Duration::toMillis).orElse(-1L));
                bool(m.persistent());
                value(out, m.headers());
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] toBytes() {
            return bytes.toByteArray();
        }
    }

    /** A reader of what a {@link Writer} wrote. */
    static final class Reader {
        private final DataInputStream in;

        Reader(byte[] data) {
            this.in = new DataInputStream(new ByteArrayInputStream(data));
        }

        String string() throws IOException {
            if (!in.readBoolean()) {
                return null;
            }
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }

        boolean bool() throws IOException {
            return in.readBoolean();
        }

        long number() throws IOException {
            return in.readLong();
        }

        List<String> strings() throws IOException {
            int n = (int) number();
            List<String> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(string());
            }
            return list;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map() throws IOException {
            return (Map<String, Object>) value(in);
        }

        @SuppressWarnings("unchecked")
        Message message() throws IOException {
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            Message m = Message.of(body).withMessageId(string()).withCorrelationId(string()).withType(string())
                    .withContentType(string());
            long ttl = number();
            if (ttl >= 0) {
                m = m.withExpiration(Duration.ofMillis(ttl));
            }
            m = m.withPersistent(bool());
            return m.withHeaders((Map<String, Object>) value(in));
        }
    }

    private static void value(DataOutputStream out, Object v) throws IOException {
        if (v instanceof String s) {
            out.writeByte(STRING);
            out.writeUTF(s);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOL);
            out.writeBoolean(b);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Instant t) {
            out.writeByte(INSTANT);
            out.writeLong(t.getEpochSecond());
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object o : list) {
                value(out, o);
            }
        } else if (v instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.writeUTF((String) e.getKey());
                value(out, e.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot encode a header value of type " + v.getClass().getName());
        }
    }

    private static Object value(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case STRING:
                return in.readUTF();
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case BOOL:
                return in.readBoolean();
            case DOUBLE:
                return in.readDouble();
            case INSTANT:
                return Instant.ofEpochSecond(in.readLong());
            case LIST: {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(value(in));
                }
                return list;
            }
            case MAP: {
                int n = in.readInt();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String k = in.readUTF();
                    map.put(k, value(in));
                }
                return map;
            }
            default:
                throw new IOException("unknown header value tag " + tag);
        }
    }
}
