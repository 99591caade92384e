package dev.microlab.saga;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The execution of one saga instance as its log recorded it: every step attempt, failure,
 * compensation and the end, in order, with the participant each call went to. It renders as
 * a Mermaid {@code sequenceDiagram} for the guide and the catalog.
 *
 * <pre>{@code
 * SagaTrace trace = orchestrator.trace("order-42").orElseThrow();
 * String mermaid = trace.toMermaid();   // paste into a ```mermaid block
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param sagaId   the instance
 * @param sagaType the definition's name
 * @param entries  the log entries, in order
 */
public record SagaTrace(String sagaId, String sagaType, List<Entry> entries) {

    /** Validates and copies. */
    public SagaTrace {
        Objects.requireNonNull(sagaId, "sagaId must not be null");
        Objects.requireNonNull(sagaType, "sagaType must not be null");
        entries = List.copyOf(entries);
    }

    /** What a log entry records. */
    public enum Kind {
        /** The saga was started. */
        SAGA_STARTED,
        /** An action attempt was about to be called. */
        STEP_STARTED,
        /** The action succeeded. */
        STEP_SUCCEEDED,
        /** An action attempt failed. */
        STEP_FAILED,
        /** A compensation attempt was about to be called. */
        COMPENSATION_STARTED,
        /** The compensation succeeded. */
        COMPENSATION_SUCCEEDED,
        /** A compensation attempt failed. */
        COMPENSATION_FAILED,
        /** An operator cancelled the saga before its pivot. */
        SAGA_CANCELLED,
        /** An operator reopened the FAILED saga's compensation. */
        COMPENSATION_RETRIED,
        /** An operator marked the FAILED saga resolved. */
        SAGA_RESOLVED,
        /** The saga ended. */
        SAGA_ENDED
    }

    /**
     * One log entry.
     *
     * @param version     its version in the saga's stream
     * @param recordedAt  when the store recorded it
     * @param kind        what it records
     * @param step        the step, or null for saga-level entries
     * @param participant the participant of the step, or null
     * @param attempt     the attempt number, or 0
     * @param detail      an error, "will retry", the terminal state..., or empty
     */
    public record Entry(long version, Instant recordedAt, Kind kind, String step, String participant, int attempt,
            String detail) {
        /** Validates. */
        public Entry {
            Objects.requireNonNull(recordedAt, "recordedAt must not be null");
            Objects.requireNonNull(kind, "kind must not be null");
            Objects.requireNonNull(detail, "detail must not be null");
        }
    }

    /**
     * The trace as a Mermaid sequence diagram: the orchestrator and one lane per participant,
     * a solid arrow per call, a dashed reply for a success, a cross for a failure, and a note
     * for the start and the end.
     */
    public String toMermaid() {
        StringBuilder out = new StringBuilder("sequenceDiagram\n");
        out.append("    participant S as Saga ").append(text(sagaId)).append('\n');
        Map<String, String> lanes = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.participant() != null && !lanes.containsKey(e.participant())) {
                String id = "P" + (lanes.size() + 1);
                lanes.put(e.participant(), id);
                out.append("    participant ").append(id).append(" as ").append(text(e.participant())).append('\n');
            }
        }
        for (Entry e : entries) {
            String lane = e.participant() == null ? null : lanes.get(e.participant());
            String attempt = e.attempt() > 1 ? " (attempt " + e.attempt() + ")" : "";
            switch (e.kind()) {
                case SAGA_STARTED -> out.append("    Note over S: started ").append(text(sagaType)).append('\n');
                case STEP_STARTED -> out.append("    S->>").append(lane).append(": ").append(text(e.step()))
                        .append(attempt).append('\n');
                case STEP_SUCCEEDED -> out.append("    ").append(lane).append("-->>S: ").append(text(e.step()))
                        .append(" ok\n");
                case STEP_FAILED -> out.append("    ").append(lane).append("--xS: ").append(text(e.step()))
                        .append(" failed: ").append(text(e.detail())).append('\n');
                case COMPENSATION_STARTED -> out.append("    S->>").append(lane).append(": compensate ")
                        .append(text(e.step())).append(attempt).append('\n');
                case COMPENSATION_SUCCEEDED -> out.append("    ").append(lane).append("-->>S: ")
                        .append(text(e.step())).append(" compensated\n");
                case COMPENSATION_FAILED -> out.append("    ").append(lane).append("--xS: compensate ")
                        .append(text(e.step())).append(" failed: ").append(text(e.detail())).append('\n');
                case SAGA_CANCELLED -> out.append("    Note over S: cancelled: ").append(text(e.detail())).append('\n');
                case COMPENSATION_RETRIED -> out.append("    Note over S: compensation retried: ").append(text(e.detail()))
                        .append('\n');
                case SAGA_RESOLVED -> out.append("    Note over S: RESOLVED: ").append(text(e.detail())).append('\n');
                case SAGA_ENDED -> out.append("    Note over S: ").append(text(e.detail())).append('\n');
                default -> throw new IllegalStateException("unknown kind " + e.kind());
            }
        }
        return out.toString();
    }

    /** Mermaid-safe text: no line breaks, no statement or entity separators, at most 80 characters. */
    private static String text(String s) {
        String clean = s.replaceAll("[\\r\\n]+", " ").replace(';', ',').replace('#', ' ')
                .replace("-->>", "->").replace("->>", "->");
        return clean.length() <= 80 ? clean : clean.substring(0, 77) + "...";
    }
}
