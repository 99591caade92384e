package dev.microlab.eventstore;

import dev.microlab.core.event.EventListener;
import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.internal.AppendSignal;
import dev.microlab.eventstore.internal.AppendSupport;
import dev.microlab.eventstore.internal.FileSupport;
import dev.microlab.eventstore.internal.FrameCodec;
import dev.microlab.eventstore.internal.LongList;
import dev.microlab.eventstore.internal.StreamTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, embedded {@link EventStore}: an append-only log of segment files in one
 * directory, with no database and no server.
 *
 * <pre>{@code
 * try (FileEventStore store = FileEventStore.builder(Path.of("data/events"))
 *         .fsyncPolicy(FsyncPolicy.always())
 *         .open()) {
 *     store.append(StreamName.of("order-42"), ExpectedVersion.NO_STREAM, EventData.of("order-placed", json));
 * }
 * }</pre>
 *
 * <p><b>Format.</b> Each append (all its events) or deletion is written as <i>one frame</i>
 * — length, CRC32C, payload — at the end of the active segment file
 * ({@code segment-N.log}). When a segment would grow past {@code segmentSize} it is forced
 * and sealed, and a new one is created, forced, and made durable by forcing the directory.
 * The index (stream → positions, position → file offset) lives in memory and is rebuilt
 * from the segments on open: it is a cache, the segments are the truth.
 *
 * <p><b>Durability.</b> See {@link FsyncPolicy}: with {@code always()} an append returns
 * only after its frame is on disk. Closing the store forces everything.
 *
 * <p><b>Recovery.</b> On open every frame is checked. A damaged frame at the end of the
 * active (last) segment — a torn write from a crash — is cut off, together with anything
 * after it, provided no valid frame follows; the store then holds exactly the appends that
 * completed. Damage anywhere else (a sealed segment, the middle of the active segment, a
 * missing segment) makes {@link Builder#open()} throw {@link EventStoreCorruptedException}:
 * events are never dropped silently. {@link #recovery()} tells what was done.
 *
 * <p><b>Exclusive.</b> The directory is locked ({@link FileChannel#tryLock()} on
 * {@code store.lock}) while the store is open; a second opener, in this JVM or another
 * process, gets a {@link StoreLockedException}.
 *
 * <p><b>Failure.</b> If a write or force fails, the store stops accepting writes (the frame
 * on disk may be partial); reopen it, and recovery removes the partial frame.
 *
 * <p>This class is threadsafe. Appends are serialized; reads run concurrently with each
 * other and with appends (they take a read lock only to look positions up).
 */
public final class FileEventStore implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileEventStore.class);
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{1,9})\\.log");
    private static final String LOCK_FILE = "store.lock";
    /** Largest total size of one append. */
    static final long MAX_BATCH_BYTES = 256L << 20;

    /** What {@link Builder#open()} found and did. */
    public record Recovery(int segments, long events, long truncatedBytes, Path truncatedSegment) {
    }

    private record Segment(int index, Path path, FileChannel channel) {
    }

    private final Path directory;
    private final FsyncPolicy policy;
    private final long segmentSize;
    private final int maxEventSize;
    private final TimeSource timeSource;
    private final EventPublisher<EventStoreEvent> events;
    private final AppendSignal signal = new AppendSignal();
    private final AtomicLong syncCount = new AtomicLong();

    private final ReentrantLock writeMutex = new ReentrantLock();
    private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
    private final StreamTable table = new StreamTable();
    private final LongList locations = new LongList(1024); // index: position - 1
    private final ConcurrentHashMap<Integer, Segment> segments = new ConcurrentHashMap<>();

    private volatile long lastPosition = START;
    private volatile boolean closed;
    private volatile Throwable writeFailure;
    private Segment active;
    private long writeOffset;
    private int unforcedAppends;
    private long firstUnforcedNanos;
    private FileChannel lockChannel;
    private FileLock lock;
    private Recovery recovery;
    private Scheduler.Cancellable flushTask;
    private ScheduledExecutorService ownedExecutor;

    private FileEventStore(Builder b) {
        this.directory = b.directory;
        this.policy = b.policy;
        this.segmentSize = b.segmentSize;
        this.maxEventSize = b.maxEventSize;
        this.timeSource = b.timeSource;
        this.events = new EventPublisher<>("file event store " + b.directory);
        for (EventListener<? super EventStoreEvent> l : b.listeners) {
            events.subscribe(l);
        }
    }

    /** A builder for a store in {@code directory} (created if missing). */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    // ------------------------------------------------------------------ open and recovery

    private void open(Builder b) {
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new StoreLockedException(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open event store directory " + directory, e);
        }
        try {
            recover();
            if (policy instanceof FsyncPolicy.Group group) {
                Scheduler scheduler = b.scheduler;
                if (scheduler == null) {
                    ownedExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "file-event-store-flusher");
                        t.setDaemon(true);
                        return t;
                    });
                    scheduler = Scheduler.of(ownedExecutor);
                }
                flushTask = scheduler.scheduleWithFixedDelay(group.maxDelay(), group.maxDelay(), this::flushIfDue);
            }
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("cannot open event store in " + directory, e);
        } catch (RuntimeException | Error e) {
            closeQuietly();
            throw e;
        }
    }

    private void recover() throws IOException {
        List<Integer> indexes = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(p -> {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    indexes.add(Integer.parseInt(m.group(1)));
                }
            });
        }
        indexes.sort(null);
        if (indexes.isEmpty()) {
            active = createSegment(0);
            writeOffset = FrameCodec.HEADER_SIZE;
            recovery = new Recovery(1, 0, 0, null);
            return;
        }
        long truncated = 0;
        Path truncatedSegment = null;
        for (int i = 0; i < indexes.size(); i++) {
            int index = indexes.get(i);
            Path path = segmentPath(index);
            if (i > 0 && index != indexes.get(i - 1) + 1) {
                throw new EventStoreCorruptedException(segmentPath(indexes.get(i - 1) + 1), 0,
                        "segment file is missing (found " + indexes.get(0) + ".." + index + " with a gap)");
            }
            boolean last = i == indexes.size() - 1;
            byte[] bytes = Files.readAllBytes(path);
            long valid = scanSegment(path, index, bytes, last);
            FileChannel channel = last
                    ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
            Segment segment = new Segment(index, path, channel);
            segments.put(index, segment);
            if (last) {
                active = segment;
                long discarded = bytes.length - valid;
                if (valid < FrameCodec.HEADER_SIZE) {
                    // torn segment creation: rewrite its header
                    channel.truncate(0);
                    writeFully(channel, FrameCodec.header(index), 0);
                    channel.force(true);
                    valid = FrameCodec.HEADER_SIZE;
                } else if (valid < bytes.length) {
                    channel.truncate(valid);
                    channel.force(true);
                }
                if (discarded > 0) {
                    truncated = discarded;
                    truncatedSegment = path;
                    LOG.warn("event store {}: cut a torn tail of {} bytes off {} (kept {} bytes, {} events in total);"
                            + " the cut bytes were an append that never completed", directory, truncated, path, valid,
                            lastPosition);
                    long t = truncated;
                    long v = valid;
                    events.publish(() -> new EventStoreEvent.TornTailTruncated(path, v, t));
                }
                writeOffset = valid;
            }
        }
        recovery = new Recovery(indexes.size(), lastPosition, truncated, truncatedSegment);
        signal.advanced(lastPosition);
    }

    /** Checks and indexes one segment; returns the length of its valid prefix. */
    private long scanSegment(Path path, int index, byte[] bytes, boolean last) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (bytes.length < FrameCodec.HEADER_SIZE || buf.getInt(0) != FrameCodec.MAGIC
                || buf.getInt(4) != FrameCodec.FORMAT || buf.getLong(8) != index) {
            if (last && bytes.length <= FrameCodec.HEADER_SIZE) {
                return 0; // crashed while creating the segment: nothing in it was acknowledged
            }
            throw new EventStoreCorruptedException(path, 0, "the segment header is missing or wrong (expected magic"
                    + " MLES, format " + FrameCodec.FORMAT + ", index " + index + ")");
        }
        int off = FrameCodec.HEADER_SIZE;
        while (off < bytes.length) {
            String problem = null;
            int payloadLength = 0;
            if (bytes.length - off < FrameCodec.FRAME_HEADER_SIZE) {
                problem = "incomplete frame header (" + (bytes.length - off) + " bytes)";
            } else {
                payloadLength = buf.getInt(off);
                if (payloadLength <= 0 || payloadLength > bytes.length - off - FrameCodec.FRAME_HEADER_SIZE) {
                    problem = "frame length " + payloadLength + " does not fit in the " + (bytes.length - off)
                            + " bytes left";
                } else if (FrameCodec.crc(bytes, off + FrameCodec.FRAME_HEADER_SIZE, payloadLength)
                        != buf.getInt(off + 4)) {
                    problem = "CRC32C mismatch";
                }
            }
            if (problem != null) {
                if (!last) {
                    throw new EventStoreCorruptedException(path, off, problem + " in a sealed segment");
                }
                int next = validFrameAfter(bytes, off);
                if (next >= 0) {
                    throw new EventStoreCorruptedException(path, off, problem + ", but a valid frame follows at offset "
                            + next + ": this is damage inside the log, not a torn write at its end");
                }
                return off;
            }
            ByteBuffer payload = ByteBuffer.wrap(bytes, off + FrameCodec.FRAME_HEADER_SIZE, payloadLength).slice();
            FrameCodec.Frame frame;
            try {
                frame = FrameCodec.decode(payload);
            } catch (FrameCodec.MalformedFrameException e) {
                throw new EventStoreCorruptedException(path, off, "frame has a valid checksum but " + e.getMessage());
            }
            apply(path, index, off, frame);
            off += FrameCodec.FRAME_HEADER_SIZE + payloadLength;
        }
        return off;
    }

    /** The offset of the first checksum-valid frame after {@code from}, or -1. */
    private static int validFrameAfter(byte[] bytes, int from) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        for (int y = from + 1; y <= bytes.length - FrameCodec.FRAME_HEADER_SIZE - 1; y++) {
            int len = buf.getInt(y);
            if (len > 0 && len <= bytes.length - y - FrameCodec.FRAME_HEADER_SIZE) {
                byte kind = bytes[y + FrameCodec.FRAME_HEADER_SIZE];
                if (kind >= 1 && kind <= 3
                        && FrameCodec.crc(bytes, y + FrameCodec.FRAME_HEADER_SIZE, len) == buf.getInt(y + 4)) {
                    return y;
                }
            }
        }
        return -1;
    }

    private void apply(Path path, int segmentIndex, int offset, FrameCodec.Frame frame) {
        if (frame instanceof FrameCodec.EventsFrame ef) {
            if (ef.firstPosition() != lastPosition + 1) {
                throw new EventStoreCorruptedException(path, offset, "frame starts at position " + ef.firstPosition()
                        + " but the previous frame ended at " + lastPosition);
            }
            long location = pack(segmentIndex, offset);
            try {
                for (RecordedEvent e : ef.events()) {
                    table.recordEvent(e.stream(), e.streamVersion(), e.position(), e.eventId());
                    locations.add(location);
                }
            } catch (IllegalStateException e) {
                throw new EventStoreCorruptedException(path, offset, e.getMessage());
            }
            lastPosition = ef.firstPosition() + ef.events().size() - 1;
        } else if (frame instanceof FrameCodec.DeleteFrame df) {
            if (table.info(df.stream()).nextVersion() != df.nextVersion()) {
                throw new EventStoreCorruptedException(path, offset, "deletion of '" + df.stream() + "' at version "
                        + df.nextVersion() + " does not match the stream's next version "
                        + table.info(df.stream()).nextVersion());
            }
            if (df.tombstone()) {
                table.tombstone(df.stream());
            } else {
                table.softDelete(df.stream());
            }
        }
    }

    private Segment createSegment(int index) throws IOException {
        Path path = segmentPath(index);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        writeFully(channel, FrameCodec.header(index), 0);
        channel.force(true);
        FileSupport.fsyncDirectory(directory);
        Segment segment = new Segment(index, path, channel);
        segments.put(index, segment);
        return segment;
    }

    private Path segmentPath(int index) {
        return directory.resolve(String.format("segment-%09d.log", index));
    }

    private static long pack(int segmentIndex, long offset) {
        return ((long) segmentIndex << 40) | offset;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
    }

    // ------------------------------------------------------------------ writing

    @Override
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> batch) {
        List<EventData> toWrite = AppendSupport.checkAppend(stream, expected, batch, maxEventSize);
        long total = 0;
        for (EventData e : toWrite) {
            total += AppendSupport.sizeOf(e) + 64;
        }
        if (total > MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("the append to stream '" + stream + "' is about " + total
                    + " bytes, but one append may be at most " + MAX_BATCH_BYTES + " bytes; split it");
        }
        List<EventStoreEvent> toPublish = events.hasListeners() ? new ArrayList<>(2) : null;
        AppendResult result;
        writeMutex.lock();
        try {
            ensureWritable();
            StreamTable.Plan plan;
            try {
                plan = table.plan(stream, expected, toWrite);
            } catch (WrongExpectedVersionException e) {
                writeMutex.unlock();
                if (toPublish != null) {
                    toPublish.add(new EventStoreEvent.ConcurrencyConflict(e.stream(), e.expected(), e.actualVersion()));
                }
                publishAll(toPublish);
                throw e;
            }
            if (plan instanceof StreamTable.NoWrite noWrite) {
                if (noWrite.duplicate()) {
                    if (toPublish != null) {
                        toPublish.add(new EventStoreEvent.Deduplicated(stream, noWrite.result()));
                    }
                }
                result = noWrite.result();
            } else {
                long firstVersion = ((StreamTable.Write) plan).firstVersion();
                long firstPosition = lastPosition + 1;
                ByteBuffer frame = FrameCodec.encodeEvents(stream, firstPosition, firstVersion, timeSource.instant(),
                        toWrite);
                long location = writeFrame(frame, toPublish);
                long position = firstPosition - 1;
                indexLock.writeLock().lock();
                try {
                    for (int i = 0; i < toWrite.size(); i++) {
                        position++;
                        table.recordEvent(stream, firstVersion + i, position, toWrite.get(i).eventId());
                        locations.add(location);
                    }
                    lastPosition = position;
                } finally {
                    indexLock.writeLock().unlock();
                }
                result = new AppendResult(stream, firstVersion + toWrite.size() - 1, position);
                if (toPublish != null) {
                    toPublish.add(new EventStoreEvent.Appended(stream, firstVersion, result.nextExpectedVersion(),
                            firstPosition, position));
                }
                signal.advanced(position);
            }
        } finally {
            if (writeMutex.isHeldByCurrentThread()) {
                writeMutex.unlock();
            }
        }
        publishAll(toPublish);
        return result;
    }

    private void publishAll(List<EventStoreEvent> list) {
        if (list != null) {
            list.forEach(events::publish);
        }
    }

    /** Writes one frame (rolling the segment if needed), applies the fsync policy; returns its location. */
    private long writeFrame(ByteBuffer frame, List<EventStoreEvent> toPublish) {
        try {
            if (writeOffset + frame.remaining() > segmentSize && writeOffset > FrameCodec.HEADER_SIZE) {
                active.channel().force(false);
                syncCount.incrementAndGet();
                unforcedAppends = 0;
                Segment next = createSegment(active.index() + 1);
                active = next;
                writeOffset = FrameCodec.HEADER_SIZE;
                if (toPublish != null) {
                    toPublish.add(new EventStoreEvent.SegmentCreated(next.path()));
                }
            }
            long offset = writeOffset;
            writeFully(active.channel(), frame, offset);
            writeOffset = offset + frame.capacity();
            if (policy instanceof FsyncPolicy.Always) {
                force();
            } else if (policy instanceof FsyncPolicy.Group group) {
                if (unforcedAppends++ == 0) {
                    firstUnforcedNanos = timeSource.nanoTime();
                }
                if (unforcedAppends >= group.maxRecords()
                        || timeSource.nanoTime() - firstUnforcedNanos >= group.maxDelay().toNanos()) {
                    force();
                }
            }
            return pack(active.index(), offset);
        } catch (IOException | RuntimeException e) {
            writeFailure = e;
            LOG.error("event store {}: a write failed; the store refuses further writes until it is reopened"
                    + " (recovery will remove the partial append)", directory, e);
            throw new EventStoreException("cannot write to the event store in " + directory
                    + "; nothing of this append is acknowledged. Reopen the store to recover", e);
        }
    }

    private void force() throws IOException {
        active.channel().force(false);
        syncCount.incrementAndGet();
        unforcedAppends = 0;
    }

    private void flushIfDue() {
        if (!(policy instanceof FsyncPolicy.Group group)) {
            return;
        }
        writeMutex.lock();
        try {
            if (closed || writeFailure != null || unforcedAppends == 0) {
                return;
            }
            if (timeSource.nanoTime() - firstUnforcedNanos >= group.maxDelay().toNanos()) {
                force();
            }
        } catch (IOException e) {
            writeFailure = e;
            LOG.error("event store {}: a background force failed; the store refuses further writes", directory, e);
        } finally {
            writeMutex.unlock();
        }
    }

    @Override
    public void deleteStream(StreamName stream, ExpectedVersion expected) {
        delete(stream, expected, false);
    }

    @Override
    public void tombstoneStream(StreamName stream, ExpectedVersion expected) {
        delete(stream, expected, true);
    }

    private void delete(StreamName stream, ExpectedVersion expected, boolean tombstone) {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(expected, "expected must not be null");
        List<EventStoreEvent> toPublish = events.hasListeners() ? new ArrayList<>(2) : null;
        writeMutex.lock();
        try {
            ensureWritable();
            boolean changes;
            try {
                changes = table.checkDelete(stream, expected, tombstone);
            } catch (WrongExpectedVersionException e) {
                writeMutex.unlock();
                if (toPublish != null) {
                    toPublish.add(new EventStoreEvent.ConcurrencyConflict(e.stream(), e.expected(), e.actualVersion()));
                }
                publishAll(toPublish);
                throw e;
            }
            if (!changes) {
                return;
            }
            writeFrame(FrameCodec.encodeDelete(stream, tombstone, table.info(stream).nextVersion()), toPublish);
            indexLock.writeLock().lock();
            try {
                if (tombstone) {
                    table.tombstone(stream);
                } else {
                    table.softDelete(stream);
                }
            } finally {
                indexLock.writeLock().unlock();
            }
            if (toPublish != null) {
                toPublish.add(new EventStoreEvent.StreamDeleted(stream, tombstone));
            }
        } finally {
            if (writeMutex.isHeldByCurrentThread()) {
                writeMutex.unlock();
            }
        }
        publishAll(toPublish);
    }

    private void ensureWritable() {
        ensureOpen();
        if (writeFailure != null) {
            throw new EventStoreException("the event store in " + directory + " refuses writes since a write failed"
                    + "; reopen it to recover", writeFailure);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new EventStoreException("the file event store in " + directory + " is closed");
        }
    }

    // ------------------------------------------------------------------ reading

    @Override
    public List<RecordedEvent> readStream(StreamName stream, ReadDirection direction, long fromVersion, int maxCount) {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(direction, "direction must not be null");
        StreamTable.checkReadArguments(fromVersion, "fromVersion", maxCount);
        long[] positions;
        long[] locs;
        indexLock.readLock().lock();
        try {
            ensureOpen();
            positions = table.positions(stream, direction, fromVersion, maxCount);
            locs = new long[positions.length];
            for (int i = 0; i < positions.length; i++) {
                locs[i] = locations.get((int) (positions[i] - 1));
            }
        } finally {
            indexLock.readLock().unlock();
        }
        return load(positions, locs);
    }

    @Override
    public List<RecordedEvent> readAll(long afterPosition, int maxCount) {
        StreamTable.checkReadArguments(afterPosition, "afterPosition", maxCount);
        long[] positions;
        long[] locs;
        indexLock.readLock().lock();
        try {
            ensureOpen();
            long last = lastPosition;
            int n = (int) Math.max(0, Math.min(maxCount, last - afterPosition));
            positions = new long[n];
            locs = new long[n];
            for (int i = 0; i < n; i++) {
                positions[i] = afterPosition + 1 + i;
                locs[i] = locations.get((int) (positions[i] - 1));
            }
        } finally {
            indexLock.readLock().unlock();
        }
        return load(positions, locs);
    }

    private List<RecordedEvent> load(long[] positions, long[] locs) {
        List<RecordedEvent> out = new ArrayList<>(positions.length);
        long cachedLocation = -1;
        FrameCodec.EventsFrame cached = null;
        for (int i = 0; i < positions.length; i++) {
            if (locs[i] != cachedLocation) {
                cached = readFrame(locs[i]);
                cachedLocation = locs[i];
            }
            out.add(cached.events().get((int) (positions[i] - cached.firstPosition())));
        }
        return out;
    }

    private FrameCodec.EventsFrame readFrame(long location) {
        int segmentIndex = (int) (location >>> 40);
        long offset = location & ((1L << 40) - 1);
        Segment segment = segments.get(segmentIndex);
        if (segment == null) {
            ensureOpen();
            throw new IllegalStateException("no segment " + segmentIndex);
        }
        try {
            ByteBuffer header = ByteBuffer.allocate(FrameCodec.FRAME_HEADER_SIZE);
            readFully(segment.channel(), header, offset);
            int length = header.getInt(0);
            int crc = header.getInt(4);
            if (length <= 0) {
                throw new EventStoreCorruptedException(segment.path(), offset, "frame length " + length + " on read");
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(segment.channel(), payload, offset + FrameCodec.FRAME_HEADER_SIZE);
            if (FrameCodec.crc(payload, 0, length) != crc) {
                throw new EventStoreCorruptedException(segment.path(), offset,
                        "CRC32C mismatch on read (the file changed on disk after the store was opened)");
            }
            payload.position(0);
            FrameCodec.Frame frame = FrameCodec.decode(payload);
            if (!(frame instanceof FrameCodec.EventsFrame ef)) {
                throw new EventStoreCorruptedException(segment.path(), offset, "expected an events frame on read");
            }
            return ef;
        } catch (ClosedChannelException e) {
            throw new EventStoreException("the file event store in " + directory + " is closed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + segment.path() + " at offset " + offset, e);
        } catch (FrameCodec.MalformedFrameException e) {
            throw new EventStoreCorruptedException(segment.path(), offset, e.getMessage());
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + pos);
            }
            pos += n;
        }
    }

    @Override
    public StreamInfo streamInfo(StreamName stream) {
        Objects.requireNonNull(stream, "stream must not be null");
        indexLock.readLock().lock();
        try {
            ensureOpen();
            return table.info(stream);
        } finally {
            indexLock.readLock().unlock();
        }
    }

    @Override
    public long lastPosition() {
        return lastPosition;
    }

    @Override
    public boolean awaitAppend(long afterPosition, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        return signal.await(afterPosition, timeout);
    }

    @Override
    public EventPublisher<EventStoreEvent> events() {
        return events;
    }

    // ------------------------------------------------------------------ inspection and close

    /** What opening the store found: segments, events, bytes cut off a torn tail. */
    public Recovery recovery() {
        return recovery;
    }

    /** How many times this store has forced its active segment to disk since it was opened. */
    public long syncCount() {
        return syncCount.get();
    }

    /** The store's directory. */
    public Path directory() {
        return directory;
    }

    /** The fsync policy in use. */
    public FsyncPolicy fsyncPolicy() {
        return policy;
    }

    /** Forces everything written so far to disk, whatever the policy. */
    public void flush() {
        writeMutex.lock();
        try {
            ensureWritable();
            force();
        } catch (IOException e) {
            writeFailure = e;
            throw new UncheckedIOException("cannot force the event store in " + directory, e);
        } finally {
            writeMutex.unlock();
        }
    }

    /** Forces pending writes, closes the files and releases the directory lock. Closing twice is harmless. */
    @Override
    public void close() {
        writeMutex.lock();
        try {
            if (closed) {
                return;
            }
            if (writeFailure == null && active != null) {
                try {
                    if (unforcedAppends > 0 || !(policy instanceof FsyncPolicy.Always)) {
                        force();
                    }
                } catch (IOException e) {
                    LOG.error("event store {}: final force failed on close", directory, e);
                }
            }
            indexLock.writeLock().lock();
            try {
                closed = true;
            } finally {
                indexLock.writeLock().unlock();
            }
            closeQuietly();
        } finally {
            writeMutex.unlock();
        }
        signal.close();
    }

    private void closeQuietly() {
        closed = true;
        if (flushTask != null) {
            flushTask.cancel();
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
        for (Segment s : segments.values()) {
            try {
                s.channel().close();
            } catch (IOException e) {
                LOG.warn("cannot close {}", s.path(), e);
            }
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("cannot release the lock of {}", directory, e);
        }
    }

    @Override
    public String toString() {
        return "FileEventStore[" + directory + ", " + policy + ", lastPosition=" + lastPosition + "]";
    }

    /** Configures and opens a {@link FileEventStore}. Not threadsafe; use once. */
    public static final class Builder {
        /** Default segment size: 64 MiB. */
        public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;

        private final Path directory;
        private FsyncPolicy policy = FsyncPolicy.always();
        private long segmentSize = DEFAULT_SEGMENT_SIZE;
        private int maxEventSize = AppendSupport.DEFAULT_MAX_EVENT_SIZE;
        private TimeSource timeSource = TimeSource.system();
        private Scheduler scheduler;
        private final List<EventListener<? super EventStoreEvent>> listeners = new ArrayList<>();

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory must not be null");
        }

        /** When to force writes to disk (default {@link FsyncPolicy#always()}). */
        public Builder fsyncPolicy(FsyncPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        /**
         * The size at which a segment is sealed and a new one started (default 64 MiB). An
         * append larger than this gets a segment of its own.
         *
         * @throws IllegalArgumentException if not in [1 KiB, 1 GiB]
         */
        public Builder segmentSize(long segmentSize) {
            if (segmentSize < 1024 || segmentSize > (1L << 30)) {
                throw new IllegalArgumentException("segmentSize must be in [1024, 1073741824] bytes, but was "
                        + segmentSize);
            }
            this.segmentSize = segmentSize;
            return this;
        }

        /**
         * The largest event accepted, data plus type plus metadata, in bytes (default 1 MiB).
         *
         * @throws IllegalArgumentException if not in [1, 64 MiB]
         */
        public Builder maxEventSize(int maxEventSize) {
            this.maxEventSize = AppendSupport.checkMaxEventSize(maxEventSize);
            return this;
        }

        /** Where recorded times and the group-commit delay are read (default: the system clock). */
        public Builder timeSource(TimeSource timeSource) {
            this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
            return this;
        }

        /**
         * Runs the background force of {@link FsyncPolicy#group} (default: a daemon thread
         * owned by the store). Tests pass a {@code ManualScheduler}.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /** A listener registered before recovery runs, so that it also sees what opening did. */
        public Builder listener(EventListener<? super EventStoreEvent> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * Opens the store: locks the directory, checks every segment, cuts a torn tail off the
         * active segment, and rebuilds the index.
         *
         * @throws StoreLockedException if the directory is already open
         * @throws EventStoreCorruptedException if damage other than a torn tail is found
         * @throws UncheckedIOException if the files cannot be read or written
         */
        public FileEventStore open() {
            FileEventStore store = new FileEventStore(this);
            store.open(this);
            return store;
        }
    }
}
