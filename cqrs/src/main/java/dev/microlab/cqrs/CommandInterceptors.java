package dev.microlab.cqrs;

import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The built-in {@link CommandInterceptor}s, except the retry one ({@link ConflictRetryInterceptor}).
 *
 * <pre>{@code
 * CommandBus bus = CommandBus.builder()
 *         .interceptor(CommandInterceptors.correlating())                 // outermost: ids in every log line
 *         .interceptor(CommandInterceptors.validating(validator))         // refuse malformed commands early
 *         .interceptor(ConflictRetryInterceptor.maxAttempts(5))           // innermost: re-run the handler
 *         .build();
 * }</pre>
 *
 * <p>This class is threadsafe (stateless).
 */
public final class CommandInterceptors {

    /** The MDC key under which {@link #correlating()} puts the correlation id. */
    public static final String CORRELATION_ID_MDC_KEY = "correlationId";

    private static final Logger LOG = LoggerFactory.getLogger(CommandInterceptors.class);

    private CommandInterceptors() {
    }

    /**
     * Refuses a command that {@code validator} finds violations in, with a
     * {@link CommandValidationException}, before the handler runs.
     */
    public static CommandInterceptor validating(CommandValidator validator) {
        Objects.requireNonNull(validator, "validator must not be null");
        return (message, chain) -> {
            List<String> violations = Objects.requireNonNull(validator.violations(message.payload()),
                    "validator returned null; return an empty list for a valid command");
            if (!violations.isEmpty()) {
                throw new CommandValidationException(message.payload(), violations);
            }
            return chain.proceed(message);
        };
    }

    /**
     * Gives a command without a correlation id its own id as correlation id (so every event it
     * causes carries one), puts the correlation id in the SLF4J MDC under
     * {@value #CORRELATION_ID_MDC_KEY} while the command runs, and logs the outcome at DEBUG.
     */
    public static CommandInterceptor correlating() {
        return (message, chain) -> {
            CommandMessage<?> correlated = message.correlationId() == null
                    ? message.withCorrelationId(message.commandId().toString())
                    : message;
            String previous = MDC.get(CORRELATION_ID_MDC_KEY);
            MDC.put(CORRELATION_ID_MDC_KEY, correlated.correlationId());
            try {
                LOG.debug("handling {} {}", correlated.commandType().getSimpleName(), correlated.commandId());
                CommandResult result = chain.proceed(correlated);
                LOG.debug("handled {} {}: {} event(s), position {}", correlated.commandType().getSimpleName(),
                        correlated.commandId(), result.events().size(), result.position());
                return result;
            } catch (Exception e) {
                LOG.debug("command {} {} failed: {}", correlated.commandType().getSimpleName(),
                        correlated.commandId(), e.toString());
                throw e;
            } finally {
                if (previous == null) {
                    MDC.remove(CORRELATION_ID_MDC_KEY);
                } else {
                    MDC.put(CORRELATION_ID_MDC_KEY, previous);
                }
            }
        };
    }
}
