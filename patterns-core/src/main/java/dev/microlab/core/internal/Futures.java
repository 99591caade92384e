package dev.microlab.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * What every asynchronous policy does with stages: unwrap a failure, cancel a stage, and turn
 * what a supplier threw into a failed stage.
 *
 * <p>The one rule for what a supplier throws (see {@link dev.microlab.core.policy.Policy}):
 * anything it throws — an unchecked exception, a checked one thrown sneakily, an
 * {@link Error} — fails the returned stage, exactly as if the stage it should have returned had
 * failed; only a {@link VirtualMachineError} (out of memory, stack overflow) is rethrown at once,
 * because the JVM may not be able to go on.
 *
 * <p>This class is threadsafe (stateless).
 */
public final class Futures {

    private Futures() {
    }

    /**
     * The failure a caller should see: {@code failure} without the {@link CompletionException}
     * and {@link ExecutionException} layers that {@link CompletableFuture} adds around it. A
     * wrapper without a cause is kept as it is.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Cancels {@code stage} through {@code toCompletableFuture().cancel(true)}.
     *
     * @return true if this call cancelled it; false if it was already complete or cannot be
     *     cancelled (a stage whose {@code toCompletableFuture()} is unsupported)
     */
    public static boolean cancel(CompletionStage<?> stage) {
        try {
            return stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException notCancellable) {
            return false;
        }
    }

    /**
     * Whether {@code failure} must never be caught and turned into an outcome: a
     * {@link VirtualMachineError}.
     */
    public static boolean isFatal(Throwable failure) {
        return failure instanceof VirtualMachineError;
    }

    /**
     * Rethrows {@code failure} if it {@linkplain #isFatal is fatal}; otherwise returns it, so a
     * caller can write {@code catch (Throwable t) { fail(rethrowIfFatal(t)); }}.
     */
    public static Throwable rethrowIfFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        return failure;
    }

    /** A stage already failed with {@code failure}, which is rethrown instead if it is fatal. */
    public static <T> CompletableFuture<T> failed(Throwable failure) {
        return CompletableFuture.failedFuture(rethrowIfFatal(failure));
    }
}
