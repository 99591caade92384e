package dev.microlab.saga;

/**
 * Thrown by {@link IdempotentParticipant#execute} when an action arrives after the
 * compensation of the same step was recorded (Seata's "anti-hanging" fence): applying it now
 * would leave an effect that nothing will ever undo.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class ActionRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient IdempotencyKey key;

    /** @param key the refused action's key */
    public ActionRefusedException(IdempotencyKey key) {
        super("action " + key + " refused: the compensation of step '" + key.step() + "' of saga '" + key.sagaId()
                + "' was already recorded (anti-hanging fence)");
        this.key = key;
    }

    /** The refused action's key. */
    public IdempotencyKey key() {
        return key;
    }
}
