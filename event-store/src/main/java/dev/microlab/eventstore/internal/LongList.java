package dev.microlab.eventstore.internal;

import java.util.Arrays;

/** A growable array of primitive longs (no boxing). Not threadsafe: guard it with the owner's lock. */
public final class LongList {

    private long[] values;
    private int size;

    /** With room for {@code capacity} values. */
    public LongList(int capacity) {
        values = new long[Math.max(1, capacity)];
    }

    /** Appends {@code value}. */
    public void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
    }

    /** The value at {@code index}. */
    public long get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " out of [0, " + size + ")");
        }
        return values[index];
    }

    /** How many values. */
    public int size() {
        return size;
    }

    /** The index of {@code value} in a list sorted ascending, or a negative number if absent. */
    public int binarySearch(long value) {
        return Arrays.binarySearch(values, 0, size, value);
    }

    /** The last value. */
    public long last() {
        return get(size - 1);
    }
}
