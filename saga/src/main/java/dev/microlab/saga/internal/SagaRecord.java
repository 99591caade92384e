package dev.microlab.saga.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microlab.saga.SagaState;
import dev.microlab.saga.SagaStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of one saga instance, folded from its log entries. Not threadsafe: owned by one
 * run (whose steps are sequential) or built fresh by a reader.
 */
public final class SagaRecord {

    /** Where a step's action is. */
    public enum Forward { NONE, STARTED, FAILED_RETRYING, FAILED, SUCCEEDED }

    /** Where a step's compensation is. */
    public enum Backward { NONE, STARTED, FAILED_RETRYING, FAILED, SUCCEEDED }

    /** One step's part of the record. */
    public static final class StepRecord {
        public final String name;
        public Forward forward = Forward.NONE;
        public int attempts;
        /** How many attempts of the action were definitely refused (failed, not in doubt). */
        public int refusals;
        public boolean inDoubt;
        public Backward backward = Backward.NONE;
        public int compensationAttempts;

        StepRecord(String name) {
            this.name = name;
        }

        /** Whether the action may have had an effect: succeeded, or in doubt. */
        public boolean began() {
            return forward == Forward.SUCCEEDED || inDoubt;
        }
    }

    private String sagaType;
    private String sagaId;
    private JsonNode data;
    private long version = -1;
    private SagaState state;
    private String failedStep;
    private String failure;
    private String resolution;
    private final TreeMap<Integer, StepRecord> steps = new TreeMap<>();
    private final List<String> completed = new ArrayList<>();
    private final List<String> compensated = new ArrayList<>();

    /** Applies {@code entry}, written at stream version {@code atVersion}. */
    public void apply(LogEntry entry, long atVersion) {
        version = atVersion;
        if (entry instanceof LogEntry.Started e) {
            sagaType = e.sagaType();
            sagaId = e.sagaId();
            data = e.data();
            state = SagaState.RUNNING;
        } else if (entry instanceof LogEntry.StepStarted e) {
            StepRecord s = step(e.index(), e.step());
            s.forward = Forward.STARTED;
            s.attempts = e.attempt();
        } else if (entry instanceof LogEntry.StepSucceeded e) {
            StepRecord s = step(e.index(), e.step());
            s.forward = Forward.SUCCEEDED;
            s.attempts = e.attempt();
            data = e.data();
            completed.add(e.step());
        } else if (entry instanceof LogEntry.StepFailed e) {
            StepRecord s = step(e.index(), e.step());
            s.attempts = e.attempt();
            s.inDoubt |= e.inDoubt();
            if (!e.inDoubt()) {
                s.refusals++;
            }
            failure = e.error();
            if (e.retrying()) {
                s.forward = Forward.FAILED_RETRYING;
            } else {
                s.forward = Forward.FAILED;
                failedStep = e.step();
                state = SagaState.COMPENSATING;
            }
        } else if (entry instanceof LogEntry.CompensationStarted e) {
            StepRecord s = step(e.index(), e.step());
            s.backward = Backward.STARTED;
            s.compensationAttempts = e.attempt();
            state = SagaState.COMPENSATING;
        } else if (entry instanceof LogEntry.CompensationSucceeded e) {
            StepRecord s = step(e.index(), e.step());
            s.backward = Backward.SUCCEEDED;
            s.compensationAttempts = e.attempt();
            data = e.data();
            compensated.add(e.step());
        } else if (entry instanceof LogEntry.CompensationFailed e) {
            StepRecord s = step(e.index(), e.step());
            s.backward = e.retrying() ? Backward.FAILED_RETRYING : Backward.FAILED;
            s.compensationAttempts = e.attempt();
            failure = e.error();
        } else if (entry instanceof LogEntry.Cancelled e) {
            state = SagaState.COMPENSATING;
            failure = (e.deadline() ? "cancelled: " : "cancelled by an operator: ") + e.reason();
        } else if (entry instanceof LogEntry.CompensationRetried e) {
            state = SagaState.COMPENSATING;
            for (StepRecord s : steps.values()) {
                if (s.backward == Backward.FAILED) {
                    s.backward = Backward.NONE;
                    s.compensationAttempts = 0;
                }
            }
        } else if (entry instanceof LogEntry.Resolved e) {
            state = SagaState.RESOLVED;
            resolution = e.reason();
        } else if (entry instanceof LogEntry.Ended e) {
            state = SagaState.valueOf(e.state());
            if (e.reason() != null && state != SagaState.COMPLETED && failure == null) {
                failure = e.reason();
            }
        }
    }

    private StepRecord step(int index, String name) {
        return steps.computeIfAbsent(index, i -> new StepRecord(name));
    }

    /** The step at {@code index}, created empty if nothing was logged for it. */
    public StepRecord stepAt(int index, String name) {
        return step(index, name);
    }

    /** Whether a {@code Started} entry was applied. */
    public boolean isStarted() {
        return state != null;
    }

    public String sagaType() {
        return sagaType;
    }

    public String sagaId() {
        return sagaId;
    }

    public JsonNode data() {
        return data;
    }

    public long version() {
        return version;
    }

    public SagaState state() {
        return state;
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** The operator's reason, if the saga was resolved by hand. */
    public Optional<String> resolution() {
        return Optional.ofNullable(resolution);
    }

    /** Whether the action of step {@code index} was ever attempted. */
    public boolean attempted(int index) {
        StepRecord s = steps.get(index);
        return s != null && s.forward != Forward.NONE;
    }

    /** Whether any compensation failed for good. */
    public boolean anyCompensationFailed() {
        return steps.values().stream().anyMatch(s -> s.backward == Backward.FAILED);
    }

    /** The public view. */
    public SagaStatus toStatus() {
        return new SagaStatus(sagaId, sagaType, state, completed, compensated, Optional.ofNullable(failedStep),
                Optional.ofNullable(failure), version);
    }
}
