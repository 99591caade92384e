package dev.microlab.cqrs;

/**
 * A command handler threw a checked exception; {@link CommandBus#dispatch} wraps it here so
 * that dispatch stays free of {@code throws Exception}. Unchecked exceptions (a
 * {@link DomainException}, a {@code WrongExpectedVersionException}) are rethrown as they are.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class CommandExecutionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause}, thrown while handling a command of {@code commandType}. */
    public CommandExecutionException(Class<?> commandType, Throwable cause) {
        super("handler of " + commandType.getName() + " failed: " + cause, cause);
    }
}
