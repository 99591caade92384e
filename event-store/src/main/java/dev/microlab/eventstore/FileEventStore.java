package dev.microlab.eventstore;

import dev.microlab.core.event.EventListener;
import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.internal.DirectoryLock;
import dev.microlab.eventstore.internal.FrameCodec;
import dev.microlab.eventstore.internal.GroupCommit;
import dev.microlab.eventstore.internal.LogRecovery;
import dev.microlab.eventstore.internal.LongList;
import dev.microlab.eventstore.internal.SegmentFile;
import dev.microlab.eventstore.internal.StreamTable;
import dev.microlab.eventstore.internal.WriteProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
 * — length, CRC32C, payload with the next log sequence number — at the end of the active
 * segment file ({@code segment-NNNNNNNNN.log}). When a segment would grow past
 * {@code segmentSize}, it is forced, the next one is created (its header records where this one
 * ends; forced with the directory), and this one is sealed. The index (stream → positions,
 * position → file offset, event ids) lives in memory and is rebuilt from the segments on open:
 * it is a cache, the segments are the truth. {@code FrameCodec} describes the bytes.
 *
 * <p><b>Durability.</b> See {@link FsyncPolicy}: with {@code always()} an append returns
 * only after its frame is on disk. Closing the store forces everything, and records that it
 * did (a DURABLE frame).
 *
 * <p><b>Recovery.</b> On open every frame is checked, streaming each segment through a bounded
 * buffer. An incomplete or checksum-failing frame at the end of the active (last) segment — a
 * torn write from a crash — is cut off with everything after it, unless a later frame records
 * that it had been forced to disk; the store then holds exactly the appends that completed.
 * Anything else (an impossible frame behind a valid checksum, damage in a sealed segment, a
 * broken sequence, a missing segment, the first, a middle or the last) makes
 * {@link Builder#open()} throw {@link EventStoreCorruptedException} with the file and offset:
 * events are never dropped silently. Files that are not segments are reported and left alone.
 * {@link #recovery()} tells what was done.
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
    /** Largest total size of one append. */
    static final long MAX_BATCH_BYTES = 256L << 20;

    /**
     * What {@link Builder#open()} found and did.
     *
     * @param segments         segment files in the store
     * @param events           events recovered
     * @param truncatedBytes   bytes of a torn write cut off the active segment (0: none)
     * @param truncatedSegment the segment cut, or null
     * @param ignoredFiles     files in the directory that are not the store's (left alone)
     */
    public record Recovery(int segments, long events, long truncatedBytes, Path truncatedSegment,
            List<Path> ignoredFiles) {
        /** Copies the list. */
        public Recovery {
            ignoredFiles = List.copyOf(ignoredFiles);
        }
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
    private final ConcurrentHashMap<Integer, SegmentFile> segments = new ConcurrentHashMap<>();
    private final WriteProtocol writes;

    private volatile long lastPosition = START;
    private volatile boolean closed;
    private volatile Throwable writeFailure;
    // guarded by writeMutex
    private SegmentFile active;
    private long writeOffset;
    private long storeId;
    private long lastLsn;      // LSN of the last append or deletion written
    private long durableLsn;   // highest LSN forced to disk
    private long vouchedLsn;   // highest LSN a later frame on disk records as forced
    private GroupCommit commit;
    private DirectoryLock lock;
    private Recovery recovery;
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
        this.writes = new WriteProtocol(writeMutex, table, events, this::ensureWritable);
    }

    /** A builder for a store in {@code directory} (created if missing). */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    // ------------------------------------------------------------------ open and recovery

    private void open(Builder b) {
        lock = DirectoryLock.acquire(directory);
        try {
            Scheduler scheduler = b.scheduler;
            if (scheduler == null && policy instanceof FsyncPolicy.Group) {
                ownedExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "file-event-store-flusher");
                    t.setDaemon(true);
                    return t;
                });
                scheduler = Scheduler.of(ownedExecutor);
            }
            commit = new GroupCommit(policy, timeSource, scheduler, this::flushIfDue);
            recover();
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("cannot open event store in " + directory, e);
        } catch (RuntimeException | Error e) {
            closeQuietly();
            throw e;
        }
    }

    private void recover() throws IOException {
        LogRecovery.Result r = LogRecovery.recover(directory, DirectoryLock.FILE_NAME, this::apply);
        for (SegmentFile s : r.segments()) {
            segments.put(s.index(), s);
        }
        active = r.active();
        storeId = r.storeId();
        writeOffset = r.writeOffset();
        lastLsn = r.lastLsn();
        vouchedLsn = r.vouchedLsn();
        // what a crashed process left in the page cache is made durable before anything new vouches for it
        active.force();
        durableLsn = lastLsn;
        Path truncatedSegment = r.truncatedBytes() > 0 ? active.path() : null;
        recovery = new Recovery(r.segments().size(), lastPosition, r.truncatedBytes(), truncatedSegment,
                r.ignoredFiles());
        for (Path p : r.ignoredFiles()) {
            LOG.warn("event store {}: {} is not a file of the store; it was left alone", directory, p.getFileName());
        }
        if (truncatedSegment != null) {
            LOG.warn("event store {}: cut a torn tail of {} bytes off {} (kept {} bytes, {} events in total);"
                    + " the cut bytes were an append that never completed", directory, r.truncatedBytes(),
                    truncatedSegment, writeOffset, lastPosition);
            long valid = writeOffset;
            events.publish(() -> new EventStoreEvent.TornTailTruncated(truncatedSegment, valid, r.truncatedBytes()));
        }
        signal.advanced(lastPosition);
    }

    /** Applies one recovered frame to the index. */
    private void apply(SegmentFile segment, long offset, FrameCodec.Frame frame) {
        Path path = segment.path();
        if (frame instanceof FrameCodec.EventsFrame ef) {
            if (ef.firstPosition() != lastPosition + 1) {
                throw new EventStoreCorruptedException(path, offset, "frame starts at position " + ef.firstPosition()
                        + " but the previous frame ended at " + lastPosition);
            }
            long location = pack(segment.index(), offset);
            try {
                for (RecordedEvent e : ef.events()) {
                    table.recordEvent(ef.stream(), e.streamVersion(), e.position(), e.eventId());
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

    private static long pack(int segmentIndex, long offset) {
        return ((long) segmentIndex << 40) | offset;
    }

    // ------------------------------------------------------------------ writing

    @Override
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> batch) {
        List<EventData> toWrite = EventStoreArguments.checkAppend(stream, expected, batch, maxEventSize);
        long total = 0;
        for (EventData e : toWrite) {
            total += e.sizeInBytes() + 64;
        }
        if (total > MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("the append to stream '" + stream + "' is about " + total
                    + " bytes, but one append may be at most " + MAX_BATCH_BYTES + " bytes; split it");
        }
        return writes.append(stream, expected, toWrite, (firstVersion, events, toPublish) -> {
            long firstPosition = lastPosition + 1;
            ByteBuffer frame = FrameCodec.encodeEvents(storeId, lastLsn + 1, durableLsn, stream, firstPosition,
                    firstVersion, timeSource.instant(), events);
            long location = writeFrame(frame, toPublish);
            long position = firstPosition - 1;
            indexLock.writeLock().lock();
            try {
                for (int i = 0; i < events.size(); i++) {
                    position++;
                    table.recordEvent(stream, firstVersion + i, position, events.get(i).eventId());
                    locations.add(location);
                }
                lastPosition = position;
            } finally {
                indexLock.writeLock().unlock();
            }
            signal.advanced(position);
            return new AppendResult(stream, firstVersion + events.size() - 1, position);
        });
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
        writes.delete(stream, expected, tombstone, (nextVersion, toPublish) -> {
            writeFrame(FrameCodec.encodeDelete(storeId, lastLsn + 1, durableLsn, stream, tombstone, nextVersion),
                    toPublish);
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
        });
    }

    /**
     * Writes one append or deletion frame (sealing the segment first if it is full), applies the
     * fsync policy; returns the frame's location. Called with the write mutex held.
     */
    private long writeFrame(ByteBuffer frame, List<EventStoreEvent> toPublish) {
        try {
            if (writeOffset + frame.remaining() + FrameCodec.MARK_FRAME_SIZE > segmentSize
                    && writeOffset > FrameCodec.HEADER_SIZE) {
                roll(toPublish);
            }
            long offset = writeOffset;
            long frameDurable = frame.getLong(FrameCodec.FRAME_HEADER_SIZE + 9);
            active.write(frame, offset);
            writeOffset = offset + frame.capacity();
            lastLsn++;
            vouchedLsn = Math.max(vouchedLsn, frameDurable);
            if (commit.mustForceAfterWrite()) {
                force();
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

    /**
     * Seals the active segment and starts the next: force the active segment, create the next
     * (its header records where this one's frames end and the next LSN; forced with the
     * directory), then write and force this one's seal. A crash between the last two steps
     * leaves an empty next segment and an unsealed previous one, which recovery completes.
     */
    private void roll(List<EventStoreEvent> toPublish) throws IOException {
        force();
        SegmentFile next = SegmentFile.create(directory, active.index() + 1,
                new FrameCodec.SegmentHeader(storeId, active.index() + 1, lastLsn + 1, writeOffset));
        segments.put(next.index(), next);
        active.write(FrameCodec.encodeSeal(storeId, lastLsn + 1), writeOffset);
        active.force();
        syncCount.incrementAndGet();
        vouchedLsn = lastLsn;
        active = next;
        writeOffset = FrameCodec.HEADER_SIZE;
        if (toPublish != null) {
            toPublish.add(new EventStoreEvent.SegmentCreated(next.path()));
        }
    }

    private void force() throws IOException {
        active.force();
        syncCount.incrementAndGet();
        durableLsn = lastLsn;
        commit.forced();
    }

    /** The group deadline task: forces if the oldest unforced append is due. */
    private void flushIfDue() {
        writeMutex.lock();
        try {
            if (closed || writeFailure != null || !commit.due()) {
                return;
            }
            force();
        } catch (IOException e) {
            writeFailure = e;
            LOG.error("event store {}: a background force failed; the store refuses further writes", directory, e);
        } finally {
            writeMutex.unlock();
        }
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
        EventStoreArguments.checkRead(fromVersion, "fromVersion", maxCount);
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
        // every frame of this read belongs to the stream asked for: its name is reused, not rebuilt
        Map<String, StreamName> names = new HashMap<>(4);
        names.put(stream.value(), stream);
        return load(positions, locs, names);
    }

    @Override
    public List<RecordedEvent> readAll(long afterPosition, int maxCount) {
        EventStoreArguments.checkRead(afterPosition, "afterPosition", maxCount);
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
        return load(positions, locs, new HashMap<>());
    }

    /**
     * The events at these positions and locations. {@code names} holds the stream names met so
     * far in this read: a name is built and checked once per read, not once per frame.
     */
    private List<RecordedEvent> load(long[] positions, long[] locs, Map<String, StreamName> names) {
        List<RecordedEvent> out = new ArrayList<>(positions.length);
        long cachedLocation = -1;
        FrameCodec.EventsFrame cached = null;
        for (int i = 0; i < positions.length; i++) {
            if (locs[i] != cachedLocation) {
                cached = readFrame(locs[i], names);
                cachedLocation = locs[i];
            }
            out.add(cached.events().get((int) (positions[i] - cached.firstPosition())));
        }
        return out;
    }

    /** Reads the append frame at a location; the length is checked against the file before allocating. */
    private FrameCodec.EventsFrame readFrame(long location, Map<String, StreamName> names) {
        int segmentIndex = (int) (location >>> 40);
        long offset = location & ((1L << 40) - 1);
        SegmentFile segment = segments.get(segmentIndex);
        if (segment == null) {
            ensureOpen();
            throw new IllegalStateException("no segment " + segmentIndex);
        }
        try {
            FrameCodec.Frame frame = FrameCodec.read(segment.reader(0), offset, segment.size(), storeId, names)
                    .frame();
            if (!(frame instanceof FrameCodec.EventsFrame ef)) {
                throw new EventStoreCorruptedException(segment.path(), offset, "expected an append frame on read");
            }
            return ef;
        } catch (ClosedChannelException e) {
            throw new EventStoreException("the file event store in " + directory + " is closed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + segment.path() + " at offset " + offset, e);
        } catch (FrameCodec.BadFrameException e) {
            throw new EventStoreCorruptedException(segment.path(), offset, e.getMessage()
                    + " on read (the file changed on disk after the store was opened)");
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
    public EventPublisher<EventStoreEvent> eventPublisher() {
        return events;
    }

    // ------------------------------------------------------------------ inspection and close

    /** What opening the store found: segments, events, bytes cut off a torn tail, files ignored. */
    public Recovery recovery() {
        return recovery;
    }

    /** How many times this store has forced a segment to disk since it was opened. */
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

    /**
     * Where an online backup stops: everything written so far is forced, and the segments, the
     * durable end of the active segment, the last position and every stream's state are read
     * together under the write lock, so they describe one point of the log. Appends wait only for
     * the force; they go on while the backup copies (sealed segments never change, and the active
     * segment only grows past {@code activeEnd}).
     *
     * @param segmentIndexes every segment up to and including the active one, in order
     * @param activeEnd      the byte length of the active segment's frames at this point
     */
    record BackupPoint(List<Integer> segmentIndexes, long activeEnd, long lastPosition, long lastLsn,
            List<StreamInfo> streams) {
    }

    BackupPoint backupPoint() {
        writeMutex.lock();
        try {
            ensureWritable();
            force();
            List<Integer> indexes = new ArrayList<>(segments.keySet());
            indexes.removeIf(i -> i > active.index());
            indexes.sort(null);
            List<StreamInfo> streams;
            indexLock.readLock().lock();
            try {
                streams = table.allStreams();
            } finally {
                indexLock.readLock().unlock();
            }
            return new BackupPoint(List.copyOf(indexes), writeOffset, lastPosition, lastLsn, streams);
        } catch (IOException e) {
            writeFailure = e;
            throw new UncheckedIOException("cannot force the event store in " + directory + " for a backup", e);
        } finally {
            writeMutex.unlock();
        }
    }

    /**
     * Forces pending writes, records that everything is durable (a DURABLE frame, forced too, if
     * the last frames are not yet vouched for), closes the files and releases the directory
     * lock. Closing twice is harmless.
     */
    @Override
    public void close() {
        writeMutex.lock();
        try {
            if (closed) {
                return;
            }
            if (writeFailure == null && active != null) {
                try {
                    if (commit.unforced() > 0) {
                        force();
                    }
                    if (lastLsn > vouchedLsn) {
                        active.write(FrameCodec.encodeDurable(storeId, lastLsn + 1), writeOffset);
                        writeOffset += FrameCodec.MARK_FRAME_SIZE;
                        vouchedLsn = lastLsn;
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
        if (commit != null) {
            commit.cancelDeadline();
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
        for (SegmentFile s : segments.values()) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.warn("cannot close {}", s.path(), e);
            }
        }
        try {
            if (lock != null) {
                lock.release();
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
        private int maxEventSize = EventStoreArguments.DEFAULT_MAX_EVENT_SIZE;
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
            this.maxEventSize = EventStoreArguments.checkMaxEventSize(maxEventSize);
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
