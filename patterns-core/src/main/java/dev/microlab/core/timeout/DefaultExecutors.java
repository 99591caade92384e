package dev.microlab.core.timeout;

import dev.microlab.core.time.Scheduler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared daemon threads a {@link TimeLimiter} uses when none are configured; created on
 * first use. Daemon threads never keep the JVM alive.
 */
final class DefaultExecutors {

    private DefaultExecutors() {
    }

    /** One daemon thread that fires timeouts; cancelled timers are removed at once. */
    static Scheduler scheduler() {
        return SchedulerHolder.SCHEDULER;
    }

    /** An unbounded pool of daemon threads for blocking calls. */
    static ExecutorService executor() {
        return ExecutorHolder.EXECUTOR;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static final class SchedulerHolder {
        static final Scheduler SCHEDULER;

        static {
            ScheduledThreadPoolExecutor executor =
                    new ScheduledThreadPoolExecutor(1, daemon("microlab-time-limiter-timer-"));
            executor.setRemoveOnCancelPolicy(true);
            SCHEDULER = Scheduler.of(executor);
        }
    }

    private static final class ExecutorHolder {
        static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(daemon("microlab-time-limiter-call-"));
    }
}
