package dev.microlab.cqrs;

/**
 * Where a projection keeps its {@link ProjectionState}: the read model and its checkpoint,
 * written together in one atomic step.
 *
 * <p>This is the contract that makes projections exact across restarts. A store backed by a
 * database implements {@link #commit} as one transaction that writes the model's rows and the
 * checkpoint row; {@link InMemoryProjectionStore} swaps one immutable value. Because the
 * checkpoint is saved with the model, there is no window in which one is saved and the other
 * is not.
 *
 * <pre>{@code
 * ProjectionStore<OrderSummaries> store = new InMemoryProjectionStore<>(OrderSummaries.EMPTY);
 * ProjectionState<OrderSummaries> s = store.current();   // model + position, consistent
 * }</pre>
 *
 * <p>Implementations must be threadsafe: one projection writes, any number of threads read.
 *
 * @param <S> the read model type
 */
public interface ProjectionStore<S> {

    /** The latest committed state: model, position and dead letters that belong together. */
    ProjectionState<S> current();

    /**
     * Replaces {@code expected} with {@code next}, atomically: afterwards readers see either the
     * old state or the new one, never a mix.
     *
     * @return false, changing nothing, if the current state is no longer {@code expected}
     *         (another writer got there first)
     * @throws IllegalArgumentException if {@code next.position()} is not greater than
     *         {@code expected.position()}: the checkpoint only moves forward
     */
    boolean commit(ProjectionState<S> expected, ProjectionState<S> next);
}
