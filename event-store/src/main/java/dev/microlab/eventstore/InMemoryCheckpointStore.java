package dev.microlab.eventstore;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checkpoints in a map: for tests and for subscriptions whose read model lives in memory too
 * (a restart of the JVM rebuilds both from the start).
 *
 * <pre>{@code
 * CheckpointStore checkpoints = new InMemoryCheckpointStore();
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

    private final ConcurrentHashMap<String, Long> positions = new ConcurrentHashMap<>();

    /** Creates a store holding no checkpoint. */
    public InMemoryCheckpointStore() {
    }

    @Override
    public OptionalLong load(String subscription) {
        Long p = positions.get(CheckpointStore.validateName(subscription));
        return p == null ? OptionalLong.empty() : OptionalLong.of(p);
    }

    @Override
    public void save(String subscription, long position) {
        CheckpointStore.validateName(subscription);
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, but was " + position);
        }
        positions.put(subscription, position);
    }

    @Override
    public String toString() {
        return "InMemoryCheckpointStore" + positions;
    }
}
