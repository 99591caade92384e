package dev.microlab.eventstore.internal;

import java.util.UUID;

/**
 * Event id → global positions, for the idempotency checks: an open-addressing hash table over
 * three primitive arrays (no object per event: about 36 bytes per id at the table's average
 * load, against about 100 for a {@code HashMap<UUID, …>} entry with its node, key and value).
 * An id stored several times (ids are per stream) has one slot per use.
 *
 * <p>Not threadsafe: guard it with the owner's lock.
 */
final class EventIdIndex {

    private static final int MAX_LOAD_PERCENT = 75;

    private long[] msb;
    private long[] lsb;
    private int[] positions; // 0: empty slot
    private int size;

    EventIdIndex() {
        allocate(1024);
    }

    private void allocate(int capacity) {
        msb = new long[capacity];
        lsb = new long[capacity];
        positions = new int[capacity];
    }

    /** Records that {@code id} is stored at {@code position} (1 … {@link Integer#MAX_VALUE}). */
    void add(UUID id, long position) {
        if (position < 1 || position > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("position must be in [1, " + Integer.MAX_VALUE + "], but was "
                    + position);
        }
        if ((size + 1) * 100L > (long) positions.length * MAX_LOAD_PERCENT) {
            grow();
        }
        insert(id.getMostSignificantBits(), id.getLeastSignificantBits(), (int) position);
        size++;
    }

    /** Whether {@code id} is stored at {@code position}. */
    boolean contains(UUID id, long position) {
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        int mask = positions.length - 1;
        for (int i = slot(hi, lo, mask); positions[i] != 0; i = (i + 1) & mask) {
            if (positions[i] == position && msb[i] == hi && lsb[i] == lo) {
                return true;
            }
        }
        return false;
    }

    /** The positions where {@code id} is stored, visited until {@code visitor} returns false. */
    void forEach(UUID id, PositionVisitor visitor) {
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        int mask = positions.length - 1;
        for (int i = slot(hi, lo, mask); positions[i] != 0; i = (i + 1) & mask) {
            if (msb[i] == hi && lsb[i] == lo && !visitor.visit(positions[i])) {
                return;
            }
        }
    }

    /** Receives positions; returns false to stop. */
    @FunctionalInterface
    interface PositionVisitor {
        boolean visit(long position);
    }

    private void insert(long hi, long lo, int position) {
        int mask = positions.length - 1;
        int i = slot(hi, lo, mask);
        while (positions[i] != 0) {
            i = (i + 1) & mask;
        }
        msb[i] = hi;
        lsb[i] = lo;
        positions[i] = position;
    }

    private void grow() {
        long[] oldMsb = msb;
        long[] oldLsb = lsb;
        int[] oldPositions = positions;
        allocate(oldPositions.length * 2);
        for (int i = 0; i < oldPositions.length; i++) {
            if (oldPositions[i] != 0) {
                insert(oldMsb[i], oldLsb[i], oldPositions[i]);
            }
        }
    }

    private static int slot(long hi, long lo, int mask) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
