package dev.microlab.eventstore.internal;

import dev.microlab.eventstore.EventStoreCorruptedException;
import dev.microlab.eventstore.internal.FrameCodec.BadFrameException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import dev.microlab.eventstore.StreamName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Opens the segments of a store directory and checks every frame, streaming each segment
 * through one bounded buffer; hands the appends and deletions to a {@link FrameSink} in log
 * order, and decides what a damaged frame is.
 *
 * <p>The rules (the format is described in {@link FrameCodec}):
 * <ul>
 *   <li>Segments are {@code segment-000000000.log} upwards without a gap; other files are
 *       reported and left alone.</li>
 *   <li>Every header matches its store, index, first LSN and the previous segment's end. A
 *       sealed segment ends with a SEAL frame; a SEAL in the last segment means that the next
 *       segment is missing. A segment that lacks its seal is repaired only if the next is the
 *       last and holds no frame (a crash between creating it and sealing the previous).</li>
 *   <li>LSNs run unbroken; a checksum-valid frame that cannot be decoded or breaks a sequence is
 *       corruption wherever it is.</li>
 *   <li>A frame of the last segment that is incomplete or fails its checksum is a torn write —
 *       and it and everything after it are cut off — unless a later checksum-valid frame in
 *       that segment records (durable LSN) that the damaged frame had been forced to disk
 *       before it was written: then it is damage inside the log. Finding that out costs one
 *       pass over the tail, with a checksum only for frame-like candidates.</li>
 * </ul>
 *
 * <p>Not threadsafe; used once, by the store's open.
 */
public final class LogRecovery {

    /** Read-ahead of the streaming reader. */
    static final int CHUNK = 1 << 20;

    /** Receives the appends and deletions, in log order. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * Applies one frame to the index.
         *
         * @throws EventStoreCorruptedException if the frame does not continue the log
         */
        void accept(SegmentFile segment, long offset, FrameCodec.Frame frame);
    }

    /** What recovery found and did. */
    public record Result(List<SegmentFile> segments, long storeId, long lastLsn, long vouchedLsn,
            long writeOffset, long truncatedBytes, List<Path> ignoredFiles) {

        /** The active (last) segment. */
        public SegmentFile active() {
            return segments.get(segments.size() - 1);
        }
    }

    private final Path directory;
    private final FrameSink sink;
    private final List<SegmentFile> opened = new ArrayList<>();
    private long storeId;
    private long expectedLsn = 1;
    private long vouchedLsn;
    /** Stream names met so far: built and validated once per stream, not once per frame. */
    private final Map<String, StreamName> streamNames = new HashMap<>();

    private LogRecovery(Path directory, FrameSink sink) {
        this.directory = directory;
        this.sink = sink;
    }

    /**
     * Recovers the store in {@code directory} (which the caller has locked).
     *
     * @throws EventStoreCorruptedException on damage that is not a torn write; nothing is
     *         changed on disk then
     */
    public static Result recover(Path directory, String lockFileName, FrameSink sink) throws IOException {
        LogRecovery recovery = new LogRecovery(directory, sink);
        try {
            return recovery.run(lockFileName);
        } catch (IOException | RuntimeException | Error e) {
            for (SegmentFile s : recovery.opened) {
                try {
                    s.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private Result run(String lockFileName) throws IOException {
        List<Integer> indexes = new ArrayList<>();
        List<Path> ignored = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.sorted().forEach(p -> {
                String name = p.getFileName().toString();
                int index = SegmentFile.indexOf(name);
                if (index >= 0) {
                    indexes.add(index);
                } else if (!name.equals(lockFileName)) {
                    ignored.add(p);
                }
            });
        }
        indexes.sort(null);
        if (indexes.isEmpty()) {
            storeId = new SecureRandom().nextLong();
            opened.add(SegmentFile.create(directory, 0, new FrameCodec.SegmentHeader(storeId, 0, 1, 0)));
            return new Result(List.copyOf(opened), storeId, 0, 0, FrameCodec.HEADER_SIZE, 0, List.copyOf(ignored));
        }
        for (int i = 0; i < indexes.size(); i++) {
            if (indexes.get(i) != i) {
                throw new EventStoreCorruptedException(directory.resolve(SegmentFile.fileName(i)), 0,
                        "segment file is missing (found " + SegmentFile.fileName(indexes.get(i))
                                + (i == 0 ? " but no segment 0" : " after " + SegmentFile.fileName(i - 1)) + ")");
            }
        }
        int last = indexes.size() - 1;
        long previousEnd = 0;
        boolean previousSealed = true;
        String previousDamage = null;
        long truncated = 0;
        long writeOffset = 0;
        for (int i = 0; i <= last; i++) {
            SegmentFile segment = SegmentFile.open(directory, i, i == last);
            opened.add(segment);
            Scan scan = scan(segment, i == last, previousEnd, previousSealed, previousDamage);
            if (!previousSealed) {
                SegmentFile previous = opened.get(i - 1);
                if (i == last && scan.framesEnd == FrameCodec.HEADER_SIZE) {
                    sealAfterCrash(previous, previousEnd);
                } else if (previousDamage != null) {
                    throw new EventStoreCorruptedException(previous.path(), previousEnd, previousDamage
                            + " in a sealed segment");
                } else {
                    throw new EventStoreCorruptedException(previous.path(), previousEnd, "the segment does not end"
                            + " with its seal, but " + segment.path().getFileName() + " after it holds frames:"
                            + " the end of the sealed segment was cut off");
                }
            }
            previousEnd = scan.framesEnd;
            previousSealed = scan.sealed;
            previousDamage = scan.damage;
            truncated = scan.truncated;
            writeOffset = scan.framesEnd;
        }
        return new Result(List.copyOf(opened), storeId, expectedLsn - 1, vouchedLsn, writeOffset, truncated,
                List.copyOf(ignored));
    }

    /**
     * @param damage why a segment that is not the last ended before its seal, or null; decided
     *               once the next segment is known (a seal torn by a crash while rolling)
     */
    private record Scan(long framesEnd, boolean sealed, long truncated, String damage) {
        Scan(long framesEnd, boolean sealed, long truncated) {
            this(framesEnd, sealed, truncated, null);
        }
    }

    private Scan scan(SegmentFile segment, boolean last, long previousEnd, boolean previousSealed,
            String previousDamage) throws IOException {
        Path path = segment.path();
        long size = segment.size();
        if (size > FrameCodec.MAX_SEGMENT_FILE) {
            throw new EventStoreCorruptedException(path, FrameCodec.MAX_SEGMENT_FILE, "the file is " + size
                    + " bytes, larger than any segment this store writes (at most " + FrameCodec.MAX_SEGMENT_FILE
                    + " bytes): it was extended or is not a segment");
        }
        SegmentReader reader = segment.reader(CHUNK);
        FrameCodec.SegmentHeader expected = new FrameCodec.SegmentHeader(storeId, segment.index(), expectedLsn,
                previousEnd);
        FrameCodec.SegmentHeader header;
        try {
            header = FrameCodec.parseHeader(reader.window(0, (int) Math.min(size, FrameCodec.HEADER_SIZE)));
        } catch (BadFrameException e) {
            if (last && size <= FrameCodec.HEADER_SIZE && !previousSealed
                    || last && size <= FrameCodec.HEADER_SIZE && segment.index() == 0) {
                // a crash while creating the segment: nothing in it was ever acknowledged
                if (segment.index() == 0) {
                    storeId = new SecureRandom().nextLong();
                    expected = new FrameCodec.SegmentHeader(storeId, 0, 1, 0);
                }
                segment.rewriteHeader(expected);
                return new Scan(FrameCodec.HEADER_SIZE, false, size);
            }
            throw new EventStoreCorruptedException(path, 0, e.getMessage());
        }
        if (segment.index() == 0) {
            storeId = header.storeId();
            expected = new FrameCodec.SegmentHeader(storeId, 0, 1, 0);
        }
        if (previousDamage != null && header.previousEnd() != previousEnd) {
            throw new EventStoreCorruptedException(directory.resolve(SegmentFile.fileName(segment.index() - 1)),
                    previousEnd, previousDamage + " in a sealed segment");
        }
        checkHeader(segment, header, expected);

        long offset = FrameCodec.HEADER_SIZE;
        while (offset < size) {
            FrameCodec.ReadFrame read;
            try {
                read = FrameCodec.read(reader, offset, size, storeId, streamNames);
            } catch (BadFrameException e) {
                if (e.kind() == BadFrameException.Kind.MALFORMED) {
                    throw new EventStoreCorruptedException(path, offset, "frame has a valid checksum but "
                            + e.getMessage());
                }
                if (!last) {
                    // only a seal torn by a crash while rolling is allowed here: decided with the next segment
                    return new Scan(offset, false, 0, e.getMessage());
                }
                long voucher = findVoucher(segment, offset, size);
                if (voucher >= 0) {
                    throw new EventStoreCorruptedException(path, offset, e.getMessage() + ", but the frame at offset "
                            + voucher + " was written after this one had been forced to disk: this is damage"
                            + " inside the log, not a torn write");
                }
                segment.truncate(offset);
                return new Scan(offset, false, size - offset);
            }
            FrameCodec.Frame frame = read.frame();
            if (frame.lsn() != expectedLsn) {
                throw new EventStoreCorruptedException(path, offset, "frame has LSN " + frame.lsn() + " but LSN "
                        + expectedLsn + " comes next: frames are missing or repeated");
            }
            if (frame instanceof FrameCodec.SealFrame) {
                if (offset + read.size() != size) {
                    throw new EventStoreCorruptedException(path, offset + read.size(), (size - offset - read.size())
                            + " bytes after the segment's seal");
                }
                if (last) {
                    throw new EventStoreCorruptedException(
                            directory.resolve(SegmentFile.fileName(segment.index() + 1)), 0, "segment file is missing:"
                            + " " + path.getFileName() + " was sealed at LSN " + (expectedLsn - 1)
                            + ", so a next segment was created before");
                }
                vouchedLsn = Math.max(vouchedLsn, frame.durableLsn());
                return new Scan(offset, true, 0);
            }
            if (frame.consumesLsn()) {
                sink.accept(segment, offset, frame);
                expectedLsn++;
            }
            vouchedLsn = Math.max(vouchedLsn, frame.durableLsn());
            offset += read.size();
        }
        return new Scan(offset, false, 0);
    }

    private void checkHeader(SegmentFile segment, FrameCodec.SegmentHeader header, FrameCodec.SegmentHeader expected) {
        Path path = segment.path();
        if (header.storeId() != expected.storeId()) {
            throw new EventStoreCorruptedException(path, 0, "the segment belongs to another store (store id "
                    + Long.toHexString(header.storeId()) + ", this store is " + Long.toHexString(storeId) + ")");
        }
        if (header.segmentIndex() != expected.segmentIndex()) {
            throw new EventStoreCorruptedException(path, 0, "the header says segment " + header.segmentIndex()
                    + ", the file name says " + expected.segmentIndex());
        }
        if (header.previousEnd() != expected.previousEnd()) {
            Path previous = directory.resolve(SegmentFile.fileName(segment.index() - 1));
            throw new EventStoreCorruptedException(previous, Math.min(header.previousEnd(), expected.previousEnd()),
                    "its frames end at offset " + expected.previousEnd() + ", but " + path.getFileName()
                            + " recorded, when it was created, that they end at " + header.previousEnd()
                            + ": the sealed segment was cut or extended");
        }
        if (header.firstLsn() != expected.firstLsn()) {
            if (segment.index() > 0) {
                Path previous = directory.resolve(SegmentFile.fileName(segment.index() - 1));
                throw new EventStoreCorruptedException(previous, expected.previousEnd(), "its frames end at LSN "
                        + (expected.firstLsn() - 1) + ", but " + path.getFileName() + " recorded, when it was"
                        + " created, that the log continues at LSN " + header.firstLsn() + ": frames were lost");
            }
            throw new EventStoreCorruptedException(path, 0, "the first segment starts at LSN " + header.firstLsn()
                    + ", not 1");
        }
    }

    /** Writes the seal a crash kept from being written (the next segment exists and is empty). */
    private void sealAfterCrash(SegmentFile previous, long end) throws IOException {
        try (FileChannel channel = FileChannel.open(previous.path(), StandardOpenOption.WRITE)) {
            ByteBuffer seal = FrameCodec.encodeSeal(storeId, expectedLsn);
            channel.truncate(end);
            long pos = end;
            while (seal.hasRemaining()) {
                pos += channel.write(seal, pos);
            }
            channel.force(true);
        }
    }

    /**
     * The offset of a checksum-valid frame after the damaged one at {@code damaged} that records
     * the damaged frame's LSN as durable, or -1. One pass over the tail.
     */
    private long findVoucher(SegmentFile segment, long damaged, long size) throws IOException {
        long damagedLsn = expectedLsn;
        long maxLsn = damagedLsn + (size - damaged) / FrameCodec.MARK_FRAME_SIZE + 1;
        int probe = FrameCodec.FRAME_HEADER_SIZE + FrameCodec.MIN_PAYLOAD;
        SegmentReader scan = segment.reader(CHUNK);
        SegmentReader candidates = segment.reader(0);
        long start = damaged + 1;
        while (start + probe <= size) {
            int length = (int) Math.min(CHUNK, size - start);
            ByteBuffer window = scan.window(start, length);
            int base = window.position();
            int candidatesInWindow = length - probe + 1;
            for (int j = 0; j < candidatesInWindow; j++) {
                long at = start + j;
                if (FrameCodec.mayVouch(window, base + j, at, size, damagedLsn, maxLsn)) {
                    try {
                        FrameCodec.Frame frame = FrameCodec.read(candidates, at, size, storeId).frame();
                        if (frame.durableLsn() >= damagedLsn) {
                            return at;
                        }
                    } catch (BadFrameException notAFrame) {
                        // payload bytes that only looked like a frame
                    }
                }
            }
            start += candidatesInWindow;
        }
        return -1;
    }
}
