package dev.microlab.cqrs;

/**
 * Code that runs around every command the {@link CommandBus} dispatches: validation,
 * correlation and logging, retry on a concurrency conflict. Interceptors form a chain in the
 * order they were added to the bus; the first one is the outermost, the handler is last.
 *
 * <pre>{@code
 * CommandInterceptor timing = (message, chain) -> {
 *     long start = time.nanoTime();
 *     try {
 *         return chain.proceed(message);
 *     } finally {
 *         metrics.record(message.commandType(), time.nanoTime() - start);
 *     }
 * };
 * }</pre>
 *
 * <p>Implementations must be threadsafe: one interceptor serves every command at once.
 * {@link CommandInterceptors} and {@link ConflictRetryInterceptor} hold the built-in ones.
 */
@FunctionalInterface
public interface CommandInterceptor {

    /**
     * Handles {@code message}, usually by calling {@code chain.proceed} (once, several times
     * for a retry, or not at all to refuse it).
     */
    CommandResult intercept(CommandMessage<?> message, Chain chain) throws Exception;

    /** The rest of the chain: the next interceptors and, at the end, the handler. */
    @FunctionalInterface
    interface Chain {
        /** Passes {@code message} on. */
        CommandResult proceed(CommandMessage<?> message) throws Exception;
    }
}
