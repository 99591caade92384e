package dev.microlab.saga;

import java.util.Objects;
import java.util.Optional;

/**
 * How a saga instance ended: its terminal state and its data as last recorded.
 *
 * <p>This class is threadsafe (immutable), provided the data is.
 *
 * @param sagaId  the instance
 * @param state   COMPLETED, COMPENSATED or FAILED
 * @param data    the saga data after the last recorded step or compensation
 * @param failure why it did not complete, if it did not
 * @param <D>     the saga data type
 */
public record SagaOutcome<D>(String sagaId, SagaState state, D data, Optional<String> failure) {

    /** Validates. @throws IllegalArgumentException if the state is not terminal */
    public SagaOutcome {
        Objects.requireNonNull(sagaId, "sagaId must not be null");
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(data, "data must not be null");
        Objects.requireNonNull(failure, "failure must not be null");
        if (!state.isTerminal()) {
            throw new IllegalArgumentException("state must be terminal (COMPLETED, COMPENSATED, FAILED), but was "
                    + state);
        }
    }
}
