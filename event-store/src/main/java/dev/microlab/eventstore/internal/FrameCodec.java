package dev.microlab.eventstore.internal;

import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.io.IOException;
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
 * The on-disk format of the file store, and the only code that encodes or parses it.
 *
 * <pre>
 * segment  = header frame* [seal]
 * header   = magic:int "MLES" | format:int 2 | storeId:long | segmentIndex:long | firstLsn:long
 *            | previousEnd:long | crc32c(the 40 bytes before):int | 0:int                  (48 bytes)
 * frame    = length:int | crc32c(storeId, payload):int | payload[length]
 * payload  = kind:byte | lsn:long | durableLsn:long | body
 *   EVENTS  (1)  body = firstPosition:long | firstVersion:long | epochSecond:long | nano:int
 *                       | stream:str | count:int | event*                       one per append
 *   DELETE  (2 soft, 3 tombstone)  body = stream:str | nextVersion:long
 *   SEAL    (4)  body empty: the last frame of a sealed segment
 *   DURABLE (5)  body empty: written on close, after everything before it was forced
 * event    = idMsb:long | idLsb:long | type:str | revision:int | correlation:nstr | causation:nstr
 *            | headerCount:int | (name:str value:str)* | dataLength:int | data
 * str      = length:int | UTF-8 bytes          nstr = str, or length -1 for null
 * </pre>
 *
 * <p>All integers are big-endian. One append or deletion is one frame, so a torn write loses a
 * whole append or nothing.
 *
 * <p><b>Log sequence numbers.</b> Every append and deletion frame carries the next LSN (1, 2, 3…,
 * unbroken across segments); a segment header carries the LSN its first frame must have and the
 * byte offset where the previous segment's frames end, so a frame lost anywhere — a deletion at
 * the end of a sealed segment included — breaks the chain. {@code durableLsn} is the highest LSN
 * the writer knew to be forced to disk when it wrote the frame: recovery uses it to tell a torn
 * write (nothing later vouches for the damaged frame) from damage inside the log (a later frame
 * says the damaged one had been forced). SEAL and DURABLE frames repeat the next LSN without
 * consuming it; their {@code durableLsn} is the LSN just before.
 *
 * <p>The checksum covers the store's random id before the payload, so frames of another store
 * — or copied into an event's data from elsewhere — never pass as this store's frames.
 */
public final class FrameCodec {

    /** "MLES". */
    public static final int MAGIC = 0x4D4C4553;
    /** Format version written in each segment header. */
    public static final int FORMAT = 2;
    /** Segment header length. */
    public static final int HEADER_SIZE = 48;
    /** Frame header length (length + CRC). */
    public static final int FRAME_HEADER_SIZE = 8;
    /** Smallest payload: kind, LSN, durable LSN. */
    public static final int MIN_PAYLOAD = 17;
    /** Largest payload a frame may have: one append of at most 256 MiB plus its framing. */
    public static final int MAX_PAYLOAD = (256 << 20) + (1 << 20);
    /** Size of a SEAL or DURABLE frame. */
    public static final int MARK_FRAME_SIZE = FRAME_HEADER_SIZE + MIN_PAYLOAD;
    /**
     * Largest segment file the store can write: a full 1 GiB segment, one more frame, a seal.
     * A larger file is not a segment of this store.
     */
    public static final long MAX_SEGMENT_FILE = (1L << 30) + FRAME_HEADER_SIZE + MAX_PAYLOAD + MARK_FRAME_SIZE;

    static final byte KIND_EVENTS = 1;
    static final byte KIND_SOFT_DELETE = 2;
    static final byte KIND_TOMBSTONE = 3;
    static final byte KIND_SEAL = 4;
    static final byte KIND_DURABLE = 5;
    /** Bytes an event takes at least: id, four lengths, revision, header count. */
    private static final int MIN_EVENT_BYTES = 16 + 4 + 4 + 4 + 4 + 4 + 4;

    private FrameCodec() {
    }

    /** A segment header. */
    public record SegmentHeader(long storeId, long segmentIndex, long firstLsn, long previousEnd) {
    }

    /** A decoded frame. */
    public sealed interface Frame {
        /** This frame's LSN (for SEAL and DURABLE: the next LSN, not consumed). */
        long lsn();

        /** The highest LSN forced to disk when this frame was written. */
        long durableLsn();

        /** Whether the frame takes an LSN of its own (appends and deletions do). */
        default boolean consumesLsn() {
            return this instanceof EventsFrame || this instanceof DeleteFrame;
        }
    }

    /** An append. */
    public record EventsFrame(long lsn, long durableLsn, StreamName stream, long firstPosition, long firstVersion,
            List<RecordedEvent> events) implements Frame {
    }

    /** A soft delete or a tombstone. */
    public record DeleteFrame(long lsn, long durableLsn, StreamName stream, boolean tombstone, long nextVersion)
            implements Frame {
    }

    /** The end of a sealed segment. */
    public record SealFrame(long lsn, long durableLsn) implements Frame {
    }

    /** Everything before this frame had been forced when it was written (a clean close). */
    public record DurableFrame(long lsn, long durableLsn) implements Frame {
    }

    /** Why the bytes at an offset are not a frame of this store. */
    public static final class BadFrameException extends Exception {
        private static final long serialVersionUID = 1L;

        /** What was wrong. */
        public enum Kind {
            /** The file ends inside the frame (header or payload). */
            INCOMPLETE,
            /** The length field is outside [{@link #MIN_PAYLOAD}, {@link #MAX_PAYLOAD}]. */
            BAD_LENGTH,
            /** The checksum does not match. */
            BAD_CHECKSUM,
            /** The checksum matches but the content is impossible: never a torn write. */
            MALFORMED
        }

        private final Kind kind;
        private final int declaredLength;

        BadFrameException(Kind kind, int declaredLength, String message) {
            super(message);
            this.kind = kind;
            this.declaredLength = declaredLength;
        }

        /** What was wrong. */
        public Kind kind() {
            return kind;
        }

        /** The frame's length field, if it could be read (else -1). */
        public int declaredLength() {
            return declaredLength;
        }
    }

    // ------------------------------------------------------------------ headers

    /** The header of a segment. */
    public static ByteBuffer encodeHeader(SegmentHeader h) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_SIZE).putInt(MAGIC).putInt(FORMAT).putLong(h.storeId())
                .putLong(h.segmentIndex()).putLong(h.firstLsn()).putLong(h.previousEnd());
        buf.putInt(crc(buf.array(), 0, 40)).putInt(0);
        return buf.flip();
    }

    /**
     * Parses a segment header.
     *
     * @param buf at least {@link #HEADER_SIZE} bytes from its position (position untouched)
     * @throws BadFrameException (MALFORMED) describing what is wrong
     */
    public static SegmentHeader parseHeader(ByteBuffer buf) throws BadFrameException {
        int p = buf.position();
        if (buf.remaining() < HEADER_SIZE) {
            throw new BadFrameException(BadFrameException.Kind.INCOMPLETE, -1,
                    "the segment header is incomplete (" + buf.remaining() + " of " + HEADER_SIZE + " bytes)");
        }
        if (buf.getInt(p) != MAGIC) {
            throw malformed("the segment header does not start with the magic MLES");
        }
        int format = buf.getInt(p + 4);
        if (format != FORMAT) {
            throw malformed("the segment is in format " + format + ", but this version reads format " + FORMAT
                    + (format == 1 ? " (format 1 was written by an earlier microlab snapshot: read its events"
                            + " with that snapshot and append them to a new store)" : ""));
        }
        if (crc(buf, p, 40) != buf.getInt(p + 40)) {
            throw new BadFrameException(BadFrameException.Kind.BAD_CHECKSUM, -1, "the segment header's CRC32C"
                    + " does not match");
        }
        return new SegmentHeader(buf.getLong(p + 8), buf.getLong(p + 16), buf.getLong(p + 24), buf.getLong(p + 32));
    }

    // ------------------------------------------------------------------ encoding

    /**
     * A complete frame (length, CRC, payload) for an append.
     *
     * @throws IllegalArgumentException if the frame would exceed {@link #MAX_PAYLOAD}
     */
    public static ByteBuffer encodeEvents(long storeId, long lsn, long durableLsn, StreamName stream,
            long firstPosition, long firstVersion, Instant recordedAt, List<EventData> events) {
        List<byte[]> strings = new ArrayList<>();
        byte[] streamBytes = utf8(stream.value());
        long size = MIN_PAYLOAD + 8 + 8 + 8 + 4 + 4 + streamBytes.length + 4;
        for (EventData e : events) {
            EventMetadata md = e.metadata();
            size += MIN_EVENT_BYTES + e.dataLength();
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
        if (size > MAX_PAYLOAD) {
            throw new IllegalArgumentException("the append to stream '" + stream + "' encodes to " + size
                    + " bytes, but one append may be at most " + MAX_PAYLOAD + " bytes; split it");
        }
        ByteBuffer buf = start((int) size, KIND_EVENTS, lsn, durableLsn);
        buf.putLong(firstPosition).putLong(firstVersion)
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
        return seal(buf, storeId);
    }

    /** A complete frame for a soft delete or a tombstone. */
    public static ByteBuffer encodeDelete(long storeId, long lsn, long durableLsn, StreamName stream,
            boolean tombstone, long nextVersion) {
        byte[] streamBytes = utf8(stream.value());
        ByteBuffer buf = start(MIN_PAYLOAD + 4 + streamBytes.length + 8,
                tombstone ? KIND_TOMBSTONE : KIND_SOFT_DELETE, lsn, durableLsn);
        putBytes(buf, streamBytes);
        buf.putLong(nextVersion);
        return seal(buf, storeId);
    }

    /** The SEAL frame ending a segment whose last frame has LSN {@code nextLsn - 1}. */
    public static ByteBuffer encodeSeal(long storeId, long nextLsn) {
        return seal(start(MIN_PAYLOAD, KIND_SEAL, nextLsn, nextLsn - 1), storeId);
    }

    /** The DURABLE frame saying that everything up to LSN {@code nextLsn - 1} was forced. */
    public static ByteBuffer encodeDurable(long storeId, long nextLsn) {
        return seal(start(MIN_PAYLOAD, KIND_DURABLE, nextLsn, nextLsn - 1), storeId);
    }

    private static ByteBuffer start(int payloadLength, byte kind, long lsn, long durableLsn) {
        ByteBuffer buf = ByteBuffer.allocate(FRAME_HEADER_SIZE + payloadLength);
        buf.position(FRAME_HEADER_SIZE);
        return buf.put(kind).putLong(lsn).putLong(durableLsn);
    }

    private static ByteBuffer seal(ByteBuffer buf, long storeId) {
        if (buf.hasRemaining()) {
            throw new IllegalStateException("frame size miscomputed: " + buf.remaining() + " bytes left");
        }
        int payloadLength = buf.capacity() - FRAME_HEADER_SIZE;
        buf.putInt(0, payloadLength);
        buf.putInt(4, frameCrc(storeId, buf, FRAME_HEADER_SIZE, payloadLength));
        buf.position(0);
        return buf;
    }

    // ------------------------------------------------------------------ checksums

    /** The frame checksum: CRC32C of the store id (8 bytes, big-endian), then the payload. */
    public static int frameCrc(long storeId, ByteBuffer buf, int offset, int length) {
        CRC32C crc = new CRC32C();
        byte[] id = new byte[8];
        for (int i = 0; i < 8; i++) {
            id[i] = (byte) (storeId >>> (56 - 8 * i));
        }
        crc.update(id);
        ByteBuffer slice = buf.duplicate();
        slice.limit(offset + length).position(offset);
        crc.update(slice);
        return (int) crc.getValue();
    }

    private static int crc(ByteBuffer buf, int offset, int length) {
        CRC32C crc = new CRC32C();
        ByteBuffer slice = buf.duplicate();
        slice.limit(offset + length).position(offset);
        crc.update(slice);
        return (int) crc.getValue();
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads the frame at {@code offset}: checks its length against the format's limit and the
     * file's end before reading the payload, then the checksum, then decodes it.
     *
     * @param end the end of the readable bytes (the file's size)
     * @return the frame; its size on disk is {@code FRAME_HEADER_SIZE + payload length}
     * @throws BadFrameException saying why these bytes are not a frame of this store
     * @throws IOException if the file cannot be read
     */
    public static ReadFrame read(SegmentReader reader, long offset, long end, long storeId)
            throws BadFrameException, IOException {
        return read(reader, offset, end, storeId, null);
    }

    /**
     * Same as {@link #read(SegmentReader, long, long, long)}; stream names already in
     * {@code names} are reused instead of built and validated again (recovery reads every frame
     * of a stream), and new ones are added to it.
     */
    public static ReadFrame read(SegmentReader reader, long offset, long end, long storeId,
            Map<String, StreamName> names) throws BadFrameException, IOException {
        if (end - offset < FRAME_HEADER_SIZE) {
            throw new BadFrameException(BadFrameException.Kind.INCOMPLETE, -1,
                    "incomplete frame header (" + (end - offset) + " bytes before the end of the file)");
        }
        ByteBuffer head = reader.window(offset, FRAME_HEADER_SIZE);
        int length = head.getInt(head.position());
        int expectedCrc = head.getInt(head.position() + 4);
        if (length < MIN_PAYLOAD || length > MAX_PAYLOAD) {
            throw new BadFrameException(BadFrameException.Kind.BAD_LENGTH, length, "frame length " + length
                    + " is outside [" + MIN_PAYLOAD + ", " + MAX_PAYLOAD + "]");
        }
        if (length > end - offset - FRAME_HEADER_SIZE) {
            throw new BadFrameException(BadFrameException.Kind.INCOMPLETE, length, "frame length " + length
                    + " does not fit in the " + (end - offset - FRAME_HEADER_SIZE) + " bytes left");
        }
        ByteBuffer payload = reader.window(offset + FRAME_HEADER_SIZE, length);
        if (frameCrc(storeId, payload, payload.position(), length) != expectedCrc) {
            throw new BadFrameException(BadFrameException.Kind.BAD_CHECKSUM, length, "CRC32C mismatch");
        }
        return new ReadFrame(decode(payload.slice(payload.position(), length), names), FRAME_HEADER_SIZE + length);
    }

    /** A frame and its size on disk. */
    public record ReadFrame(Frame frame, int size) {
    }

    /**
     * Whether the bytes at {@code at} of {@code buf} could start a frame with an LSN in
     * ({@code afterLsn}, {@code maxLsn}] whose durable LSN is at least {@code afterLsn}, ending
     * by {@code end} (file offset of {@code at} is {@code fileOffset}). A cheap filter: the
     * checksum is checked by {@link #read} afterwards.
     */
    static boolean mayVouch(ByteBuffer buf, int at, long fileOffset, long end, long afterLsn, long maxLsn) {
        int length = buf.getInt(at);
        if (length < MIN_PAYLOAD || length > MAX_PAYLOAD || length > end - fileOffset - FRAME_HEADER_SIZE) {
            return false;
        }
        byte kind = buf.get(at + FRAME_HEADER_SIZE);
        if (kind < KIND_EVENTS || kind > KIND_DURABLE) {
            return false;
        }
        long lsn = buf.getLong(at + FRAME_HEADER_SIZE + 1);
        long durable = buf.getLong(at + FRAME_HEADER_SIZE + 9);
        return lsn > afterLsn && lsn <= maxLsn && durable >= afterLsn && durable < lsn;
    }

    /**
     * Decodes a payload whose checksum was verified; every impossible field is reported, never
     * thrown as another exception.
     */
    public static Frame decode(ByteBuffer payload) throws BadFrameException {
        return decode(payload, null);
    }

    private static Frame decode(ByteBuffer payload, Map<String, StreamName> names) throws BadFrameException {
        try {
            byte kind = payload.get();
            long lsn = payload.getLong();
            long durable = payload.getLong();
            if (lsn < 1 || durable < 0 || durable >= lsn) {
                throw malformed("impossible LSN " + lsn + " with durable LSN " + durable);
            }
            switch (kind) {
                case KIND_EVENTS:
                    return decodeEvents(payload, lsn, durable, names);
                case KIND_SOFT_DELETE:
                case KIND_TOMBSTONE: {
                    StreamName stream = stream(payload, names);
                    long next = payload.getLong();
                    requireEnd(payload);
                    if (next < 0) {
                        throw malformed("impossible next version " + next);
                    }
                    return new DeleteFrame(lsn, durable, stream, kind == KIND_TOMBSTONE, next);
                }
                case KIND_SEAL:
                case KIND_DURABLE:
                    requireEnd(payload);
                    if (durable != lsn - 1) {
                        throw malformed("a " + (kind == KIND_SEAL ? "seal" : "durable mark") + " at LSN " + lsn
                                + " must record durable LSN " + (lsn - 1) + ", not " + durable);
                    }
                    return kind == KIND_SEAL ? new SealFrame(lsn, durable) : new DurableFrame(lsn, durable);
                default:
                    throw malformed("unknown frame kind " + kind);
            }
        } catch (BadFrameException e) {
            throw e;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw malformed("the payload ends inside a field");
        } catch (RuntimeException e) {
            // a value the model refuses (stream name, metadata...): still a corruption report
            throw malformed("a field is invalid: " + e.getMessage());
        }
    }

    private static EventsFrame decodeEvents(ByteBuffer p, long lsn, long durable, Map<String, StreamName> names)
            throws BadFrameException {
        long firstPosition = p.getLong();
        long firstVersion = p.getLong();
        long epochSecond = p.getLong();
        int nano = p.getInt();
        if (epochSecond < Instant.MIN.getEpochSecond() || epochSecond > Instant.MAX.getEpochSecond()
                || nano < 0 || nano > 999_999_999) {
            throw malformed("impossible recorded time " + epochSecond + "s " + nano + "ns");
        }
        Instant recordedAt = Instant.ofEpochSecond(epochSecond, nano);
        StreamName stream = stream(p, names);
        int count = p.getInt();
        if (count < 1 || count > p.remaining() / MIN_EVENT_BYTES) {
            throw malformed("impossible event count " + count + " with " + p.remaining() + " bytes left");
        }
        if (firstPosition < 1 || firstPosition > Long.MAX_VALUE - count
                || firstVersion < 0 || firstVersion > Long.MAX_VALUE - count) {
            throw malformed("impossible first position " + firstPosition + " or first version " + firstVersion
                    + " for " + count + " events");
        }
        List<RecordedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            UUID id = new UUID(p.getLong(), p.getLong());
            String type = string(p);
            int revision = p.getInt();
            String correlation = nullableString(p);
            String causation = nullableString(p);
            int headerCount = p.getInt();
            if (headerCount < 0 || headerCount > p.remaining() / 8) {
                throw malformed("impossible header count " + headerCount);
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
        return new EventsFrame(lsn, durable, stream, firstPosition, firstVersion, events);
    }

    private static BadFrameException malformed(String message) {
        return new BadFrameException(BadFrameException.Kind.MALFORMED, -1, message);
    }

    private static void requireEnd(ByteBuffer p) throws BadFrameException {
        if (p.hasRemaining()) {
            throw malformed(p.remaining() + " unexpected bytes after the frame's content");
        }
    }

    private static StreamName stream(ByteBuffer p, Map<String, StreamName> names) throws BadFrameException {
        String value = string(p);
        if (names == null) {
            return new StreamName(value);
        }
        StreamName name = names.get(value);
        if (name == null) {
            name = new StreamName(value);
            names.put(value, name);
        }
        return name;
    }

    private static String nullableString(ByteBuffer p) throws BadFrameException {
        int len = p.getInt(p.position());
        if (len == -1) {
            p.getInt();
            return null;
        }
        return string(p);
    }

    private static String string(ByteBuffer p) throws BadFrameException {
        byte[] b = bytes(p);
        boolean ascii = true;
        for (int i = 0; i < b.length && ascii; i++) {
            ascii = b[i] >= 0;
        }
        if (ascii) {
            return new String(b, StandardCharsets.US_ASCII); // the common case, without a decoder
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("invalid UTF-8 in a string");
        }
    }

    private static byte[] bytes(ByteBuffer p) throws BadFrameException {
        int len = p.getInt();
        if (len < 0 || len > p.remaining()) {
            throw malformed("impossible length " + len + " with " + p.remaining() + " bytes left");
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
