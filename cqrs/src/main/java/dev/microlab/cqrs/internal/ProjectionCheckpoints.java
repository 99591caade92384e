package dev.microlab.cqrs.internal;

import dev.microlab.eventstore.CheckpointStore;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The checkpoint store a projection gives its catch-up subscription: it reads the checkpoint
 * from the projection store (where it was committed together with the read model) and
 * does not store saves, because the projection has already saved the position atomically with
 * the model (a save only marks the end of a batch). So the subscription always resumes exactly where the read model is.
 *
 * <p>This class is threadsafe.
 */
public final class ProjectionCheckpoints implements CheckpointStore {

    private final LongSupplier committedPosition;
    private final Runnable onSave;

    /**
     * Reads the checkpoint from {@code committedPosition}; runs {@code onSave} on each save (the
     * subscription saves once per batch that moved its checkpoint, so a save ends a batch).
     */
    public ProjectionCheckpoints(LongSupplier committedPosition, Runnable onSave) {
        this.committedPosition = Objects.requireNonNull(committedPosition, "committedPosition must not be null");
        this.onSave = Objects.requireNonNull(onSave, "onSave must not be null");
    }

    @Override
    public OptionalLong load(String subscription) {
        CheckpointStore.validateName(subscription);
        return OptionalLong.of(committedPosition.getAsLong());
    }

    @Override
    public void save(String subscription, long position) {
        CheckpointStore.validateName(subscription);
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, but was " + position);
        }
        // Already committed with the read model: only tell the projection that a batch ended.
        onSave.run();
    }
}
