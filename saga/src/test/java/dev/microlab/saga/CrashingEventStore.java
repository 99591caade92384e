package dev.microlab.saga;

import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.ForwardingEventStore;
import dev.microlab.eventstore.StreamName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An event store that "kills the process" at a chosen append: {@link When#AFTER} the k-th
 * append is written, or {@link When#BEFORE} it is. From then on every append throws
 * {@link Crash}, as if the orchestrator were gone; reads still work. It also records the type
 * of every append, so a test can tell what the k-th append of a run was.
 */
final class CrashingEventStore extends ForwardingEventStore {

    /** Where the crash falls relative to the k-th append. */
    enum When { BEFORE, AFTER }

    /** The simulated death of the process. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(int append) {
            super("simulated crash at append " + append);
        }
    }

    private final int crashAt;
    private final When when;
    private final List<String> appended = Collections.synchronizedList(new ArrayList<>());
    private int count;
    private boolean dead;

    /** @param crashAt the 1-based append to crash at; 0 never crashes */
    CrashingEventStore(EventStore delegate, int crashAt, When when) {
        super(delegate);
        this.crashAt = crashAt;
        this.when = when;
    }

    /** The types of the appends made, in order ("stream type"). */
    List<String> appended() {
        synchronized (appended) {
            return List.copyOf(appended);
        }
    }

    boolean crashed() {
        synchronized (this) {
            return dead;
        }
    }

    @Override
    public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events) {
        synchronized (this) {
            if (dead) {
                throw new Crash(count);
            }
            count++;
            if (count == crashAt && when == When.BEFORE) {
                dead = true;
                throw new Crash(count);
            }
        }
        AppendResult result = super.append(stream, expected, events);
        appended.add(stream.category() + " " + events.get(0).type());
        synchronized (this) {
            if (count == crashAt && when == When.AFTER) {
                dead = true;
                throw new Crash(count);
            }
        }
        return result;
    }
}
