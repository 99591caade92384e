package dev.microlab.core.timeout;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.internal.Arguments;
import dev.microlab.core.internal.Futures;
import dev.microlab.core.internal.Nanos;
import dev.microlab.core.internal.Throwables;
import dev.microlab.core.policy.Policy;
import dev.microlab.core.time.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Stops waiting for a call after a timeout, so a hung dependency costs the caller a bounded
 * time instead of a thread forever.
 *
 * <p>Asynchronous calls ({@link #executeCompletionStage}) are timed by the configured
 * {@link Scheduler}: if the timeout fires first, the returned stage fails with a
 * {@link TimeoutExceededException} and, with {@code cancelRunningFuture}, the late stage is
 * cancelled through {@code toCompletableFuture().cancel(true)}. No thread waits.
 *
 * <p>Blocking calls ({@link #executeCallable}) run on the configured executor while the caller
 * waits up to the timeout; on timeout the caller gets a {@link TimeoutExceededException} and,
 * with {@code cancelRunningFuture}, the worker thread is interrupted. A call that ignores
 * interruption keeps running (and holding its thread) after the caller gave up: prefer
 * client-side timeouts (socket, HTTP client) where the library offers them, and use a
 * TimeLimiter as the outer bound.
 *
 * <pre>{@code
 * TimeLimiter limiter = TimeLimiter.builder("shipping")
 *         .timeout(Duration.ofMillis(800))
 *         .build();
 * CompletionStage<Quote> quote = limiter.executeCompletionStage(() -> shippingClient.quoteAsync(order));
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class TimeLimiter implements Policy {

    private final String name;
    /** The settings in effect; each call reads them once, so it keeps one timeout throughout. */
    private volatile TimeLimiterConfig config;
    /** Serialises timeout changes (rare); calls never take it. */
    private final Object changeLock = new Object();
    /** Numbers the timeout changes, so listeners can order them: 1, 2, 3, … */
    private long changes;
    /** Fires the timeout of asynchronous calls. */
    private final Scheduler scheduler;
    /** Runs blocking calls. */
    private final Executor executor;
    private final EventPublisher<TimeLimiterEvent> events;

    private TimeLimiter(String name, TimeLimiterConfig config, Scheduler scheduler, Executor executor) {
        this.name = Arguments.requireName(name);
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.scheduler = scheduler;
        this.executor = executor;
        this.events = new EventPublisher<>("time limiter '" + name + "'");
    }

    /**
     * A time limiter named {@code name} with {@code config}, on the shared daemon timer and pool;
     * {@link #builder} gives it another scheduler or executor.
     */
    public static TimeLimiter of(String name, TimeLimiterConfig config) {
        return new TimeLimiter(name, config, DefaultExecutors.scheduler(), DefaultExecutors.executor());
    }

    /** A time limiter with the {@link TimeLimiterConfig#ofDefaults() defaults}: 1 s, cancel. */
    public static TimeLimiter ofDefaults(String name) {
        return of(name, TimeLimiterConfig.ofDefaults());
    }

    /** A builder for a time limiter named {@code name}, starting from the defaults. */
    public static Builder builder(String name) {
        return new Builder(Arguments.requireName(name));
    }

    @Override
    public String name() {
        return name;
    }

    /** The settings in effect now: as built, or as last {@linkplain #changeTimeout changed}. */
    public TimeLimiterConfig config() {
        return config;
    }

    /**
     * Changes the timeout of the calls that start from now on; calls already running keep the
     * timeout they started with (their timer is already set). Atomic: each call uses one
     * timeout for its timer, its exception and its event. Publishes
     * {@link TimeLimiterEvent.TimeoutChanged}.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public void changeTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        TimeLimiterConfig old;
        long sequence;
        synchronized (changeLock) {
            old = config;
            config = TimeLimiterConfig.from(old).timeout(timeout).build();
            sequence = ++changes;
        }
        if (events.hasListeners()) {
            events.publish(new TimeLimiterEvent.TimeoutChanged(name, sequence, old.timeout(), timeout));
        }
    }

    /** Where this time limiter publishes {@link TimeLimiterEvent}s. */
    public EventPublisher<TimeLimiterEvent> eventPublisher() {
        return events;
    }

    /**
     * Starts {@code call} and returns a stage that completes with its outcome, or fails with
     * {@link TimeoutExceededException} if the timeout passes first. A supplier that throws
     * (anything but a {@link VirtualMachineError}) or returns null gives a failed stage. A failure of the call is passed on unwrapped from
     * {@link CompletionException}. Cancelling the returned stage cancels the call at once
     * (through {@code toCompletableFuture().cancel(true)}) and its timer. The timer is armed before the call starts: if the scheduler
     * refuses it (a {@link java.util.concurrent.RejectedExecutionException} from an executor that
     * was shut down), the call is not started and the stage fails with that exception.
     */
    public <T> CompletionStage<T> executeCompletionStage(Supplier<CompletionStage<T>> call) {
        Objects.requireNonNull(call, "call must not be null");
        return new TimedCall<T>().start(call);
    }

    /**
     * Runs {@code call} on the configured executor and waits up to the timeout for it.
     * Throws what the call threw (unwrapped from {@link ExecutionException}).
     *
     * @throws TimeoutExceededException if the timeout passed first; with
     *     {@code cancelRunningFuture} the worker has been interrupted
     * @throws InterruptedException if the caller was interrupted while waiting; the call is
     *     then cancelled and the interrupt flag stays set
     * @throws java.util.concurrent.RejectedExecutionException if the executor refused the call
     */
    public <T> T executeCallable(Callable<T> call) throws Exception {
        Objects.requireNonNull(call, "call must not be null");
        TimeLimiterConfig config = this.config; // one timeout for the whole call
        FutureTask<T> task = new FutureTask<>(call);
        executor.execute(task);
        try {
            T value = task.get(Nanos.of(config.timeout()), TimeUnit.NANOSECONDS);
            if (events.hasListeners()) {
                events.publish(new TimeLimiterEvent.Succeeded(name));
            }
            return value;
        } catch (TimeoutException e) {
            boolean cancelled = config.cancelRunningFuture() && task.cancel(true);
            if (events.hasListeners()) {
                events.publish(new TimeLimiterEvent.TimedOut(name, config.timeout(), cancelled));
            }
            throw new TimeoutExceededException(name, config.timeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            failed(cause);
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    @Override
    public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call) {
        Objects.requireNonNull(call, "call must not be null");
        return () -> executeCallable(call::get);
    }

    @Override
    public <T> Supplier<CompletionStage<T>> decorateAsync(Supplier<CompletionStage<T>> call) {
        Objects.requireNonNull(call, "call must not be null");
        return () -> executeCompletionStage(call);
    }

    private void failed(Throwable cause) {
        if (events.hasListeners()) {
            events.publish(new TimeLimiterEvent.Failed(name, cause));
        }
    }

    /** One asynchronous call and its timer. */
    private final class TimedCall<T> implements Runnable {
        /** One timeout for the whole call, even if {@link #changeTimeout} runs meanwhile. */
        private final TimeLimiterConfig config = TimeLimiter.this.config;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        /** The call's own stage; null until the call has started. */
        private volatile CompletionStage<T> stage;
        private Scheduler.Cancellable timer;

        CompletionStage<T> start(Supplier<CompletionStage<T>> call) {
            try {
                timer = scheduler.schedule(Nanos.saturate(config.timeout()), this);
            } catch (RuntimeException refused) {
                // without a timer the call would be unbounded: refuse to start it
                return CompletableFuture.failedFuture(refused);
            }
            CompletionStage<T> started;
            try {
                started = Objects.requireNonNull(call.get(), "the supplier returned a null CompletionStage");
            } catch (Throwable t) {
                timer.cancel();
                Throwables.rethrowIfFatal(t); // the one rule for what a call throws: see Policy
                failed(t);
                return CompletableFuture.failedFuture(t);
            }
            stage = started;
            if (result.isCancelled() || (result.isDone() && config.cancelRunningFuture())) {
                Futures.cancel(started); // the timer fired before the call had even returned its stage
            }
            started.whenComplete(this::onOutcome);
            result.whenComplete((value, failure) -> {
                if (result.isCancelled()) {
                    // the caller gave up: the call goes too, and its timer with it
                    timer.cancel();
                    Futures.cancel(started);
                }
            });
            return result;
        }

        /** The timer: the timeout passed first. */
        @Override
        public void run() {
            if (result.completeExceptionally(new TimeoutExceededException(name, config.timeout()))) {
                CompletionStage<T> late = stage;
                boolean cancelled = config.cancelRunningFuture() && late != null && Futures.cancel(late);
                if (events.hasListeners()) {
                    events.publish(new TimeLimiterEvent.TimedOut(name, config.timeout(), cancelled));
                }
            }
        }

        private void onOutcome(T value, Throwable failure) {
            timer.cancel();
            if (failure == null) {
                if (result.complete(value) && events.hasListeners()) {
                    events.publish(new TimeLimiterEvent.Succeeded(name));
                }
            } else {
                Throwable cause = Futures.unwrap(failure);
                if (result.completeExceptionally(cause)) {
                    failed(cause);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TimeLimiter[" + name + ", timeout=" + config.timeout() + "]";
    }

    /** Builds a {@link TimeLimiter}. Not threadsafe; the time limiter it builds is. */
    public static final class Builder {
        private final String name;
        private TimeLimiterConfig.Builder config = TimeLimiterConfig.builder();
        private Scheduler scheduler;
        private Executor executor;

        private Builder(String name) {
            this.name = name;
        }

        /** Starts from {@code config} (later setters override its values; the clock is set here, not there). */
        public Builder config(TimeLimiterConfig config) {
            this.config = TimeLimiterConfig.from(Objects.requireNonNull(config, "config must not be null"));
            return this;
        }

        /** See {@link TimeLimiterConfig.Builder#timeout(Duration)}. */
        public Builder timeout(Duration timeout) {
            config.timeout(timeout);
            return this;
        }

        /** See {@link TimeLimiterConfig.Builder#cancelRunningFuture(boolean)}. */
        public Builder cancelRunningFuture(boolean cancelRunningFuture) {
            config.cancelRunningFuture(cancelRunningFuture);
            return this;
        }

        /**
         * Fires the timeout of asynchronous calls; tests pass a {@code ManualScheduler}. Default: a
         * shared daemon timer thread.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Arguments.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Runs blocking calls ({@link TimeLimiter#executeCallable}); the caller owns it. Default: a
         * shared pool of daemon threads.
         */
        public Builder executor(Executor executor) {
            this.executor = Arguments.requireNonNull(executor, "executor");
            return this;
        }

        /** The time limiter. */
        public TimeLimiter build() {
            return new TimeLimiter(name, config.build(),
                    scheduler != null ? scheduler : DefaultExecutors.scheduler(),
                    executor != null ? executor : DefaultExecutors.executor());
        }
    }
}
