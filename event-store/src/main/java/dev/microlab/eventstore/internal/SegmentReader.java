package dev.microlab.eventstore.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads a segment file through one bounded buffer: recovery streams a segment of any size with
 * a buffer of {@code chunk} bytes (grown only to the largest frame it meets), instead of loading
 * the file. Not threadsafe.
 */
public final class SegmentReader {

    /** Where the bytes come from: {@code FileChannel::read} for a file. */
    @FunctionalInterface
    public interface Source {
        /** Reads into {@code dst} from file offset {@code position}; -1 at the end. */
        int read(ByteBuffer dst, long position) throws IOException;
    }

    private final Source source;
    private final int chunk;
    private ByteBuffer buf;
    private long bufStart;
    private int bufLength;

    /**
     * @param chunk how much to read ahead in one go (0: exactly what is asked)
     */
    public SegmentReader(Source source, int chunk) {
        this.source = source;
        this.chunk = chunk;
    }

    /**
     * The bytes [{@code offset}, {@code offset + length}) as a buffer whose position is at the
     * first of them; valid until the next call.
     *
     * @throws EOFException if the file ends before
     */
    public ByteBuffer window(long offset, int length) throws IOException {
        if (buf == null || offset < bufStart || offset + length > bufStart + bufLength) {
            fill(offset, length);
        }
        ByteBuffer view = buf.duplicate();
        view.limit((int) (offset - bufStart) + length).position((int) (offset - bufStart));
        return view;
    }

    private void fill(long offset, int length) throws IOException {
        int capacity = Math.max(length, chunk);
        if (buf == null || buf.capacity() < capacity) {
            buf = ByteBuffer.allocate(capacity);
        }
        buf.clear();
        bufStart = offset;
        bufLength = 0;
        while (bufLength < length) {
            int n = source.read(buf, offset + bufLength);
            if (n < 0) {
                throw new EOFException("unexpected end of file at offset " + (offset + bufLength));
            }
            bufLength += n;
        }
        // read ahead what is there, without waiting for more
        while (buf.hasRemaining()) {
            int n = source.read(buf, offset + bufLength);
            if (n <= 0) {
                break;
            }
            bufLength += n;
        }
    }
}
