package dev.microlab.eventstore.internal;

import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The on-disk format of the file store.
 *
 * <pre>
 * segment  = header frame*
 * header   = magic:int "MLES" | format:int 1 | segmentIndex:long                 (16 bytes)
 * frame    = length:int | crc32c(payload):int | payload[length]                  (one per append)
 * payload  = EVENTS   kind:byte 1 | firstPosition:long | firstVersion:long | epochSecond:long | nano:int
 *                     | stream:str | count:int | event*
 *          | DELETE   kind:byte 2 (soft) or 3 (tombstone) | stream:str | nextVersion:long
 * event    = idMsb:long | idLsb:long | type:str | revision:int | correlation:nstr | causation:nstr
 *            | headerCount:int | (name:str value:str)* | dataLength:int | data
 * str      = length:int | UTF-8 bytes          nstr = str, or length -1 for null
 * </pre>
 *
 * All integers are big-endian. One append is one frame, so a torn write loses a whole append
 * or nothing.
 */
public final class FrameCodec {

    /** "MLES". */
    public static final int MAGIC = 0x4D4C4553;
    /** Format version written in each segment header. */
    public static final int FORMAT = 1;
    /** Segment header length. */
    public static final int HEADER_SIZE = 16;
    /** Frame header length (length + CRC). */
    public static final int FRAME_HEADER_SIZE = 8;
    /** Largest payload a frame may declare: guards against reading a garbage length. */
    public static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    static final byte KIND_EVENTS = 1;
    static final byte KIND_SOFT_DELETE = 2;
    static final byte KIND_TOMBSTONE = 3;

    private FrameCodec() {
    }

    /** A decoded frame. */
    public sealed interface Frame {
    }

    /** An append. */
    public record EventsFrame(StreamName stream, long firstPosition, long firstVersion, List<RecordedEvent> events)
            implements Frame {
    }

    /** A soft delete or a tombstone. */
    public record DeleteFrame(StreamName stream, boolean tombstone, long nextVersion) implements Frame {
    }

    /** Thrown when a payload with a valid checksum cannot be decoded. */
    public static final class MalformedFrameException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedFrameException(String message) {
            super(message);
        }
    }

    /** The 16-byte header of segment {@code index}. */
    public static ByteBuffer header(long index) {
        return ByteBuffer.allocate(HEADER_SIZE).putInt(MAGIC).putInt(FORMAT).putLong(index).flip();
    }

    /** A complete frame (length, CRC, payload) for an append. */
    public static ByteBuffer encodeEvents(StreamName stream, long firstPosition, long firstVersion, Instant recordedAt,
            List<EventData> events) {
        List<byte[]> strings = new ArrayList<>();
        byte[] streamBytes = utf8(stream.value());
        int size = 1 + 8 + 8 + 8 + 4 + 4 + streamBytes.length + 4;
        for (EventData e : events) {
            EventMetadata md = e.metadata();
            size += 16 + 4 + 4 + 4 + 4 + 4 + 4 + e.dataLength();
            byte[] type = utf8(e.type());
            strings.add(type);
            size += type.length;
            byte[] corr = md.correlationId() == null ? null : utf8(md.correlationId());
            byte[] cause = md.causationId() == null ? null : utf8(md.causationId());
            strings.add(corr);
            strings.add(cause);
            size += (corr == null ? 0 : corr.length) + (cause == null ? 0 : cause.length);
            for (Map.Entry<String, String> h : md.headers().entrySet()) {
                byte[] k = utf8(h.getKey());
                byte[] v = utf8(h.getValue());
                strings.add(k);
                strings.add(v);
                size += 8 + k.length + v.length;
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(FRAME_HEADER_SIZE + size);
        buf.position(FRAME_HEADER_SIZE);
        buf.put(KIND_EVENTS).putLong(firstPosition).putLong(firstVersion)
                .putLong(recordedAt.getEpochSecond()).putInt(recordedAt.getNano());
        putBytes(buf, streamBytes);
        buf.putInt(events.size());
        int s = 0;
        for (EventData e : events) {
            buf.putLong(e.eventId().getMostSignificantBits()).putLong(e.eventId().getLeastSignificantBits());
            putBytes(buf, strings.get(s++));
            buf.putInt(e.revision());
            putBytes(buf, strings.get(s++));
            putBytes(buf, strings.get(s++));
            buf.putInt(e.metadata().headers().size());
            for (int i = 0; i < e.metadata().headers().size(); i++) {
                putBytes(buf, strings.get(s++));
                putBytes(buf, strings.get(s++));
            }
            putBytes(buf, e.data());
        }
        return seal(buf);
    }

    /** A complete frame for a soft delete or a tombstone. */
    public static ByteBuffer encodeDelete(StreamName stream, boolean tombstone, long nextVersion) {
        byte[] streamBytes = utf8(stream.value());
        ByteBuffer buf = ByteBuffer.allocate(FRAME_HEADER_SIZE + 1 + 4 + streamBytes.length + 8);
        buf.position(FRAME_HEADER_SIZE);
        buf.put(tombstone ? KIND_TOMBSTONE : KIND_SOFT_DELETE);
        putBytes(buf, streamBytes);
        buf.putLong(nextVersion);
        return seal(buf);
    }

    private static ByteBuffer seal(ByteBuffer buf) {
        if (buf.hasRemaining()) {
            throw new IllegalStateException("frame size miscomputed: " + buf.remaining() + " bytes left");
        }
        int payloadLength = buf.capacity() - FRAME_HEADER_SIZE;
        buf.putInt(0, payloadLength);
        buf.putInt(4, crc(buf, FRAME_HEADER_SIZE, payloadLength));
        buf.position(0);
        return buf;
    }

    /** CRC32C of {@code length} bytes of {@code buf} from {@code offset} (position untouched). */
    public static int crc(ByteBuffer buf, int offset, int length) {
        CRC32C crc = new CRC32C();
        ByteBuffer slice = buf.duplicate();
        slice.limit(offset + length).position(offset);
        crc.update(slice);
        return (int) crc.getValue();
    }

    /** CRC32C of a byte range. */
    public static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Decodes a payload whose checksum was verified. */
    public static Frame decode(ByteBuffer payload) throws MalformedFrameException {
        try {
            byte kind = payload.get();
            switch (kind) {
                case KIND_EVENTS:
                    return decodeEvents(payload);
                case KIND_SOFT_DELETE:
                case KIND_TOMBSTONE:
                    StreamName stream = stream(payload);
                    long next = payload.getLong();
                    requireEnd(payload);
                    return new DeleteFrame(stream, kind == KIND_TOMBSTONE, next);
                default:
                    throw new MalformedFrameException("unknown frame kind " + kind);
            }
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new MalformedFrameException("frame payload is malformed: " + e);
        }
    }

    private static EventsFrame decodeEvents(ByteBuffer p) throws MalformedFrameException {
        long firstPosition = p.getLong();
        long firstVersion = p.getLong();
        Instant recordedAt = Instant.ofEpochSecond(p.getLong(), p.getInt());
        StreamName stream = stream(p);
        int count = p.getInt();
        if (count < 1 || count > p.remaining()) {
            throw new MalformedFrameException("impossible event count " + count);
        }
        if (firstPosition < 1 || firstVersion < 0) {
            throw new MalformedFrameException("impossible position " + firstPosition + " or version " + firstVersion);
        }
        List<RecordedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            UUID id = new UUID(p.getLong(), p.getLong());
            String type = string(p);
            int revision = p.getInt();
            String correlation = nullableString(p);
            String causation = nullableString(p);
            int headerCount = p.getInt();
            if (headerCount < 0 || headerCount > p.remaining()) {
                throw new MalformedFrameException("impossible header count " + headerCount);
            }
            Map<String, String> headers = headerCount == 0 ? Collections.emptyMap() : new TreeMap<>();
            for (int h = 0; h < headerCount; h++) {
                headers.put(string(p), string(p));
            }
            byte[] data = bytes(p);
            events.add(new RecordedEvent(stream, firstVersion + i, firstPosition + i, id, type, revision, data,
                    new EventMetadata(correlation, causation, headers), recordedAt));
        }
        requireEnd(p);
        return new EventsFrame(stream, firstPosition, firstVersion, events);
    }

    private static void requireEnd(ByteBuffer p) throws MalformedFrameException {
        if (p.hasRemaining()) {
            throw new MalformedFrameException(p.remaining() + " unexpected bytes after the frame's content");
        }
    }

    private static StreamName stream(ByteBuffer p) throws MalformedFrameException {
        return new StreamName(string(p));
    }

    private static String nullableString(ByteBuffer p) throws MalformedFrameException {
        int len = p.getInt(p.position());
        if (len == -1) {
            p.getInt();
            return null;
        }
        return string(p);
    }

    private static String string(ByteBuffer p) throws MalformedFrameException {
        byte[] b = bytes(p);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException("invalid UTF-8 in a string");
        }
    }

    private static byte[] bytes(ByteBuffer p) throws MalformedFrameException {
        int len = p.getInt();
        if (len < 0 || len > p.remaining()) {
            throw new MalformedFrameException("impossible length " + len + " with " + p.remaining() + " bytes left");
        }
        byte[] b = new byte[len];
        p.get(b);
        return b;
    }

    private static void putBytes(ByteBuffer buf, byte[] b) {
        if (b == null) {
            buf.putInt(-1);
        } else {
            buf.putInt(b.length).put(b);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
