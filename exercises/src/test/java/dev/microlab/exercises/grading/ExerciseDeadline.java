package dev.microlab.exercises.grading;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * One deadline per exercise for a student's run: all the checks of an exercise together get
 * {@value #DEFAULT_SECONDS} s (configuration parameter {@value #PARAMETER}), so an endless loop
 * costs at most that much however many checks run into it. A check still running at the deadline
 * is stopped: its thread's stack (where the student's code was stuck) becomes the cause of the
 * {@link TimeoutException} it fails with, and the thread is stopped so that it does not spin on
 * while the next checks run. The checks after the deadline fail at once, saying why.
 *
 * <p>Registered through {@code META-INF/services} and active only where extension
 * auto-detection is on: a student's {@code ./grade} run and the wrong-solution check, not the
 * project's own test runs.
 *
 * <p>This class is threadsafe: deadlines are kept per exercise in a concurrent map.
 */
public final class ExerciseDeadline implements InvocationInterceptor {

    /** The configuration parameter holding the budget of each exercise, in seconds. */
    public static final String PARAMETER = "grading.exercise.deadline.seconds";
    static final long DEFAULT_SECONDS = 15;

    /** Per exercise (tag), the System.nanoTime() by which its checks must be done. */
    private static final Map<String, Long> DEADLINES = new ConcurrentHashMap<>();

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        Optional<LearningPath> exercise = context.getTags().stream().map(LearningPath::bySlug)
                .flatMap(Optional::stream).findFirst();
        if (exercise.isEmpty()) {
            invocation.proceed();
            return;
        }
        long budget = Duration.ofSeconds(context.getConfigurationParameter(PARAMETER).map(Long::parseLong)
                .orElse(DEFAULT_SECONDS)).toNanos();
        // Keyed by the run too: the wrong-solution check grades many copies of an exercise in one JVM.
        String key = exercise.get().slug() + "@" + context.getRoot().getUniqueId() + System.identityHashCode(context.getRoot());
        long deadline = DEADLINES.computeIfAbsent(key, k -> System.nanoTime() + budget);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException("not run: the checks of " + exercise.get().slug() + " used up their "
                    + Duration.ofNanos(budget).toSeconds() + " s (an earlier check was stuck)");
        }
        run(invocation, left, Duration.ofNanos(budget).toSeconds(), context.getRequiredTestMethod().getName());
    }

    private static void run(Invocation<Void> invocation, long nanos, long budgetSeconds, String method) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread check = new Thread(() -> {
            try {
                invocation.proceed();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "check " + method);
        check.setDaemon(true);
        check.start();
        check.join(Math.max(1, nanos / 1_000_000), (int) (nanos % 1_000_000));
        if (check.isAlive()) {
            Exception stuck = new Exception("where the check was when its time ran out");
            stuck.setStackTrace(check.getStackTrace());
            stop(check);
            TimeoutException timeout = new TimeoutException(method + "() was still running when the "
                    + budgetSeconds + " s of its exercise ran out");
            timeout.initCause(stuck);
            throw timeout;
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Interrupts, then stops (JDK 17) a check that does not end, so it stops using the CPU. */
    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread check) {
        check.interrupt();
        try {
            check.join(100);
            if (check.isAlive()) {
                check.stop();
            }
        } catch (UnsupportedOperationException e) {
            // JDK 20+ cannot stop a thread: the daemon thread spins on until the run ends.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
