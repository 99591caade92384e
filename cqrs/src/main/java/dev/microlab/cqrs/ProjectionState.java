package dev.microlab.cqrs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A read model together with its checkpoint: the position of the last event it includes,
 * and the events it parked. A {@link ProjectionStore} stores the three as one value, so the
 * model and its checkpoint can never disagree: a restart resumes exactly after the last
 * event the model includes — nothing skipped, nothing applied twice.
 *
 * <pre>{@code
 * ProjectionState<OrderSummaries> s = summaries.state();
 * render(s.model(), "as of position " + s.position());
 * }</pre>
 *
 * <p>This class is threadsafe (immutable, provided the model is).
 *
 * @param model       the read model, an immutable value
 * @param position    the global position of the last event the model includes (0: none)
 * @param deadLetters the events parked so far, oldest first
 * @param <S>         the read model type
 */
public record ProjectionState<S>(S model, long position, List<DeadLetter> deadLetters) {

    /** Validates and copies. */
    public ProjectionState {
        Objects.requireNonNull(model, "model must not be null");
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, but was " + position);
        }
        deadLetters = List.copyOf(Objects.requireNonNull(deadLetters, "deadLetters must not be null"));
    }

    /** A model that includes no event yet. */
    public static <S> ProjectionState<S> initial(S model) {
        return new ProjectionState<>(model, 0, List.of());
    }

    /** This state with {@code next} as model, including the event at {@code newPosition}. */
    public ProjectionState<S> applied(S next, long newPosition) {
        return new ProjectionState<>(next, newPosition, deadLetters);
    }

    /** This state with {@code letter} parked and the checkpoint moved past it. */
    public ProjectionState<S> parked(DeadLetter letter) {
        List<DeadLetter> more = new ArrayList<>(deadLetters);
        more.add(letter);
        return new ProjectionState<>(model, letter.position(), more);
    }
}
