package dev.microlab.saga;

/**
 * Whether a call to a participant runs a step's action or its compensation. The phase is the
 * last part of an {@link IdempotencyKey} ({@code sagaId:step:action} or
 * {@code sagaId:step:compensation}).
 *
 * <p>This enum is threadsafe (immutable).
 */
public enum Phase {
    /** The step's forward action. */
    ACTION("action"),
    /** The step's compensation (the semantic undo of the action). */
    COMPENSATION("compensation");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** The lower-case label used in idempotency keys and traces. */
    public String label() {
        return label;
    }

    /**
     * The phase whose {@link #label()} is {@code label}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public static Phase ofLabel(String label) {
        for (Phase p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("phase must be 'action' or 'compensation', but was '" + label + "'");
    }
}
