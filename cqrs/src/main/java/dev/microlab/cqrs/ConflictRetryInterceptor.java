package dev.microlab.cqrs;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.time.Sleeper;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole command again when it lost an optimistic-concurrency race, up to a bound,
 * waiting a {@link Backoff} between attempts.
 *
 * <p>A {@link WrongExpectedVersionException} means another command wrote the aggregate
 * between this command's load and its save, and nothing of this command was written. Running
 * the handler again reloads the aggregate, so the business rules are checked against the new
 * state (a second "confirm" now fails with a {@link DomainException} instead of writing
 * twice). Retrying only the append with the old decision would be wrong; this interceptor never
 * does that. After {@code maxAttempts} attempts the last conflict is rethrown. Any other
 * exception is rethrown at once.
 *
 * <p><b>Backoff.</b> Many writers of one hot aggregate that all rerun at once collide again;
 * a jittered backoff spreads them (Axon's {@code IntervalRetryScheduler}, the AWS
 * "exponential backoff and jitter" advice). The wait goes through an injected {@link Sleeper}:
 * tests pass {@code ManualTimeSource.sleeper()}, so nothing sleeps for real.
 * {@link #maxAttempts(int)} reruns at once ({@link Backoff#none()}).
 *
 * <pre>{@code
 * CommandBus bus = CommandBus.builder().interceptor(ConflictRetryInterceptor.builder()
 *         .maxAttempts(5)
 *         .backoff(Backoff.fullJitter(Duration.ofMillis(5), Duration.ofMillis(200), new Random()))
 *         .build()).build();
 * }</pre>
 *
 * <p>Each rerun is reported as a {@link CommandBusEvent.ConflictRetried} to this interceptor's
 * {@link #eventPublisher()} and to the {@link CommandBus#eventPublisher()} of the bus that dispatched the command.
 *
 * <p>Put it after validation (validating again is useless) and after correlation (so the
 * attempts share the ids). This class is threadsafe.
 */
public final class ConflictRetryInterceptor implements CommandInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ConflictRetryInterceptor.class);

    private final int maxAttempts;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final EventPublisher<CommandBusEvent> events = new EventPublisher<>("conflict retry interceptor");

    private ConflictRetryInterceptor(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.sleeper = b.sleeper;
    }

    /**
     * An interceptor that makes at most {@code maxAttempts} attempts (the first one included),
     * rerunning at once.
     *
     * @throws IllegalArgumentException if {@code maxAttempts} is not in [1, 1000]
     */
    public static ConflictRetryInterceptor maxAttempts(int maxAttempts) {
        return builder().maxAttempts(maxAttempts).build();
    }

    /** A builder: 5 attempts, no wait between them, the system sleeper. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bound on attempts, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait between attempts. */
    public Backoff backoff() {
        return backoff;
    }

    @Override
    public CommandResult intercept(CommandMessage<?> message, Chain chain) throws Exception {
        Duration lastDelay = Duration.ZERO;
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
                Duration delay = Objects.requireNonNull(backoff.delay(attempt, lastDelay), "backoff returned null");
                lastDelay = delay;
                LOG.debug("{} {} lost a race on '{}' (stream at version {}); attempt {} of {} in {}",
                        message.commandType().getSimpleName(), message.commandId(), e.stream(), e.actualVersion(),
                        next, maxAttempts, delay);
                publish(message, next, e, delay, chain);
                if (!delay.isZero() && !delay.isNegative()) {
                    try {
                        sleeper.sleep(delay);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        e.addSuppressed(interrupted);
                        throw e;
                    }
                }
            }
        }
    }

    private void publish(CommandMessage<?> message, int next, WrongExpectedVersionException e, Duration delay,
            Chain chain) {
        EventPublisher<CommandBusEvent> bus = chain instanceof CommandBus.Link link ? link.busEvents() : null;
        boolean toBus = bus != null && bus.hasListeners();
        if (!events.hasListeners() && !toBus) {
            return;
        }
        CommandBusEvent.ConflictRetried retried = new CommandBusEvent.ConflictRetried(message.commandType(),
                message.commandId(), next, String.valueOf(e.stream()), delay);
        if (events.hasListeners()) {
            events.publish(retried);
        }
        if (toBus) {
            bus.publish(retried);
        }
    }

    /** Where retries are reported as {@link CommandBusEvent.ConflictRetried} (the bus reports them too). */
    public EventPublisher<CommandBusEvent> eventPublisher() {
        return events;
    }

    @Override
    public String toString() {
        return "ConflictRetryInterceptor[maxAttempts=" + maxAttempts + ", backoff=" + backoff + "]";
    }

    /** Configures a {@link ConflictRetryInterceptor}. Not threadsafe; build once. */
    public static final class Builder {
        private int maxAttempts = 5;
        private Backoff backoff = Backoff.none();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {
        }

        /**
         * At most {@code attempts} attempts, the first one included (default 5).
         *
         * @throws IllegalArgumentException if not in [1, 1000]
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 1000) {
                throw new IllegalArgumentException("maxAttempts must be in [1, 1000], but was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The wait before each rerun (default {@link Backoff#none()}). */
        public Builder backoff(Backoff betweenAttempts) {
            this.backoff = Objects.requireNonNull(betweenAttempts, "backoff must not be null");
            return this;
        }

        /** How the wait is done (default {@link Sleeper#system()}; tests pass {@code ManualTimeSource.sleeper()}). */
        public Builder sleeper(Sleeper waiter) {
            this.sleeper = Objects.requireNonNull(waiter, "sleeper must not be null");
            return this;
        }

        /** The interceptor. */
        public ConflictRetryInterceptor build() {
            return new ConflictRetryInterceptor(this);
        }
    }
}
