package dev.microlab.eventstore.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One segment file of the file store: its index, path and open channel, and the positional
 * I/O the store does on it. Reads are safe from any thread (positional); writes are made by
 * the store's single writer.
 */
public final class SegmentFile {

    /** Exactly the names the store writes: {@code segment-} nine digits {@code .log}. */
    private static final Pattern NAME = Pattern.compile("segment-(\\d{9})\\.log");

    private final int index;
    private final Path path;
    private final FileChannel channel;

    private SegmentFile(int index, Path path, FileChannel channel) {
        this.index = index;
        this.path = path;
        this.channel = channel;
    }

    /** The file name of segment {@code index}. */
    public static String fileName(int index) {
        return String.format("segment-%09d.log", index);
    }

    /** The index a file name stands for, or -1 if it is not a segment name. */
    public static int indexOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Opens an existing segment, for reading only or for reading and appending. */
    public static SegmentFile open(Path directory, int index, boolean writable) throws IOException {
        Path path = directory.resolve(fileName(index));
        FileChannel channel = writable
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ);
        return new SegmentFile(index, path, channel);
    }

    /**
     * Creates segment {@code index} with its header, forces it and the directory, so that the
     * new file survives a crash.
     */
    public static SegmentFile create(Path directory, int index, FrameCodec.SegmentHeader header) throws IOException {
        Path path = directory.resolve(fileName(index));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            writeFully(channel, FrameCodec.encodeHeader(header), 0);
            channel.force(true);
            FileSupport.fsyncDirectory(directory);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new SegmentFile(index, path, channel);
    }

    /** Replaces a torn header (a crash while creating the segment) and forces it. */
    public void rewriteHeader(FrameCodec.SegmentHeader header) throws IOException {
        channel.truncate(0);
        writeFully(channel, FrameCodec.encodeHeader(header), 0);
        channel.force(true);
    }

    public int index() {
        return index;
    }

    public Path path() {
        return path;
    }

    public FileChannel channel() {
        return channel;
    }

    /** A reader over this file with a read-ahead of {@code chunk} bytes. */
    public SegmentReader reader(int chunk) {
        return new SegmentReader(channel::read, chunk);
    }

    /** Writes all of {@code buf} at {@code position}. */
    public void write(ByteBuffer buf, long position) throws IOException {
        writeFully(channel, buf, position);
    }

    /** Forces the file's data to disk. */
    public void force() throws IOException {
        channel.force(false);
    }

    /** Cuts the file to {@code length} bytes and forces it. */
    public void truncate(long length) throws IOException {
        channel.truncate(length);
        channel.force(true);
    }

    /** The file's current size. */
    public long size() throws IOException {
        return channel.size();
    }

    public void close() throws IOException {
        channel.close();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
