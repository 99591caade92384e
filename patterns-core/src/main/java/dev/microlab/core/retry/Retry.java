package dev.microlab.core.retry;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.internal.Arguments;
import dev.microlab.core.internal.Futures;
import dev.microlab.core.internal.Throwables;
import dev.microlab.core.policy.Policy;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.Sleeper;
import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Calls again after a transient failure: a dropped connection, a 503, a lock timeout.
 *
 * <p>Each call is tried up to {@code maxAttempts} times in all, waiting {@code backoff} between
 * attempts. After each attempt the retry decides, in this order:
 * <ol>
 *   <li>a result that does not match {@code retryOnResult} is returned at once;
 *   <li>an exception matching {@code abortOn} is thrown at once ({@link RetryEvent.Aborted});
 *   <li>an exception not matching {@code retryOnException} is thrown at once
 *       ({@link RetryEvent.IgnoredError});
 *   <li>if this was the last attempt, or the next attempt's backoff delay would end more than
 *       {@code maxDuration} after the first attempt started, the retry is exhausted
 *       ({@link RetryEvent.Exhausted}): it throws the last attempt's exception, or returns the
 *       last result when that result matched {@code retryOnResult} (as Resilience4j and
 *       Failsafe do, so the caller can still inspect it);
 *   <li>otherwise it waits the backoff delay and tries again ({@link RetryEvent.RetryScheduled}).
 * </ol>
 *
 * <p>Only retry operations that are safe to repeat (idempotent), and keep the total of
 * attempts and waits within what the caller is willing to wait; set {@code maxDuration} to
 * bound it.
 *
 * <pre>{@code
 * Retry retry = Retry.builder("payments")
 *         .maxAttempts(4)
 *         .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2)))
 *         .retryOnException(e -> e instanceof IOException)
 *         .build();
 * Receipt receipt = retry.executeCallable(() -> paymentClient.charge(order));
 * }</pre>
 *
 * <p>Blocking calls wait with the configured {@link Sleeper}; if the waiting thread is
 * interrupted, the retry stops, sets the interrupt flag again and throws the last exception
 * (with the {@link InterruptedException} added as suppressed) or returns the last result.
 * An {@link Error} thrown by the call is an outcome like any exception (the rule of every
 * policy, see {@link Policy}): {@code retryOnException} decides, and the default retries
 * {@link Exception}s only, so by default an Error is passed on at once. Asynchronous calls ({@link #executeCompletionStage}) wait with the configured
 * {@link Scheduler} and never block a thread.
 *
 * <p>This class is threadsafe.
 */
public final class Retry implements Policy {

    private final String name;
    private final RetryConfig config;
    private final TimeSource timeSource;
    private final Sleeper sleeper;
    /** Null when none was given: then asynchronous calls are refused. */
    private final Scheduler scheduler;
    private final EventPublisher<RetryEvent> events;

    private Retry(String name, RetryConfig config, TimeSource timeSource, Sleeper sleeper, Scheduler scheduler) {
        this.name = Arguments.requireName(name);
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.timeSource = timeSource;
        this.sleeper = sleeper;
        this.scheduler = scheduler;
        this.events = new EventPublisher<>("retry '" + name + "'");
    }

    /**
     * A retry named {@code name} with {@code config}, on the system clock and without a scheduler
     * (so blocking calls only); {@link #builder} gives it another clock or a scheduler.
     */
    public static Retry of(String name, RetryConfig config) {
        return new Retry(name, config, TimeSource.system(), Sleeper.system(), null);
    }

    /** A retry with the {@link RetryConfig#ofDefaults() defaults}: 3 attempts, 500 ms apart. */
    public static Retry ofDefaults(String name) {
        return of(name, RetryConfig.ofDefaults());
    }

    /** A builder for a retry named {@code name}, starting from the defaults. */
    public static Builder builder(String name) {
        return new Builder(Arguments.requireName(name));
    }

    @Override
    public String name() {
        return name;
    }

    /** The settings this retry was built with. */
    public RetryConfig config() {
        return config;
    }

    /** Where this retry publishes {@link RetryEvent}s. */
    public EventPublisher<RetryEvent> eventPublisher() {
        return events;
    }

    /**
     * Runs {@code call}, retrying as configured; throws the exception that ended the retry.
     */
    public <T> T executeCallable(Callable<T> call) throws Exception {
        Objects.requireNonNull(call, "call must not be null");
        return run(call::call);
    }

    /**
     * Runs {@code call}, retrying as configured; throws the exception that ended the retry.
     */
    public <T> T executeSupplier(Supplier<T> call) {
        Objects.requireNonNull(call, "call must not be null");
        try {
            return run(call::get);
        } catch (Exception e) {
            throw Throwables.sneakyThrow(e); // a checked one only if the supplier threw it sneakily
        }
    }

    /** Runs {@code call}, retrying as configured; throws the exception that ended the retry. */
    public void executeRunnable(Runnable call) {
        Objects.requireNonNull(call, "call must not be null");
        executeSupplier(() -> {
            call.run();
            return null;
        });
    }

    /**
     * Starts {@code call} and, after each failed attempt, schedules the next one on the
     * configured {@link Scheduler} after the backoff delay. The returned stage completes with
     * the outcome that ended the retry: the result, or the exception (unwrapped from
     * {@link CompletionException}). A supplier that throws or returns null counts as a failed
     * attempt. Cancelling the returned stage cancels the attempt in flight (through
     * {@code toCompletableFuture().cancel(true)}) and the next scheduled one. If the scheduler refuses
     * the next attempt (a {@link java.util.concurrent.RejectedExecutionException} from an
     * executor that was shut down), the stage fails with that exception.
     *
     * @throws IllegalStateException if the retry was built without a scheduler
     */
    public <T> CompletionStage<T> executeCompletionStage(Supplier<CompletionStage<T>> call) {
        Objects.requireNonNull(call, "call must not be null");
        if (scheduler == null) {
            throw new IllegalStateException("Retry '" + name + "' has no scheduler, so it cannot wait between"
                    + " asynchronous attempts; set one with Retry.builder(name).scheduler(...)");
        }
        CompletableFuture<T> promise = new CompletableFuture<>();
        AsyncRun<T> run = new AsyncRun<>(call, scheduler, promise);
        promise.whenComplete((result, failure) -> {
            if (promise.isCancelled()) {
                run.cancel();
            }
        });
        run.attempt();
        return promise;
    }

    @Override
    public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call) {
        Objects.requireNonNull(call, "call must not be null");
        return () -> run(call);
    }

    @Override
    public <T> Supplier<CompletionStage<T>> decorateAsync(Supplier<CompletionStage<T>> call) {
        Objects.requireNonNull(call, "call must not be null");
        return () -> executeCompletionStage(call);
    }

    private <T> T run(CheckedSupplier<T> call) throws Exception {
        long start = timeSource.nanoTime();
        Duration previous = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            T result = null;
            Throwable failure = null;
            try {
                result = call.get();
            } catch (Throwable t) {
                failure = Throwables.rethrowIfFatal(t); // the one rule: see Policy
            }
            Duration delay = decide(attempt, start, previous, result, failure);
            if (delay == null) {
                if (failure != null) {
                    throw Throwables.sneakyThrow(failure);
                }
                return result;
            }
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                if (failure != null) {
                    failure.addSuppressed(interrupted);
                    throw Throwables.sneakyThrow(failure);
                }
                return result;
            }
            previous = delay;
        }
    }

    /**
     * Decides what follows attempt {@code attempt} and publishes the matching event.
     *
     * @return the delay before the next attempt, or null if the outcome is final
     */
    private Duration decide(int attempt, long startNanos, Duration previous, Object result, Throwable failure) {
        if (failure == null) {
            if (!config.retryOnResult().test(result)) {
                publish(() -> new RetryEvent.Succeeded(name, attempt));
                return null;
            }
        } else if (config.abortOn().test(failure)) {
            publish(() -> new RetryEvent.Aborted(name, attempt, failure));
            return null;
        } else if (!config.retryOnException().test(failure)) {
            publish(() -> new RetryEvent.IgnoredError(name, attempt, failure));
            return null;
        }
        if (attempt >= config.maxAttempts()) {
            publish(() -> new RetryEvent.Exhausted(name, attempt, failure));
            return null;
        }
        Duration delay = Objects.requireNonNull(config.backoff().delay(attempt, previous),
                "backoff returned a null delay");
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        if (config.maxDuration().isPresent()) {
            Duration elapsed = Duration.ofNanos(timeSource.nanoTime() - startNanos);
            // delay > maxDuration - elapsed, rather than elapsed + delay > maxDuration: a huge
            // delay from a custom backoff must not overflow into an ArithmeticException
            if (delay.compareTo(config.maxDuration().get().minus(elapsed)) > 0) {
                publish(() -> new RetryEvent.Exhausted(name, attempt, failure));
                return null;
            }
        }
        Duration scheduled = delay;
        publish(() -> new RetryEvent.RetryScheduled(name, attempt, scheduled, failure));
        return delay;
    }

    private void publish(Supplier<RetryEvent> event) {
        if (events.hasListeners()) {
            events.publish(event);
        }
    }

    @Override
    public String toString() {
        return "Retry[" + name + ", " + config + "]";
    }

    /** One asynchronous execution: attempts run one after another, never concurrently. */
    private final class AsyncRun<T> {
        private final Supplier<CompletionStage<T>> call;
        private final Scheduler scheduler;
        private final CompletableFuture<T> promise;
        private final long start;
        private volatile int attempt;
        private volatile Duration previous = Duration.ZERO;
        /** The attempt in flight, if any; cancelled with the promise. */
        private volatile CompletionStage<T> current;
        /** The next attempt, while waiting the backoff; cancelled with the promise. */
        private volatile Scheduler.Cancellable next;

        AsyncRun(Supplier<CompletionStage<T>> call, Scheduler scheduler, CompletableFuture<T> promise) {
            this.call = call;
            this.scheduler = scheduler;
            this.promise = promise;
            this.start = timeSource.nanoTime();
        }

        void attempt() {
            if (promise.isDone()) {
                return; // cancelled by the caller
            }
            attempt++;
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(call.get(), "the supplier returned a null CompletionStage");
            } catch (Throwable t) {
                onOutcome(null, Throwables.rethrowIfFatal(t)); // the one rule: see Policy
                return;
            }
            current = stage;
            if (promise.isCancelled()) {
                Futures.cancel(stage); // cancelled while the supplier ran: cancel() did not see it yet
            }
            stage.whenComplete(this::onOutcome);
        }

        /** The caller cancelled the promise: cancel the attempt in flight and the next one. */
        void cancel() {
            Scheduler.Cancellable scheduled = next;
            if (scheduled != null) {
                scheduled.cancel();
            }
            CompletionStage<T> inFlight = current;
            if (inFlight != null) {
                Futures.cancel(inFlight);
            }
        }

        void onOutcome(T result, Throwable failure) {
            if (promise.isDone()) {
                return; // cancelled: nothing to decide, nothing to publish
            }
            Throwable cause = failure == null ? null : Futures.unwrap(failure);
            Duration delay;
            try {
                delay = decide(attempt, start, previous, result, cause);
            } catch (RuntimeException | Error decisionFailed) {
                promise.completeExceptionally(decisionFailed);
                return;
            }
            if (delay == null) {
                if (cause != null) {
                    promise.completeExceptionally(cause);
                } else {
                    promise.complete(result);
                }
                return;
            }
            previous = delay;
            try {
                next = scheduler.schedule(delay, this::attempt);
                if (promise.isCancelled()) {
                    next.cancel(); // cancelled while scheduling: cancel() may have missed it
                }
            } catch (RuntimeException refused) {
                // e.g. RejectedExecutionException from an executor shut down: no attempt will
                // ever run, so the caller must hear it now instead of waiting forever
                promise.completeExceptionally(refused);
            }
        }
    }

    /** Builds a {@link Retry}. Not threadsafe; the retry it builds is. */
    public static final class Builder {
        private final String name;
        private RetryConfig.Builder config = RetryConfig.builder();
        private TimeSource timeSource = TimeSource.system();
        private Sleeper sleeper = Sleeper.system();
        private Scheduler scheduler;

        private Builder(String name) {
            this.name = name;
        }

        /** Starts from {@code config} (later setters override its values; the clock is set here, not there). */
        public Builder config(RetryConfig config) {
            this.config = RetryConfig.from(Objects.requireNonNull(config, "config must not be null"));
            return this;
        }

        /** See {@link RetryConfig.Builder#maxAttempts(int)}. */
        public Builder maxAttempts(int maxAttempts) {
            config.maxAttempts(maxAttempts);
            return this;
        }

        /** See {@link RetryConfig.Builder#maxDuration(Duration)}. */
        public Builder maxDuration(Duration maxDuration) {
            config.maxDuration(maxDuration);
            return this;
        }

        /** See {@link RetryConfig.Builder#backoff(Backoff)}. */
        public Builder backoff(Backoff backoff) {
            config.backoff(backoff);
            return this;
        }

        /** See {@link RetryConfig.Builder#retryOnException(Predicate)}. */
        public Builder retryOnException(Predicate<Throwable> retryOnException) {
            config.retryOnException(retryOnException);
            return this;
        }

        /** See {@link RetryConfig.Builder#retryOnResult(Predicate)}. */
        public Builder retryOnResult(Predicate<Object> retryOnResult) {
            config.retryOnResult(retryOnResult);
            return this;
        }

        /** See {@link RetryConfig.Builder#abortOn(Predicate)}. */
        public Builder abortOn(Predicate<Throwable> abortOn) {
            config.abortOn(abortOn);
            return this;
        }

        /** The clock that measures {@code maxDuration}; default {@link TimeSource#system()}. */
        public Builder timeSource(TimeSource timeSource) {
            this.timeSource = Arguments.requireNonNull(timeSource, "timeSource");
            return this;
        }

        /** How blocking calls wait between attempts; default {@link Sleeper#system()}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Arguments.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Schedules asynchronous attempts; required by {@code executeCompletionStage}, none by default. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Arguments.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The retry. */
        public Retry build() {
            return new Retry(name, config.build(), timeSource, sleeper, scheduler);
        }
    }
}
