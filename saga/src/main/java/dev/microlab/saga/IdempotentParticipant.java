package dev.microlab.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.core.function.CheckedRunnable;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
 * <p><b>Where the fences live.</b> {@code new IdempotentParticipant()} keeps them in memory,
 * which is right for tests, examples and a participant whose own state is in memory.
 * {@link #onEventStore(EventStore, String)} keeps them in an {@link EventStore} (one small
 * stream per fence, {@code fence-<participant>-<sagaId>:<step>}, written with an exact expected
 * version), so they survive a restart of the participant: on a {@code FileEventStore} a
 * duplicate, a late action or a null compensation is recognised after the process died. The
 * fence entry is written right after the effect; a process that dies between the two applies
 * the effect again on the retry, so give the effect its own idempotence (or keep the records in
 * the same local transaction as the effect, as a participant with a database does with a
 * table: the rules are the same). Serve one participant name from one process at a time: a
 * second writer of the same fence is detected (the append fails) but its effect has run.
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

    /** What one fence holds: its state, the action's result, and the version of its record. */
    private record Fence(FenceState state, Object result, long version) {
        static final Fence EMPTY = new Fence(null, null, EventStore.NO_VERSION);
    }

    /** Where fences are kept: in memory, or in an event store. */
    private interface Fences {
        Fence load(String fenceId);

        /** Records {@code next} over {@code previous} (the caller holds the fence's lock). */
        void record(String fenceId, Fence previous, FenceState next, Object result);

        int size();
    }

    private final Fences fences;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** A participant whose fences are kept in memory (lost with the process). */
    public IdempotentParticipant() {
        this(new MemoryFences());
    }

    private IdempotentParticipant(Fences fences) {
        this.fences = fences;
    }

    /**
     * A participant whose fences are kept in {@code store}, one stream per fence named after
     * {@code participant}: they survive restarts. Action results are stored as JSON with a plain
     * {@code ObjectMapper}.
     *
     * @throws IllegalArgumentException if {@code participant} is not 1 to 60 ASCII letters, digits and . _ -
     */
    public static IdempotentParticipant onEventStore(EventStore store, String participant) {
        return onEventStore(store, participant, new ObjectMapper());
    }

    /**
     * As {@link #onEventStore(EventStore, String)}, writing action results with {@code mapper}.
     *
     * @throws IllegalArgumentException if {@code participant} is not 1 to 60 ASCII letters, digits and . _ -
     */
    public static IdempotentParticipant onEventStore(EventStore store, String participant, ObjectMapper mapper) {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(mapper, "mapper must not be null");
        IdempotencyKey.checkName("participant", participant);
        if (participant.length() > 60) {
            throw new IllegalArgumentException("participant must be at most 60 characters, but was "
                    + participant.length() + ": '" + participant + "'");
        }
        return new IdempotentParticipant(new StoredFences(store, participant, mapper));
    }

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
        return execute(key, null, effect);
    }

    /**
     * As {@link #execute(IdempotencyKey, CheckedSupplier)}; a duplicate's recorded result is read
     * back as {@code resultType} (for fences kept in an event store, where it is stored as JSON;
     * without a type it is read back as Jackson's plain types: strings, numbers, maps, lists).
     */
    public <R> R execute(IdempotencyKey key, Class<R> resultType, CheckedSupplier<R> effect) throws Exception {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(effect, "effect must not be null");
        if (key.phase() != Phase.ACTION) {
            throw new IllegalArgumentException("execute needs an action key, but was " + key);
        }
        String fenceId = key.fenceId();
        synchronized (lockOf(fenceId)) {
            Fence fence = fences.load(fenceId);
            if (fence.state() == FenceState.COMPENSATED || fence.state() == FenceState.NULL_COMPENSATED) {
                refused.incrementAndGet();
                throw new ActionRefusedException(key);
            }
            if (fence.state() == FenceState.ACTION_APPLIED) {
                duplicates.incrementAndGet();
                return resultOf(fence.result(), resultType);
            }
            R result = effect.get();
            fences.record(fenceId, fence, FenceState.ACTION_APPLIED, result);
            applied.incrementAndGet();
            return result;
        }
    }

    @SuppressWarnings("unchecked")
    private <R> R resultOf(Object stored, Class<R> resultType) {
        if (stored instanceof StoredResult json) {
            return json.as(resultType);
        }
        return resultType == null ? (R) stored : resultType.cast(stored);
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
        String fenceId = key.fenceId();
        synchronized (lockOf(fenceId)) {
            Fence fence = fences.load(fenceId);
            if (fence.state() == null) {
                fences.record(fenceId, fence, FenceState.NULL_COMPENSATED, null);
                return false;
            }
            if (fence.state() != FenceState.ACTION_APPLIED) {
                duplicates.incrementAndGet();
                return false;
            }
            effect.run();
            fences.record(fenceId, fence, FenceState.COMPENSATED, null);
            applied.incrementAndGet();
            return true;
        }
    }

    private Object lockOf(String fenceId) {
        return locks.computeIfAbsent(fenceId, id -> new Object());
    }

    /** The fence of {@code sagaId:step}, if anything was recorded for it. */
    public Optional<FenceState> fence(String sagaId, String step) {
        String fenceId = new IdempotencyKey(sagaId, step, Phase.ACTION).fenceId();
        synchronized (lockOf(fenceId)) {
            return Optional.ofNullable(fences.load(fenceId).state());
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

    /** Fences in a map: lost with the process. */
    private static final class MemoryFences implements Fences {
        private final ConcurrentHashMap<String, Fence> map = new ConcurrentHashMap<>();

        @Override
        public Fence load(String fenceId) {
            return map.getOrDefault(fenceId, Fence.EMPTY);
        }

        @Override
        public void record(String fenceId, Fence previous, FenceState next, Object result) {
            map.put(fenceId, new Fence(next, result, previous.version() + 1));
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    /** A result read back from JSON, converted to the caller's type on demand. */
    private record StoredResult(JsonNode json, ObjectMapper mapper) {
        <R> R as(Class<R> type) {
            try {
                @SuppressWarnings("unchecked")
                R value = type == null ? (R) mapper.treeToValue(json, Object.class) : mapper.treeToValue(json, type);
                return value;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the recorded result " + json + " cannot be read as "
                        + (type == null ? "a plain value" : type.getName()) + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Fences in an event store: one stream per fence, one entry per change, appended with the
     * exact version that was read, with an id derived from the fence and the new state (so a
     * repeated write is recognised by the store).
     */
    private static final class StoredFences implements Fences {
        private static final String APPLIED = "fence-action-applied";
        private static final String COMPENSATED = "fence-compensated";
        private static final String NULL_COMPENSATED = "fence-null-compensated";

        private final EventStore store;
        private final String participant;
        private final ObjectMapper mapper;
        private final java.util.Set<String> seen = ConcurrentHashMap.newKeySet();

        StoredFences(EventStore store, String participant, ObjectMapper mapper) {
            this.store = store;
            this.participant = participant;
            this.mapper = mapper;
        }

        private StreamName streamOf(String fenceId) {
            return StreamName.of("fence-" + participant + "-" + fenceId);
        }

        @Override
        public Fence load(String fenceId) {
            Fence fence = Fence.EMPTY;
            for (RecordedEvent e : store.readStreamForward(streamOf(fenceId), 0, 10)) {
                FenceState state = switch (e.type()) {
                    case APPLIED -> FenceState.ACTION_APPLIED;
                    case COMPENSATED -> FenceState.COMPENSATED;
                    case NULL_COMPENSATED -> FenceState.NULL_COMPENSATED;
                    default -> throw new IllegalStateException("fence stream " + e.stream()
                            + " holds an event of unknown type '" + e.type() + "' at version " + e.streamVersion());
                };
                Object result = fence.result();
                if (state == FenceState.ACTION_APPLIED) {
                    try {
                        result = new StoredResult(mapper.readTree(e.data()), mapper);
                    } catch (java.io.IOException ex) {
                        throw new IllegalStateException("cannot read the recorded result in " + e.stream() + ": "
                                + ex.getMessage(), ex);
                    }
                }
                fence = new Fence(state, state == FenceState.ACTION_APPLIED ? result : null, e.streamVersion());
            }
            return fence;
        }

        @Override
        public void record(String fenceId, Fence previous, FenceState next, Object result) {
            String type = switch (next) {
                case ACTION_APPLIED -> APPLIED;
                case COMPENSATED -> COMPENSATED;
                case NULL_COMPENSATED -> NULL_COMPENSATED;
            };
            byte[] data;
            try {
                data = next == FenceState.ACTION_APPLIED ? mapper.writeValueAsBytes(result) : new byte[] {'{', '}'};
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the result of the action of " + fenceId + " ("
                        + result.getClass().getName() + ") cannot be written as JSON: " + e.getMessage(), e);
            }
            UUID id = UUID.nameUUIDFromBytes((participant + "/" + fenceId + "/" + type)
                    .getBytes(StandardCharsets.UTF_8));
            try {
                store.append(streamOf(fenceId), ExpectedVersion.of(previous.version()), EventData.of(id, type, data));
            } catch (WrongExpectedVersionException e) {
                throw new IllegalStateException("the fence " + fenceId + " of participant '" + participant
                        + "' was changed by another process; serve a participant from one process at a time", e);
            }
            seen.add(fenceId);
        }

        @Override
        public int size() {
            return seen.size();
        }
    }
}
