package dev.microlab.cqrs;

import dev.microlab.eventstore.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Projection} reports to listeners of its {@link Projection#eventPublisher()}: applied
 * batches, stops, parked events, restarts and the steps of a rebuild. Alert on {@link Stopped} and
 * {@link EventParked}: both mean the read model is not what the events say.
 *
 * <pre>{@code
 * summaries.eventPublisher().subscribe(e -> {
 *     if (e instanceof ProjectionEvent.EventParked p) {
 *         alerts.raise("parked " + p.deadLetter());
 *     }
 * });
 * }</pre>
 *
 * <p>Every event carries a {@link #sequence()} number, increasing per projection with no gaps
 * while a listener is subscribed: a listener that needs a linear history holds an event back
 * until the one numbered before it has arrived.
 *
 * <p>Every implementation is an immutable record, so this type is threadsafe.
 */
public sealed interface ProjectionEvent {

    /** The projection's name. */
    String projection();

    /**
     * This event's number among the events of its projection: 1, 2, 3 ... in the order the
     * changes they report were made. A rebuild runs on the caller's thread while the projection
     * runs on its own, so a listener can be called out of order; sorting by this number restores
     * the projection's history.
     */
    long sequence();

    /**
     * Applying an event failed (its handler threw under policy STOP, or the projection store refused the
     * commit): the projection stopped at {@code failure.checkpoint()}.
     */
    record Stopped(String projection, ProjectionFailure failure, long sequence) implements ProjectionEvent {
    }

    /** A handler threw and the policy is PARK: the event was parked and skipped, visibly. */
    record EventParked(String projection, DeadLetter deadLetter, long sequence) implements ProjectionEvent {
    }

    /**
     * A batch of events was applied (published only while someone listens): the events the
     * projection took from {@code fromPosition} to {@code toPosition} in one step of its
     * subscription, in position order — their {@link RecordedEvent#metadata() metadata} says
     * which commands produced them — and how long applying them took by the projection's time
     * source. Every generation reports its batches, a rebuild's too ({@code generation}).
     */
    record BatchApplied(String projection, int generation, long fromPosition, long toPosition,
            List<RecordedEvent> batch, Duration took, long sequence) implements ProjectionEvent {

        /** Copies {@code batch}. */
        public BatchApplied {
            batch = List.copyOf(batch);
            Objects.requireNonNull(took, "took must not be null");
        }

        /** How many events the batch applied. */
        public int size() {
            return batch.size();
        }
    }

    /** A stopped projection was restarted from {@code checkpoint}. */
    record Restarted(String projection, long checkpoint, long sequence) implements ProjectionEvent {
    }

    /** A rebuild began: a fresh read model is being built from position 0 while the current one serves. */
    record RebuildStarted(String projection, int generation, long sequence) implements ProjectionEvent {
    }

    /**
     * A rebuild's progress, after each batch: {@code done} events of the {@code target} (the
     * store's last position when the rebuild began; the live subscription takes what comes
     * after), at {@code eventsPerSecond} by the projection's time source (0 before any time passed).
     */
    record RebuildProgress(String projection, int generation, long done, long target, double eventsPerSecond, long sequence) implements ProjectionEvent {
    }

    /**
     * A rebuilt read model replaced the old one. {@code eventsWhileSwitching}: how many events
     * the new model applied while the old one was stopped (the time waiting queries could not
     * advance); at most about one batch.
     */
    record Swapped(String projection, int generation, long oldPosition, long newPosition, long eventsWhileSwitching, long sequence) implements ProjectionEvent {
    }

    /** A rebuild was cancelled ({@link Projection#cancelRebuild()}) after {@code done} events; the old model serves on. */
    record RebuildCancelled(String projection, int generation, long done, long sequence) implements ProjectionEvent {
    }

    /** A rebuild failed; the old read model still serves. */
    record RebuildFailed(String projection, int generation, Throwable error, long sequence) implements ProjectionEvent {
    }
}
