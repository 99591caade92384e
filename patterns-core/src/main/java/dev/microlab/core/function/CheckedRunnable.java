package dev.microlab.core.function;

/** A {@link Runnable} that may throw a checked exception. */
@FunctionalInterface
public interface CheckedRunnable {

    /** Runs, or throws what the work threw. */
    void run() throws Exception;
}
