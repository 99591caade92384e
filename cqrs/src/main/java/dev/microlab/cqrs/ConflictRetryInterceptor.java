package dev.microlab.cqrs;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.eventstore.WrongExpectedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole command again when it lost an optimistic-concurrency race, up to a bound.
 *
 * <p>A {@link WrongExpectedVersionException} means another command wrote the aggregate
 * between this command's load and its save, and nothing of this command was written. Running
 * the handler again reloads the aggregate, so the business rules are checked against the new
 * state (a second "confirm" now fails with a {@link DomainException} instead of writing
 * twice). Retrying only the append with the old decision would be wrong; this interceptor never
 * does that. After {@code maxAttempts} attempts the last conflict is rethrown. Any other
 * exception is rethrown at once.
 *
 * <pre>{@code
 * CommandBus bus = CommandBus.builder().interceptor(ConflictRetryInterceptor.maxAttempts(5)).build();
 * }</pre>
 *
 * <p>Put it after validation (validating again is useless) and after correlation (so the
 * attempts share the ids). This class is threadsafe.
 */
public final class ConflictRetryInterceptor implements CommandInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ConflictRetryInterceptor.class);

    private final int maxAttempts;
    private final EventPublisher<CommandBusEvent> events = new EventPublisher<>("conflict retry interceptor");

    private ConflictRetryInterceptor(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /**
     * An interceptor that makes at most {@code maxAttempts} attempts (the first one included).
     *
     * @throws IllegalArgumentException if {@code maxAttempts} is not in [1, 1000]
     */
    public static ConflictRetryInterceptor maxAttempts(int maxAttempts) {
        if (maxAttempts < 1 || maxAttempts > 1000) {
            throw new IllegalArgumentException("maxAttempts must be in [1, 1000], but was " + maxAttempts);
        }
        return new ConflictRetryInterceptor(maxAttempts);
    }

    /** The bound on attempts, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public CommandResult intercept(CommandMessage<?> message, Chain chain) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return chain.proceed(message);
            } catch (WrongExpectedVersionException e) {
                if (attempt >= maxAttempts) {
                    LOG.debug("{} {} still conflicts on '{}' after {} attempt(s); giving up",
                            message.commandType().getSimpleName(), message.commandId(), e.stream(), attempt);
                    throw e;
                }
                int next = attempt + 1;
                LOG.debug("{} {} lost a race on '{}' (stream at version {}); attempt {} of {}",
                        message.commandType().getSimpleName(), message.commandId(), e.stream(), e.actualVersion(),
                        next, maxAttempts);
                if (events.hasListeners()) {
                    events.publish(new CommandBusEvent.ConflictRetried(message.commandType(), message.commandId(),
                            next, String.valueOf(e.stream())));
                }
            }
        }
    }

    /** Where retries are reported as {@link CommandBusEvent.ConflictRetried}. */
    public EventPublisher<CommandBusEvent> events() {
        return events;
    }

    @Override
    public String toString() {
        return "ConflictRetryInterceptor[maxAttempts=" + maxAttempts + "]";
    }
}
