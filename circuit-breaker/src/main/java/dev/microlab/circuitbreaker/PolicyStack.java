package dev.microlab.circuitbreaker;

import dev.microlab.core.bulkhead.BulkheadFullException;
import dev.microlab.core.function.CheckedFunction;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.internal.Futures;
import dev.microlab.core.policy.Policy;
import dev.microlab.core.ratelimiter.RequestNotPermittedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Stacks the resilience policies around one call in one place, in a fixed, documented order —
 * or in an order you choose.
 *
 * <p>Why: the order of the wrappers changes the behaviour, and getting it wrong is silent. A
 * retry inside the breaker hides every failed attempt from it; a timeout outside the breaker
 * means timeouts never open it; a fallback inside the retry means the retry never retries.
 *
 * <p>The default order, outermost first, is Resilience4j's {@code Decorators} order with the
 * fallback around everything:
 *
 * <pre>
 * Fallback( Retry( CircuitBreaker( RateLimiter( Timeout( Bulkhead( call ))))))
 * </pre>
 *
 * <ul>
 *   <li><b>Fallback outermost</b>: it sees every failure — the call's own, a rejection by the
 *       breaker, rate limiter or bulkhead, a timeout, and the retry's final failure — and turns
 *       it into a degraded answer.</li>
 *   <li><b>Retry outside the breaker</b>: each attempt is recorded by the breaker, so repeated
 *       failures open it, and once open, the remaining attempts fail fast instead of hammering
 *       the backend. (Configure the retry not to retry {@link CallNotPermittedException}, or
 *       to back off longer than the breaker's open wait.)</li>
 *   <li><b>Breaker outside the rate limiter</b>: an open breaker rejects before a rate permit
 *       is spent. The inner policies' rejections ({@link RequestNotPermittedException},
 *       {@link BulkheadFullException}) say nothing about the backend, so by default the stack
 *       keeps them out of a {@link CircuitBreaker}'s failures: the breaker's permit is released
 *       as for a call that was never made (Resilience4j's {@code releasePermission()}), whatever
 *       the breaker's own config says. {@link Builder#recordInnerRejections(boolean)
 *       recordInnerRejections(true)} lets the breaker classify them itself.</li>
 *   <li><b>Timeout inside the breaker</b>: a timed-out call is a failure the breaker counts.</li>
 *   <li><b>Bulkhead innermost</b>: it bounds the calls actually in flight against the backend,
 *       and a call rejected by an outer policy never takes a bulkhead slot.</li>
 * </ul>
 *
 * <pre>{@code
 * PolicyStack stack = PolicyStack.builder("payments")
 *         .retry(retry)
 *         .circuitBreaker(breaker)
 *         .timeout(timeLimiter)
 *         .build();                                   // default order; absent layers are skipped
 * Receipt r = stack.execute(() -> payments.charge(order), failure -> Receipt.pending(order));
 *
 * PolicyStack breakerOutside = PolicyStack.builder("reports")
 *         .retry(retry).circuitBreaker(breaker)
 *         .order(Layer.FALLBACK, Layer.CIRCUIT_BREAKER, Layer.RETRY,
 *                Layer.RATE_LIMITER, Layer.TIMEOUT, Layer.BULKHEAD)   // the breaker sees one outcome per retried call
 *         .build();
 * }</pre>
 *
 * <p>Each layer accepts any {@link Policy}, so the stack also composes policies of your own.
 * The fallback is a function given per call (its type is the call's result type); a call
 * decorated without one skips the fallback layer. A {@code PolicyStack} is itself a
 * {@link Policy}, so stacks nest.
 *
 * <p><b>Cancellation.</b> Cancelling the stage returned by an asynchronous call of the stack
 * cancels the stage of every layer down to the call itself, in any order of the layers and even
 * through a policy that does not pass cancellation on: the call in flight is cancelled, its
 * bulkhead permit comes back, its timer and any scheduled retry are removed, and no further
 * attempt starts. (A rate limiter's permit is spent when granted and is not given back, as in
 * Resilience4j.)
 *
 * <p>This class is threadsafe (immutable; the policies it holds are threadsafe).
 */
public final class PolicyStack implements Policy {

    /** The layers of a stack. */
    public enum Layer {
        /** Turns a failure into a degraded result; given per call. */
        FALLBACK,
        /** Runs the call again after a failure. */
        RETRY,
        /** Rejects calls while the backend is known to be failing. */
        CIRCUIT_BREAKER,
        /** Bounds the call rate. */
        RATE_LIMITER,
        /** Bounds the call's duration. */
        TIMEOUT,
        /** Bounds the calls in flight. */
        BULKHEAD
    }

    /** The default order, outermost first; see the class documentation for why. */
    public static final List<Layer> DEFAULT_ORDER = List.of(Layer.FALLBACK, Layer.RETRY, Layer.CIRCUIT_BREAKER,
            Layer.RATE_LIMITER, Layer.TIMEOUT, Layer.BULKHEAD);

    private final String name;
    private final List<Layer> order;
    private final Map<Layer, Policy> policies;
    private final boolean recordInnerRejections;

    private PolicyStack(Builder builder) {
        this.name = builder.name;
        this.recordInnerRejections = builder.recordInnerRejections;
        this.order = builder.order;
        this.policies = Collections.unmodifiableMap(new EnumMap<>(builder.policies));
    }

    /** A builder for a stack called {@code name}. */
    public static Builder builder(String name) {
        Objects.requireNonNull(name, "builder: name must not be null");
        return new Builder(name);
    }

    @Override
    public String name() {
        return name;
    }

    /** The order of the layers, outermost first (all six, present or not). */
    public List<Layer> order() {
        return order;
    }

    /** The policies present, outermost first. */
    public List<Policy> policies() {
        List<Policy> present = new ArrayList<>();
        for (Layer layer : order) {
            Policy policy = policies.get(layer);
            if (policy != null) {
                present.add(policy);
            }
        }
        return List.copyOf(present);
    }

    /** Wraps {@code call} in every present policy, without fallback. */
    @Override
    public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call) {
        Objects.requireNonNull(call, "decorate: call must not be null");
        return wrap(call, null);
    }

    /**
     * Wraps {@code call} in every present policy, with {@code fallback} at the FALLBACK layer:
     * an {@link Exception} that reaches that layer is passed to {@code fallback}, whose result
     * (or exception) becomes the layer's outcome. {@link Error}s are not caught.
     */
    public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call,
                                           CheckedFunction<? super Exception, ? extends T> fallback) {
        Objects.requireNonNull(call, "decorate: call must not be null");
        Objects.requireNonNull(fallback, "decorate: fallback must not be null");
        return wrap(call, fallback);
    }

    /** Runs {@code call} through the stack, without fallback. */
    public <T> T execute(CheckedSupplier<T> call) throws Exception {
        Objects.requireNonNull(call, "execute: call must not be null");
        return decorate(call).get();
    }

    /** Runs {@code call} through the stack, with {@code fallback}. */
    public <T> T execute(CheckedSupplier<T> call, CheckedFunction<? super Exception, ? extends T> fallback)
            throws Exception {
        Objects.requireNonNull(call, "execute: call must not be null");
        Objects.requireNonNull(fallback, "execute: fallback must not be null");
        return decorate(call, fallback).get();
    }

    /** Wraps an asynchronous call in every present policy, without fallback. */
    @Override
    public <T> Supplier<CompletionStage<T>> decorateAsync(Supplier<CompletionStage<T>> call) {
        Objects.requireNonNull(call, "decorateAsync: call must not be null");
        return wrapAsync(call, null);
    }

    /**
     * Wraps an asynchronous call in every present policy, with {@code fallback} at the FALLBACK
     * layer: a failure that reaches it (unwrapped from {@link CompletionException}) is passed to
     * {@code fallback}, whose stage becomes the layer's outcome.
     */
    public <T> Supplier<CompletionStage<T>> decorateAsync(
            Supplier<CompletionStage<T>> call, Function<? super Throwable, ? extends CompletionStage<T>> fallback) {
        Objects.requireNonNull(call, "decorateAsync: call must not be null");
        Objects.requireNonNull(fallback, "decorateAsync: fallback must not be null");
        return wrapAsync(call, fallback);
    }

    private <T> CheckedSupplier<T> wrap(CheckedSupplier<T> call,
                                       CheckedFunction<? super Exception, ? extends T> fallback) {
        CheckedSupplier<T> current = call;
        for (int i = order.size() - 1; i >= 0; i--) {
            Layer layer = order.get(i);
            if (layer == Layer.FALLBACK) {
                if (fallback != null) {
                    CheckedSupplier<T> inner = current;
                    current = () -> {
                        try {
                            return inner.get();
                        } catch (Exception e) {
                            return fallback.apply(e);
                        }
                    };
                }
            } else {
                Policy policy = policies.get(layer);
                if (policy instanceof CircuitBreaker breaker && layer == Layer.CIRCUIT_BREAKER
                        && !recordInnerRejections) {
                    current = ignoringRejections(breaker, current);
                } else if (policy != null) {
                    current = Objects.requireNonNull(policy.decorate(current),
                            () -> "policy '" + policy.name() + "' returned a null call from decorate");
                }
            }
        }
        return current;
    }

    /** Whether {@code failure} is a rejection by a rate limiter or bulkhead: the call never ran. */
    private static boolean isRejection(Throwable failure) {
        return failure instanceof RequestNotPermittedException || failure instanceof BulkheadFullException;
    }

    /**
     * The breaker layer through the breaker's low-level API, so that a rejection by an inner
     * layer gives the permit back unrecorded instead of counting as a failure.
     */
    private static <T> CheckedSupplier<T> ignoringRejections(CircuitBreaker breaker, CheckedSupplier<T> inner) {
        return () -> {
            breaker.acquirePermission();
            long start = breaker.timeSource().nanoTime();
            T result;
            try {
                result = inner.get();
            } catch (Throwable t) {
                if (isRejection(t)) {
                    breaker.releasePermission();
                } else {
                    breaker.onError(breaker.timeSource().nanoTime() - start, t);
                }
                throw t;
            }
            breaker.onResult(breaker.timeSource().nanoTime() - start, result);
            return result;
        };
    }

    /** The asynchronous form of {@link #ignoringRejections}. */
    private static <T> Supplier<CompletionStage<T>> ignoringRejectionsAsync(
            CircuitBreaker breaker, Supplier<CompletionStage<T>> inner) {
        return () -> {
            try {
                breaker.acquirePermission();
            } catch (CallNotPermittedException rejected) {
                return CompletableFuture.failedFuture(rejected);
            }
            long start = breaker.timeSource().nanoTime();
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(inner.get(), "the supplier returned a null CompletionStage");
            } catch (Throwable t) {
                breaker.onError(breaker.timeSource().nanoTime() - start, t);
                return Futures.failed(t); // a fatal error is rethrown
            }
            return stage.whenComplete((result, error) -> {
                long duration = breaker.timeSource().nanoTime() - start;
                if (error == null) {
                    breaker.onResult(duration, result);
                } else if (isRejection(Futures.unwrap(error))) {
                    breaker.releasePermission();
                } else {
                    breaker.onError(duration, Futures.unwrap(error));
                }
            });
        };
    }

    /**
     * Each invocation gets its own {@link Cancellation}: between every two layers (and around
     * the call) a guard records the stage the inner side returned, so that cancelling the stage
     * the caller holds cancels every layer's stage down to the call itself — even through a
     * policy that does not pass cancellation on.
     */
    private <T> Supplier<CompletionStage<T>> wrapAsync(
            Supplier<CompletionStage<T>> call, Function<? super Throwable, ? extends CompletionStage<T>> fallback) {
        return () -> {
            Cancellation cancellation = new Cancellation(order.size() + 1);
            CompletionStage<T> stage;
            try {
                stage = chain(call, fallback, cancellation).get();
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            CompletableFuture<T> outer = new CompletableFuture<>();
            stage.whenComplete((result, error) -> {
                if (error == null) {
                    outer.complete(result);
                } else {
                    outer.completeExceptionally(Futures.unwrap(error)); // the failure itself, as every core policy gives it
                }
            });
            outer.whenComplete((result, error) -> {
                if (outer.isCancelled()) {
                    cancellation.cancel();
                }
            });
            return outer;
        };
    }

    private <T> Supplier<CompletionStage<T>> chain(Supplier<CompletionStage<T>> call,
            Function<? super Throwable, ? extends CompletionStage<T>> fallback, Cancellation cancellation) {
        // slot order.size() holds the call's own stage; slot i the stage of the layer at order[i]
        Supplier<CompletionStage<T>> current = cancellation.guard(order.size(), call);
        for (int i = order.size() - 1; i >= 0; i--) {
            Layer layer = order.get(i);
            if (layer == Layer.FALLBACK) {
                if (fallback != null) {
                    Supplier<CompletionStage<T>> inner = current;
                    current = () -> {
                        CompletionStage<T> stage;
                        try {
                            stage = inner.get();
                        } catch (RuntimeException e) {
                            stage = CompletableFuture.failedFuture(e);
                        }
                        return stage.<CompletionStage<T>>handle((result, error) -> error == null
                                ? CompletableFuture.completedFuture(result)
                                : cancellation.isCancelled() ? CompletableFuture.failedFuture(error)
                                : fallback.apply(Futures.unwrap(error))).thenCompose(Function.identity());
                    };
                    current = cancellation.guard(i, current);
                }
            } else {
                Policy policy = policies.get(layer);
                if (policy instanceof CircuitBreaker breaker && layer == Layer.CIRCUIT_BREAKER
                        && !recordInnerRejections) {
                    current = cancellation.guard(i, ignoringRejectionsAsync(breaker, current));
                } else if (policy != null) {
                    current = cancellation.guard(i, Objects.requireNonNull(policy.decorateAsync(current),
                            () -> "policy '" + policy.name() + "' returned a null call from decorateAsync"));
                }
            }
        }
        return current;
    }

    /**
     * The stages of one asynchronous invocation, one slot per layer, and whether the caller
     * cancelled it. Cancelling cancels every recorded stage, outermost first; a layer invoked
     * after that (a retry's next attempt) gets a cancelled stage without running.
     */
    private static final class Cancellation {
        private final AtomicReferenceArray<CompletionStage<?>> stages;
        private volatile boolean cancelled;

        Cancellation(int slots) {
            this.stages = new AtomicReferenceArray<>(slots);
        }

        boolean isCancelled() {
            return cancelled;
        }

        <T> Supplier<CompletionStage<T>> guard(int slot, Supplier<CompletionStage<T>> inner) {
            return () -> {
                if (cancelled) {
                    CompletableFuture<T> none = new CompletableFuture<>();
                    none.cancel(false);
                    return none;
                }
                CompletionStage<T> stage = inner.get();
                if (stage != null) {
                    stages.set(slot, stage);
                    if (cancelled) {
                        Futures.cancel(stage); // cancelled while this layer started: cancel() may have missed it
                    }
                }
                return stage;
            };
        }

        void cancel() {
            cancelled = true;
            for (int i = 0; i < stages.length(); i++) {
                CompletionStage<?> stage = stages.get(i);
                if (stage != null) {
                    Futures.cancel(stage); // one that cannot be cancelled completes on its own
                }
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("PolicyStack[").append(name).append(": ");
        for (Layer layer : order) {
            Policy policy = policies.get(layer);
            if (layer == Layer.FALLBACK) {
                text.append("fallback(");
            } else if (policy != null) {
                text.append(policy.name()).append('(');
            }
        }
        text.append("call");
        for (Layer layer : order) {
            if (layer == Layer.FALLBACK || policies.containsKey(layer)) {
                text.append(')');
            }
        }
        return text.append(']').toString();
    }

    /**
     * Builds a {@link PolicyStack}. Each layer may be set once. Not threadsafe; the stack is.
     */
    public static final class Builder {
        private final String name;
        private final Map<Layer, Policy> policies = new EnumMap<>(Layer.class);
        private List<Layer> order = DEFAULT_ORDER;
        private boolean recordInnerRejections;

        private Builder(String name) {
            Objects.requireNonNull(name, "name must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank, but was '" + name + "'");
            }
            this.name = name;
        }

        /** The RETRY layer. */
        public Builder retry(Policy policy) {
            Objects.requireNonNull(policy, "retry: policy must not be null");
            return layer(Layer.RETRY, policy);
        }

        /** The CIRCUIT_BREAKER layer, e.g. a {@link CircuitBreaker}. */
        public Builder circuitBreaker(Policy policy) {
            Objects.requireNonNull(policy, "circuitBreaker: policy must not be null");
            return layer(Layer.CIRCUIT_BREAKER, policy);
        }

        /** The RATE_LIMITER layer. */
        public Builder rateLimiter(Policy policy) {
            Objects.requireNonNull(policy, "rateLimiter: policy must not be null");
            return layer(Layer.RATE_LIMITER, policy);
        }

        /** The TIMEOUT layer. */
        public Builder timeout(Policy policy) {
            Objects.requireNonNull(policy, "timeout: policy must not be null");
            return layer(Layer.TIMEOUT, policy);
        }

        /** The BULKHEAD layer. */
        public Builder bulkhead(Policy policy) {
            Objects.requireNonNull(policy, "bulkhead: policy must not be null");
            return layer(Layer.BULKHEAD, policy);
        }

        /**
         * Sets the policy of {@code layer}.
         *
         * @throws IllegalArgumentException if {@code layer} is FALLBACK (a fallback is a
         *     function given per call) or already set
         */
        public Builder layer(Layer layer, Policy policy) {
            Objects.requireNonNull(layer, "layer: layer must not be null");
            Objects.requireNonNull(policy, "layer: policy must not be null");
            if (layer == Layer.FALLBACK) {
                throw new IllegalArgumentException("layer must not be FALLBACK: a fallback is a function given per "
                        + "call, with decorate(call, fallback) or execute(call, fallback)");
            }
            if (policies.containsKey(layer)) {
                throw new IllegalArgumentException("layer " + layer + " must be set once, but was already set to '"
                        + policies.get(layer).name() + "'");
            }
            policies.put(layer, policy);
            return this;
        }

        /**
         * Chooses the order, outermost first; it must list each of the six layers exactly once.
         *
         * @throws IllegalArgumentException otherwise
         */
        public Builder order(Layer... outermostFirst) {
            Objects.requireNonNull(outermostFirst, "order: outermostFirst must not be null");
            List<Layer> chosen = Arrays.asList(outermostFirst.clone());
            Set<Layer> seen = EnumSet.noneOf(Layer.class);
            for (Layer layer : chosen) {
                Objects.requireNonNull(layer, "order: outermostFirst must not contain null");
                seen.add(layer);
            }
            if (chosen.size() != Layer.values().length || seen.size() != Layer.values().length) {
                throw new IllegalArgumentException("order must list each of " + Arrays.toString(Layer.values())
                        + " exactly once, but was " + chosen);
            }
            this.order = List.copyOf(chosen);
            return this;
        }

        /**
         * Whether a {@link CircuitBreaker} at the CIRCUIT_BREAKER layer sees the rejections of
         * the rate limiter and bulkhead ({@link RequestNotPermittedException},
         * {@link BulkheadFullException}) and classifies them by its own config. Default
         * {@code false}: the stack gives the breaker's permit back unrecorded, because a call
         * that never ran says nothing about the backend.
         */
        public Builder recordInnerRejections(boolean recordInnerRejections) {
            this.recordInnerRejections = recordInnerRejections;
            return this;
        }

        /** The stack. */
        public PolicyStack build() {
            return new PolicyStack(this);
        }
    }
}
