package dev.microlab.eventstore.internal;

import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.FsyncPolicy;

/**
 * When the file store forces its active segment, given its {@link FsyncPolicy}: after every
 * append ({@code always}), never on append ({@code never}), or ({@code group}) when
 * {@code maxRecords} appends are unforced or the oldest of them is {@code maxDelay} old.
 *
 * <p>For {@code group} the deadline is kept by a one-shot task scheduled when an append finds
 * nothing unforced, due exactly {@code maxDelay} after that append: an acknowledged append
 * stays unforced at most {@code maxDelay} (plus the scheduler's own lateness). A periodic check
 * every {@code maxDelay} would let it wait up to twice as long.
 *
 * <p>Not threadsafe: the store calls it with its write lock held; the deadline task takes that
 * lock before it asks {@link #due()}.
 */
public final class GroupCommit {

    private final FsyncPolicy policy;
    private final TimeSource time;
    private final Scheduler scheduler;
    private final Runnable onDeadline;
    private int unforced;
    private long firstUnforcedNanos;
    private Scheduler.Cancellable deadline;

    /**
     * @param scheduler  runs {@code onDeadline}; only used by a group policy
     * @param onDeadline called (without any lock) when the oldest unforced append may be due
     */
    public GroupCommit(FsyncPolicy policy, TimeSource time, Scheduler scheduler, Runnable onDeadline) {
        this.policy = policy;
        this.time = time;
        this.scheduler = scheduler;
        this.onDeadline = onDeadline;
    }

    /** Records a written frame; returns true if it must be forced now. */
    public boolean mustForceAfterWrite() {
        if (policy instanceof FsyncPolicy.Always) {
            unforced++;
            return true;
        }
        if (!(policy instanceof FsyncPolicy.Group group)) {
            unforced++;
            return false;
        }
        long now = time.nanoTime();
        if (unforced++ == 0) {
            firstUnforcedNanos = now;
            deadline = scheduler.schedule(group.maxDelay(), onDeadline);
        }
        return unforced >= group.maxRecords() || now - firstUnforcedNanos >= group.maxDelay().toNanos();
    }

    /** Whether a group deadline has passed with appends still unforced. */
    public boolean due() {
        return policy instanceof FsyncPolicy.Group group && unforced > 0
                && time.nanoTime() - firstUnforcedNanos >= group.maxDelay().toNanos();
    }

    /** How many written frames are not forced yet. */
    public int unforced() {
        return unforced;
    }

    /** Everything written so far was forced. */
    public void forced() {
        unforced = 0;
        cancelDeadline();
    }

    /** Drops a pending deadline (on close). */
    public void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }
}
