package dev.microlab.saga;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stable identity of one call of a saga to a participant: {@code sagaId:step:phase}.
 *
 * <p>Every attempt of the same step and phase (retries, a replay after a crash, a duplicate
 * delivery) carries the same key, so a participant that remembers the keys it has processed
 * applies each effect at most once. {@link IdempotentParticipant} does that, and also fences
 * an action that arrives after its compensation.
 *
 * <pre>{@code
 * IdempotencyKey key = ctx.idempotencyKey();       // "order-42:reserve-inventory:action"
 * inventory.reserve(key.toString(), ctx.data().sku(), ctx.data().quantity());
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param sagaId the saga instance
 * @param step   the step's name
 * @param phase  action or compensation
 */
public record IdempotencyKey(String sagaId, String step, Phase phase) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}");

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the saga id or step name is not a valid name
     */
    public IdempotencyKey {
        checkName("sagaId", sagaId);
        checkName("step", step);
        Objects.requireNonNull(phase, "phase must not be null");
    }

    /**
     * Parses {@code sagaId:step:phase}.
     *
     * @throws IllegalArgumentException if {@code key} does not have that shape
     */
    public static IdempotencyKey parse(String key) {
        Objects.requireNonNull(key, "key must not be null");
        String[] parts = key.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("idempotency key must look like 'sagaId:step:phase', but was '"
                    + key + "'");
        }
        return new IdempotencyKey(parts[0], parts[1], Phase.ofLabel(parts[2]));
    }

    /** The key of the same step in the other phase. */
    public IdempotencyKey withPhase(Phase newPhase) {
        return new IdempotencyKey(sagaId, step, newPhase);
    }

    /** {@code sagaId:step}, the part shared by the action and its compensation. */
    public String fenceId() {
        return sagaId + ":" + step;
    }

    @Override
    public String toString() {
        return sagaId + ":" + step + ":" + phase.label();
    }

    /**
     * Checks a saga id or step name: 1 to 100 ASCII letters, digits and {@code . _ -}, starting
     * with a letter or digit (safe in stream names, keys and diagrams).
     *
     * @throws IllegalArgumentException naming {@code field} if it is not
     */
    static String checkName(String field, String value) {
        Objects.requireNonNull(value, field + " must not be null");
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 1 to 100 ASCII letters, digits and . _ -,"
                    + " starting with a letter or digit, but was '" + value + "'");
        }
        return value;
    }
}
