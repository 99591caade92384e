package dev.microlab.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * What every asynchronous policy does with stages: unwrap a failure, cancel a stage, and turn
 * what a supplier threw into a failed stage (the rule is in
 * {@link dev.microlab.core.policy.Policy}).
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
     * A stage already failed with {@code failure}; a {@linkplain Throwables#isFatal fatal}
     * failure is rethrown instead.
     */
    public static <T> CompletableFuture<T> failed(Throwable failure) {
        return CompletableFuture.failedFuture(Throwables.rethrowIfFatal(failure));
    }
}
