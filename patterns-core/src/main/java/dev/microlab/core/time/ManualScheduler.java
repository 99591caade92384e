package dev.microlab.core.time;

import dev.microlab.core.internal.Nanos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Scheduler} for deterministic tests: tasks run on the thread that calls
 * {@link #advance(Duration)}, in due-time order (ties in scheduling order), each with the
 * manual clock set to exactly its due time.
 *
 * <pre>{@code
 * ManualTimeSource time = new ManualTimeSource();
 * ManualScheduler scheduler = new ManualScheduler(time);
 * scheduler.schedule(Duration.ofSeconds(5), () -> System.out.println("at " + time.elapsed()));
 * scheduler.advance(Duration.ofSeconds(10));   // prints "at PT5S"; the clock ends at PT10S
 * }</pre>
 *
 * <p>Delays and advances too large for the clock saturate: a task scheduled with a delay past
 * {@code Long.MAX_VALUE} nanoseconds of clock waits for ever instead of wrapping around and
 * firing at once.
 *
 * <p>This class is threadsafe: tasks may be scheduled from any thread, including from inside
 * a running task (a task due within the advanced window then runs in the same advance).
 */
public final class ManualScheduler implements Scheduler {

    private final ManualTimeSource time;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long sequence;

    /** A scheduler driven by {@code time}. */
    public ManualScheduler(ManualTimeSource time) {
        this.time = Objects.requireNonNull(time, "time must not be null");
    }

    /** The clock this scheduler drives. */
    public ManualTimeSource timeSource() {
        return time;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay must not be null");
        Objects.requireNonNull(task, "task must not be null");
        Task entry;
        synchronized (queue) {
            long due = Nanos.add(time.nanoTime(), nanos(delay));
            entry = new Task(due, sequence++, task);
            queue.add(entry);
        }
        return () -> {
            boolean first = entry.cancelled.compareAndSet(false, true);
            synchronized (queue) {
                queue.remove(entry);
            }
            return first;
        };
    }

    /**
     * Moves the clock forward by {@code amount}, running every task that falls due on the way
     * with the clock set to its due time, then leaves the clock at the end of the window.
     *
     * @return the number of tasks run
     */
    public int advance(Duration amount) {
        Objects.requireNonNull(amount, "amount must not be null");
        if (amount.isNegative()) {
            throw new IllegalArgumentException(
                    "amount must be >= 0 (time never goes backwards), but was " + amount);
        }
        long end = Nanos.add(time.nanoTime(), nanos(amount));
        int ran = 0;
        while (true) {
            Task next;
            synchronized (queue) {
                next = queue.peek();
                if (next == null || next.due > end) {
                    break;
                }
                queue.poll();
            }
            long now = time.nanoTime();
            if (next.due > now) {
                time.advanceNanos(next.due - now);
            }
            if (!next.cancelled.get()) {
                next.task.run();
                ran++;
            }
        }
        long now = time.nanoTime();
        if (end > now) {
            time.advanceNanos(end - now);
        }
        return ran;
    }

    /** Runs the tasks due now without moving the clock. */
    public int runDueTasks() {
        return advance(Duration.ZERO);
    }

    /** How many tasks are waiting. */
    public int pendingTasks() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** The delays until each pending task, soonest first. */
    public List<Duration> pendingDelays() {
        List<Duration> delays = new ArrayList<>();
        synchronized (queue) {
            long now = time.nanoTime();
            queue.stream().sorted().forEach(t -> delays.add(Duration.ofNanos(t.due - now)));
        }
        return delays;
    }

    /**
     * A delay in nanoseconds, negative as 0 and too long for a {@code long} as
     * {@link Long#MAX_VALUE} ({@link Duration#toNanos()} throws beyond about 292 years).
     */
    private static long nanos(Duration delay) {
        return delay.isNegative() ? 0 : Nanos.of(delay);
    }

    private static final class Task implements Comparable<Task> {
        final long due;
        final long seq;
        final Runnable task;
        final AtomicBoolean cancelled = new AtomicBoolean();

        Task(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(seq, other.seq);
        }
    }
}
