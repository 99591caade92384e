package dev.microlab.cqrs;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A {@link ProjectionStore} in memory: one immutable {@link ProjectionState} behind an atomic
 * reference, so a commit swaps model, checkpoint and dead letters in one step and a reader
 * never sees a model without its checkpoint.
 *
 * <pre>{@code
 * Projection<OrderSummaries> p = Projection.builder("order-summaries", store, serializer,
 *         InMemoryProjectionStore.factory(OrderSummaries.EMPTY)).build();
 * }</pre>
 *
 * <p>The model must be immutable (each handler returns a new value); persistent collections or
 * small copy-on-write maps both work.
 *
 * <p>This class is threadsafe and lock-free.
 *
 * @param <S> the read model type
 */
public final class InMemoryProjectionStore<S> implements ProjectionStore<S> {

    private final AtomicReference<ProjectionState<S>> state;

    /** A store holding {@code initialModel} at position 0. */
    public InMemoryProjectionStore(S initialModel) {
        this.state = new AtomicReference<>(ProjectionState.initial(
                Objects.requireNonNull(initialModel, "initialModel must not be null")));
    }

    /** A factory of fresh stores holding {@code initialModel}: what a projection rebuilds into. */
    public static <S> Supplier<ProjectionStore<S>> factory(S initialModel) {
        Objects.requireNonNull(initialModel, "initialModel must not be null");
        return () -> new InMemoryProjectionStore<>(initialModel);
    }

    @Override
    public ProjectionState<S> current() {
        return state.get();
    }

    @Override
    public boolean commit(ProjectionState<S> expected, ProjectionState<S> next) {
        Objects.requireNonNull(expected, "expected must not be null");
        Objects.requireNonNull(next, "next must not be null");
        if (next.position() <= expected.position()) {
            throw new IllegalArgumentException("the checkpoint only moves forward: next position must be > "
                    + expected.position() + ", but was " + next.position());
        }
        return state.compareAndSet(expected, next);
    }

    @Override
    public String toString() {
        return "InMemoryProjectionStore[position=" + state.get().position() + "]";
    }
}
