package dev.microlab.saga;

import dev.microlab.core.function.CheckedRunnable;
import dev.microlab.core.function.CheckedSupplier;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The participant's side of a saga: applies each action and each compensation at most once
 * per {@link IdempotencyKey}, and keeps a <i>fence</i> per step so that the three classic
 * anomalies of sagas over an unreliable network cannot happen (Seata's TCC fence):
 *
 * <ul>
 *   <li><b>Duplicate delivery</b> (retry, redelivery, replay after a crash): an action or
 *       compensation whose key was processed is not applied again; the action returns the
 *       result recorded the first time.</li>
 *   <li><b>Null compensation</b>: a compensation for an action that never ran here (the
 *       request was lost, or timed out before arriving) records the fence and does nothing.</li>
 *   <li><b>Hanging action</b>: an action that arrives <i>after</i> its compensation (it was
 *       delayed in the network) is refused with {@link ActionRefusedException}, otherwise it
 *       would apply an effect that nothing undoes.</li>
 * </ul>
 *
 * <pre>{@code
 * IdempotentParticipant fence = new IdempotentParticipant();
 * .action(ctx -> ctx.data().withReservation(
 *         fence.execute(ctx.idempotencyKey(), () -> inventory.reserve(ctx.data().sku()))))
 * .compensation(ctx -> {
 *     fence.compensate(ctx.idempotencyKey(), () -> inventory.release(ctx.data().reservation()));
 *     return null;
 * })
 * }</pre>
 *
 * <p>This one keeps its records in memory, which is right for tests, examples and a
 * participant whose own state is in memory. A participant with a database keeps the same
 * records in a table written in the same local transaction as its effect; the rules are
 * the same.
 *
 * <p>This class is threadsafe: calls for the same step are serialized (an action and its
 * compensation never overlap); calls for different steps run in parallel.
 */
public final class IdempotentParticipant {

    /** What the fence of one step ({@code sagaId:step}) says. */
    public enum FenceState {
        /** The action was applied (and not compensated). */
        ACTION_APPLIED,
        /** The action was applied, then compensated. */
        COMPENSATED,
        /** The compensation came first: nothing was applied, and the action is now refused. */
        NULL_COMPENSATED
    }

    private static final class Fence {
        FenceState state;
        Object result;
    }

    private final ConcurrentHashMap<String, Fence> fences = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * Applies the action {@code effect} unless its key was processed: the first call runs it
     * and records its result; later calls with the same key return that result without
     * running it. If {@code effect} throws, nothing is recorded (a retry runs it again).
     *
     * @throws ActionRefusedException if the step's compensation was recorded first
     * @throws IllegalArgumentException if {@code key} is not an action key
     * @throws Exception what {@code effect} throws
     */
    public <R> R execute(IdempotencyKey key, CheckedSupplier<R> effect) throws Exception {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(effect, "effect must not be null");
        if (key.phase() != Phase.ACTION) {
            throw new IllegalArgumentException("execute needs an action key, but was " + key);
        }
        Fence fence = fences.computeIfAbsent(key.fenceId(), id -> new Fence());
        synchronized (fence) {
            if (fence.state == FenceState.COMPENSATED || fence.state == FenceState.NULL_COMPENSATED) {
                refused.incrementAndGet();
                throw new ActionRefusedException(key);
            }
            if (fence.state == FenceState.ACTION_APPLIED) {
                duplicates.incrementAndGet();
                @SuppressWarnings("unchecked")
                R previous = (R) fence.result;
                return previous;
            }
            R result = effect.get();
            fence.result = result;
            fence.state = FenceState.ACTION_APPLIED;
            applied.incrementAndGet();
            return result;
        }
    }

    /**
     * Applies the compensation {@code effect} once: only if the action was applied and not
     * yet compensated. If the action never ran, records a null compensation (and does not
     * run {@code effect}), so that a late action is refused. If {@code effect} throws,
     * nothing is recorded.
     *
     * @return true if {@code effect} ran in this call
     * @throws IllegalArgumentException if {@code key} is not a compensation key
     * @throws Exception what {@code effect} throws
     */
    public boolean compensate(IdempotencyKey key, CheckedRunnable effect) throws Exception {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(effect, "effect must not be null");
        if (key.phase() != Phase.COMPENSATION) {
            throw new IllegalArgumentException("compensate needs a compensation key, but was " + key);
        }
        Fence fence = fences.computeIfAbsent(key.fenceId(), id -> new Fence());
        synchronized (fence) {
            if (fence.state == null) {
                fence.state = FenceState.NULL_COMPENSATED;
                return false;
            }
            if (fence.state != FenceState.ACTION_APPLIED) {
                duplicates.incrementAndGet();
                return false;
            }
            effect.run();
            fence.state = FenceState.COMPENSATED;
            fence.result = null;
            applied.incrementAndGet();
            return true;
        }
    }

    /** The fence of {@code sagaId:step}, if anything was recorded for it. */
    public Optional<FenceState> fence(String sagaId, String step) {
        Fence fence = fences.get(new IdempotencyKey(sagaId, step, Phase.ACTION).fenceId());
        if (fence == null) {
            return Optional.empty();
        }
        synchronized (fence) {
            return Optional.ofNullable(fence.state);
        }
    }

    /** How many effects (actions and compensations) were applied. */
    public long appliedCount() {
        return applied.get();
    }

    /** How many calls were recognised as already processed and not applied again. */
    public long duplicateCount() {
        return duplicates.get();
    }

    /** How many actions were refused because their compensation came first. */
    public long refusedCount() {
        return refused.get();
    }

    @Override
    public String toString() {
        return "IdempotentParticipant[steps=" + fences.size() + ", applied=" + applied.get() + "]";
    }
}
