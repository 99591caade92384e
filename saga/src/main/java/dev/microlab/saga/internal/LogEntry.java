package dev.microlab.saga.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a saga's log stream, stored as JSON under a stable type alias. The saga's
 * whole state is the fold of these entries ({@link SagaRecord}). The records are threadsafe
 * (immutable).
 */
public sealed interface LogEntry {

    /** The stable type alias stored in the event store. */
    String type();

    /** The first entry of a saga stream; also the payload of its entry in the index stream. */
    record Started(String sagaType, String sagaId, JsonNode data) implements LogEntry {
        public static final String TYPE = "saga-started";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** An attempt of a step's action is about to run (written before the call). */
    record StepStarted(int index, String step, int attempt) implements LogEntry {
        public static final String TYPE = "saga-step-started";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The action succeeded; {@code data} is the saga data after it. */
    record StepSucceeded(int index, String step, int attempt, JsonNode data) implements LogEntry {
        public static final String TYPE = "saga-step-succeeded";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * An attempt failed. {@code retrying}: another attempt follows; otherwise the saga turns to
     * compensation. {@code inDoubt}: the action may have applied (timeout, or found started
     * without outcome after a restart), so it is compensated too.
     */
    record StepFailed(int index, String step, int attempt, String error, boolean retrying, boolean inDoubt)
            implements LogEntry {
        public static final String TYPE = "saga-step-failed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** An attempt of a compensation is about to run (written before the call). */
    record CompensationStarted(int index, String step, int attempt) implements LogEntry {
        public static final String TYPE = "saga-compensation-started";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The compensation succeeded; {@code data} is the saga data after it. */
    record CompensationSucceeded(int index, String step, int attempt, JsonNode data) implements LogEntry {
        public static final String TYPE = "saga-compensation-succeeded";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** An attempt of a compensation failed; {@code retrying}: another follows. */
    record CompensationFailed(int index, String step, int attempt, String error, boolean retrying)
            implements LogEntry {
        public static final String TYPE = "saga-compensation-failed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** An operator cancelled the running saga before its pivot: it turns to compensation. */
    record Cancelled(String reason, boolean deadline) implements LogEntry {
        public static final String TYPE = "saga-cancelled";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** An operator reopened a FAILED saga: its failed compensations are tried again from attempt 1. */
    record CompensationRetried(String reason) implements LogEntry {
        public static final String TYPE = "saga-compensation-retried";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** An operator repaired a FAILED saga by hand; it is RESOLVED for good. */
    record Resolved(String reason) implements LogEntry {
        public static final String TYPE = "saga-resolved";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * In the archive stream: a saga that ended (COMPLETED, COMPENSATED or RESOLVED) and was taken
     * out of the active index.
     */
    record Archived(String sagaType, String sagaId, String state) implements LogEntry {
        public static final String TYPE = "saga-archived";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * In the carry stream: an unfinished saga copied there by an archiving pass (number
     * {@code generation}) before the active index is rewritten, so that a crash in between loses
     * no saga.
     */
    record Carried(String sagaType, String sagaId, JsonNode data, long generation) implements LogEntry {
        public static final String TYPE = "saga-carried";

        @Override
        public String type() {
            return TYPE;
        }

        /** The index entry it stands for. */
        public Started started() {
            return new Started(sagaType, sagaId, data);
        }
    }

    /** The terminal entry. {@code state} is COMPLETED, COMPENSATED or FAILED. */
    record Ended(String state, String reason) implements LogEntry {
        public static final String TYPE = "saga-ended";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
