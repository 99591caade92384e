package dev.microlab.cqrs;

import dev.microlab.core.event.EventPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes each command to the one handler registered for its type, through a chain of
 * interceptors: the write side's single entry point.
 *
 * <p>One handler per command type: a command means one decision, made in one place, so a
 * second registration for the same type is refused. Dispatch is by the payload's exact class.
 * {@link #dispatch} runs on the caller's thread; {@link #dispatchAsync} runs the same chain on
 * the bus's {@link Executor} and completes the stage with the result or the exception.
 *
 * <pre>{@code
 * CommandBus bus = CommandBus.builder()
 *         .interceptor(CommandInterceptors.correlating())
 *         .interceptor(CommandInterceptors.validating(new OrderCommandValidator()))
 *         .interceptor(ConflictRetryInterceptor.maxAttempts(5))
 *         .executor(executor)
 *         .build();
 * bus.register(AddItemCommand.class, m -> orders.update(m.payload().orderId(), m, o -> o.addItem(...)));
 * CommandResult r = bus.dispatch(new AddItemCommand("42", "book", 1, Money.of("EUR", 1250)));
 * }</pre>
 *
 * <p>Exceptions: a {@link DomainException}, a {@code WrongExpectedVersionException} or any
 * other unchecked exception of the handler is rethrown as is; a checked one is wrapped in a
 * {@link CommandExecutionException}. Every outcome is published as a {@link CommandBusEvent}.
 *
 * <p>This class is threadsafe: handlers may be registered while commands are dispatched,
 * and any number of threads may dispatch at once.
 */
public final class CommandBus {

    private final ConcurrentHashMap<Class<?>, CommandHandler<?>> handlers = new ConcurrentHashMap<>();
    private final List<CommandInterceptor> interceptors;
    private final Executor executor;
    private final EventPublisher<CommandBusEvent> events = new EventPublisher<>("command bus");

    private CommandBus(Builder b) {
        this.interceptors = List.copyOf(b.interceptors);
        this.executor = b.executor;
    }

    /** A builder: no interceptors, async dispatch on the common fork-join pool. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers the handler of {@code type}.
     *
     * @throws IllegalStateException if {@code type} already has a handler
     */
    public <C> void register(Class<C> type, CommandHandler<C> handler) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        CommandHandler<?> previous = handlers.putIfAbsent(type, handler);
        if (previous != null) {
            throw new IllegalStateException("a command handler is already registered for " + type.getName()
                    + "; a command type has exactly one handler");
        }
    }

    /** Whether {@code type} has a handler. */
    public boolean hasHandler(Class<?> type) {
        return handlers.containsKey(Objects.requireNonNull(type, "type must not be null"));
    }

    /** Dispatches {@code command} with a new random id; see {@link #dispatch(CommandMessage)}. */
    public CommandResult dispatch(Object command) {
        Objects.requireNonNull(command, "command must not be null");
        return dispatch(CommandMessage.of(command));
    }

    /**
     * Runs the interceptors and the handler of the message's type on this thread.
     *
     * @return what the command wrote
     * @throws NoHandlerException if no handler is registered for the type
     * @throws CommandExecutionException if the handler threw a checked exception
     */
    public CommandResult dispatch(CommandMessage<?> message) {
        Objects.requireNonNull(message, "message must not be null");
        CommandHandler<?> handler = handlers.get(message.commandType());
        if (handler == null) {
            throw new NoHandlerException("command", message.commandType());
        }
        try {
            CommandResult result = proceed(0, handler, message);
            if (events.hasListeners()) {
                events.publish(new CommandBusEvent.CommandSucceeded(message.commandType(), message.commandId(),
                        result.position(), result.events().size()));
            }
            return result;
        } catch (RuntimeException e) {
            publishFailure(message, e);
            throw e;
        } catch (Exception e) {
            publishFailure(message, e);
            throw new CommandExecutionException(message.commandType(), e);
        }
    }

    private void publishFailure(CommandMessage<?> message, Exception e) {
        if (events.hasListeners()) {
            events.publish(new CommandBusEvent.CommandFailed(message.commandType(), message.commandId(), e));
        }
    }

    private CommandResult proceed(int index, CommandHandler<?> handler, CommandMessage<?> message) throws Exception {
        if (index < interceptors.size()) {
            return interceptors.get(index).intercept(message, new Link(index + 1, handler, message));
        }
        return invoke(handler, message);
    }

    /**
     * The rest of the chain after one interceptor. It also knows the bus, so that a built-in
     * interceptor ({@link ConflictRetryInterceptor}) can report to the bus's listeners.
     */
    final class Link implements CommandInterceptor.Chain {
        private final int next;
        private final CommandHandler<?> handler;
        private final CommandMessage<?> original;

        Link(int next, CommandHandler<?> handler, CommandMessage<?> original) {
            this.next = next;
            this.handler = handler;
            this.original = original;
        }

        @Override
        public CommandResult proceed(CommandMessage<?> message) throws Exception {
            return CommandBus.this.proceed(next, handler, check(original, message));
        }

        EventPublisher<CommandBusEvent> busEvents() {
            return events;
        }
    }

    private static CommandMessage<?> check(CommandMessage<?> original, CommandMessage<?> next) {
        Objects.requireNonNull(next, "an interceptor passed a null message on");
        if (next.commandType() != original.commandType()) {
            throw new IllegalStateException("an interceptor replaced a " + original.commandType().getName()
                    + " with a " + next.commandType().getName() + "; interceptors may change metadata, not the type");
        }
        return next;
    }

    @SuppressWarnings("unchecked")
    private static <C> CommandResult invoke(CommandHandler<C> handler, CommandMessage<?> message) throws Exception {
        CommandResult result = handler.handle((CommandMessage<C>) message);
        return Objects.requireNonNull(result, () -> "the handler of " + message.commandType().getName()
                + " returned null; return the repository's CommandResult");
    }

    /** Dispatches {@code command} with a new random id; see {@link #dispatchAsync(CommandMessage)}. */
    public CompletionStage<CommandResult> dispatchAsync(Object command) {
        Objects.requireNonNull(command, "command must not be null");
        return dispatchAsync(CommandMessage.of(command));
    }

    /**
     * Runs {@link #dispatch(CommandMessage)} on the bus's executor. The stage completes with
     * the result, or exceptionally with exactly what {@code dispatch} would have thrown (also
     * a {@link RejectedExecutionException} if the executor refuses the task).
     */
    public CompletionStage<CommandResult> dispatchAsync(CommandMessage<?> message) {
        Objects.requireNonNull(message, "message must not be null");
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    future.complete(dispatch(message));
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                    if (t instanceof VirtualMachineError vme) {
                        throw vme;
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    /** Where the bus reports outcomes; see {@link CommandBusEvent}. */
    public EventPublisher<CommandBusEvent> eventPublisher() {
        return events;
    }

    @Override
    public String toString() {
        return "CommandBus[handlers=" + handlers.size() + ", interceptors=" + interceptors.size() + "]";
    }

    /** Configures a {@link CommandBus}. Not threadsafe; build once. */
    public static final class Builder {
        private final List<CommandInterceptor> interceptors = new ArrayList<>();
        private Executor executor = ForkJoinPool.commonPool();

        private Builder() {
        }

        /** Adds an interceptor; the first added is the outermost. */
        public Builder interceptor(CommandInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor must not be null"));
            return this;
        }

        /** Where {@link CommandBus#dispatchAsync} runs commands (default: the common fork-join pool). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor must not be null");
            return this;
        }

        /** The bus, with no handler yet. */
        public CommandBus build() {
            return new CommandBus(this);
        }
    }
}
