package dev.microlab.saga;

import dev.microlab.core.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The blueprint of a saga: an ordered list of steps, each with an action, an optional
 * compensation and a {@link StepKind}, over a typed saga data object that the steps read and
 * record their results into.
 *
 * <p>Why: a business transaction that spans services cannot hold one ACID transaction. A saga
 * runs a local transaction per service and, if a later one fails, undoes the earlier ones with
 * compensations. The definition is validated when built, so a saga that could leave the
 * system in an undefined state never runs: the steps must have the shape
 * {@code COMPENSATABLE* PIVOT? RETRIABLE*}, names must be unique, every step needs an action,
 * a pivot and the retriable steps have no compensation (they are never compensated).
 *
 * <pre>{@code
 * SagaDefinition<Order> orderSaga = SagaDefinition.builder("order", Order.class)
 *         .step("validate-order").participant("Orders")
 *             .action(ctx -> orders.validate(ctx.data())).compensation(ctx -> orders.cancel(ctx.data())).add()
 *         .step("reserve-inventory").participant("Inventory").timeout(Duration.ofSeconds(2))
 *             .action(ctx -> inventory.reserve(ctx)).compensation(ctx -> inventory.release(ctx)).add()
 *         .step("process-payment").participant("Payments").pivot()
 *             .asyncAction(ctx -> payments.chargeAsync(ctx)).add()
 *         .step("ship").participant("Shipping").retriable().action(ctx -> shipping.ship(ctx)).add()
 *         .build();
 * }</pre>
 *
 * <p>The data type must be serializable to JSON by Jackson (a record of strings, numbers,
 * lists works): the orchestrator records it in the saga log after every step.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param <D> the saga data type
 */
public final class SagaDefinition<D> {

    private final String name;
    private final Class<D> dataType;
    private final List<SagaStep<D>> steps;
    private final int pivotIndex;
    private final Duration deadline;

    private SagaDefinition(String name, Class<D> dataType, List<SagaStep<D>> steps, int pivotIndex, Duration deadline) {
        this.name = name;
        this.dataType = dataType;
        this.steps = List.copyOf(steps);
        this.pivotIndex = pivotIndex;
        this.deadline = deadline;
    }

    /**
     * A builder for a saga called {@code name} over data of type {@code dataType}.
     *
     * @throws IllegalArgumentException if the name is not 1 to 100 letters, digits and . _ -
     */
    public static <D> Builder<D> builder(String name, Class<D> dataType) {
        IdempotencyKey.checkName("saga name", name);
        return new Builder<>(name, Objects.requireNonNull(dataType, "dataType must not be null"));
    }

    /** The saga's name (its type, recorded in the saga log). */
    public String name() {
        return name;
    }

    /** The class of the saga data. */
    public Class<D> dataType() {
        return dataType;
    }

    /** The steps, in order. */
    public List<SagaStep<D>> steps() {
        return steps;
    }

    /** The step called {@code stepName}. @throws IllegalArgumentException if there is none */
    public SagaStep<D> step(String stepName) {
        for (SagaStep<D> s : steps) {
            if (s.name().equals(stepName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("saga '" + name + "' has no step '" + stepName + "'");
    }

    /**
     * The saga-wide deadline set with {@link Builder#deadline(Duration)}, if any: the time from
     * {@code start()} within which the saga must reach its pivot, or be cancelled and compensated.
     */
    public Optional<Duration> deadline() {
        return Optional.ofNullable(deadline);
    }

    /**
     * The index of the pivot step, or {@code steps().size()} if there is none (every step is
     * compensatable: the saga's point of no return is its end).
     */
    public int pivotIndex() {
        return pivotIndex;
    }

    @Override
    public String toString() {
        return "SagaDefinition[" + name + ", " + steps + "]";
    }

    /**
     * Collects the steps of a {@link SagaDefinition}; {@link #build()} validates them.
     *
     * <p>Not threadsafe: use from one thread.
     *
     * @param <D> the saga data type
     */
    public static final class Builder<D> {
        private final String name;
        private final Class<D> dataType;
        private final List<SagaStep<D>> steps = new ArrayList<>();
        private Duration deadline;

        private Builder(String name, Class<D> dataType) {
            this.name = name;
            this.dataType = dataType;
        }

        /**
         * Starts a step; finish it with {@link StepBuilder#add()}. Names are checked by
         * {@link #build()}.
         */
        public StepBuilder<D> step(String stepName) {
            return new StepBuilder<>(this, Objects.requireNonNull(stepName, "stepName must not be null"));
        }

        /**
         * A deadline for the whole saga: if it has not attempted its pivot (with no pivot: not
         * ended) within {@code withinFromStart} of {@link SagaOrchestrator#start}, it is cancelled
         * as by {@link SagaOrchestrator#cancel}: at its next step attempt it logs
         * {@code saga-cancelled} and compensates the steps that began, ending COMPENSATED with a
         * failure that names the deadline. A step in flight is not interrupted (bound it with its
         * own {@link StepBuilder#timeout}); a saga past its pivot only goes forward and ignores the
         * deadline, since nothing can undo the pivot. The clock is the orchestrator's scheduler;
         * a saga resumed by {@link SagaOrchestrator#recover()} gets the whole deadline again from
         * the moment it is resumed (the log holds no clock reading to subtract from).
         *
         * <p>This is what the course's "order expires after 30 minutes" needs, and what a step
         * timeout cannot express: a saga whose steps each answer in time but which keeps retrying.
         *
         * @throws IllegalArgumentException if not in (0, 365 days]
         */
        public Builder<D> deadline(Duration withinFromStart) {
            Objects.requireNonNull(withinFromStart, "deadline must not be null");
            if (withinFromStart.isNegative() || withinFromStart.isZero()
                    || withinFromStart.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException("deadline of saga '" + name + "' must be in (0, 365 days], but was "
                        + withinFromStart);
            }
            this.deadline = withinFromStart;
            return this;
        }

        /**
         * Validates and builds the definition.
         *
         * @throws IllegalArgumentException if there is no step, a name is invalid or repeated,
         *         a step has no action, there is more than one pivot, a retriable step comes
         *         before the pivot (or there is no pivot), or a pivot or retriable step has a
         *         compensation; the message names the step
         */
        public SagaDefinition<D> build() {
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("saga '" + name + "' must have at least one step, but has none");
            }
            Set<String> names = new HashSet<>();
            int pivot = -1;
            for (int i = 0; i < steps.size(); i++) {
                SagaStep<D> s = steps.get(i);
                String label = "step '" + s.name() + "' (#" + (i + 1) + ") of saga '" + name + "'";
                if (!names.add(s.name())) {
                    throw new IllegalArgumentException(label + ": step names must be unique, but '" + s.name()
                            + "' is used twice");
                }
                if (s.action() == null) {
                    throw new IllegalArgumentException(label + ": action must not be null");
                }
                switch (s.kind()) {
                    case COMPENSATABLE -> {
                        if (pivot >= 0) {
                            throw new IllegalArgumentException(label + " is COMPENSATABLE but comes after the pivot '"
                                    + steps.get(pivot).name() + "': steps after the pivot must be RETRIABLE");
                        }
                    }
                    case PIVOT -> {
                        if (pivot >= 0) {
                            throw new IllegalArgumentException(label + " is a second PIVOT: at most one pivot"
                                    + " is allowed, and '" + steps.get(pivot).name() + "' is already one");
                        }
                        if (s.compensation().isPresent()) {
                            throw new IllegalArgumentException(label + " is the PIVOT and must not have a"
                                    + " compensation: a pivot is never compensated");
                        }
                        pivot = i;
                    }
                    case RETRIABLE -> {
                        if (pivot < 0) {
                            throw new IllegalArgumentException(label + " is RETRIABLE but no PIVOT comes before"
                                    + " it: retriable steps must follow the pivot");
                        }
                        if (s.compensation().isPresent()) {
                            throw new IllegalArgumentException(label + " is RETRIABLE (after the pivot) and must"
                                    + " not have a compensation: nothing after the pivot is compensated");
                        }
                    }
                    default -> throw new IllegalStateException("unknown kind " + s.kind());
                }
            }
            return new SagaDefinition<>(name, dataType, steps, pivot < 0 ? steps.size() : pivot, deadline);
        }
    }

    /**
     * Describes one step; {@link #add()} appends it to the saga and returns the saga builder.
     *
     * <p>Not threadsafe: use from one thread.
     *
     * @param <D> the saga data type
     */
    public static final class StepBuilder<D> {
        private final Builder<D> parent;
        private final String name;
        private StepKind kind = StepKind.COMPENSATABLE;
        private String participant;
        private AsyncSagaAction<D> action;
        private AsyncSagaAction<D> compensation;
        private Duration timeout;
        private int maxAttempts = 1;
        private Backoff backoff;
        private int compensationMaxAttempts;

        private StepBuilder(Builder<D> parent, String name) {
            this.parent = parent;
            this.name = name;
        }

        /** Marks the step as the pivot (the default kind is COMPENSATABLE). */
        public StepBuilder<D> pivot() {
            return kind(StepKind.PIVOT);
        }

        /** Marks the step as retriable (it must follow the pivot). */
        public StepBuilder<D> retriable() {
            return kind(StepKind.RETRIABLE);
        }

        /** Sets the kind. */
        public StepBuilder<D> kind(StepKind stepKind) {
            this.kind = Objects.requireNonNull(stepKind, "kind must not be null");
            return this;
        }

        /** Names the participant (service) called, for traces and diagrams. */
        public StepBuilder<D> participant(String participantName) {
            Objects.requireNonNull(participantName, "participant must not be null");
            if (participantName.isBlank() || participantName.length() > 60) {
                throw new IllegalArgumentException("participant of step '" + name
                        + "' must be 1 to 60 characters and not blank, but was '" + participantName + "'");
            }
            this.participant = participantName;
            return this;
        }

        /** The synchronous forward action (a step without one is refused by {@link Builder#build()}). */
        public StepBuilder<D> action(SagaAction<D> syncAction) {
            this.action = async(Objects.requireNonNull(syncAction, "action of step '" + name + "' must not be null"));
            return this;
        }

        /** The asynchronous forward action. */
        public StepBuilder<D> asyncAction(AsyncSagaAction<D> asyncAction) {
            this.action = Objects.requireNonNull(asyncAction, "asyncAction of step '" + name + "' must not be null");
            return this;
        }

        /** The synchronous compensation (only for compensatable steps). */
        public StepBuilder<D> compensation(SagaAction<D> syncCompensation) {
            this.compensation = async(Objects.requireNonNull(syncCompensation,
                    "compensation of step '" + name + "' must not be null"));
            return this;
        }

        /** The asynchronous compensation (only for compensatable steps). */
        public StepBuilder<D> asyncCompensation(AsyncSagaAction<D> asyncCompensation) {
            this.compensation = Objects.requireNonNull(asyncCompensation,
                    "compensation of step '" + name + "' must not be null");
            return this;
        }

        /**
         * Bounds each attempt (action and compensation); the timer is armed before the call, so it
         * also fires when the orchestrator runs steps on the caller's thread. A timed-out action
         * is <i>in doubt</i>: it may still apply. A compensatable step is then compensated too
         * (after its last attempt); a pivot is asked again with the same key until it answers.
         *
         * @throws IllegalArgumentException if not in (0, 1 day]
         */
        public StepBuilder<D> timeout(Duration attemptTimeout) {
            Objects.requireNonNull(attemptTimeout, "timeout must not be null");
            if (attemptTimeout.isNegative() || attemptTimeout.isZero() || attemptTimeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("timeout of step '" + name + "' must be in (0, 1 day], but was "
                        + attemptTimeout);
            }
            this.timeout = attemptTimeout;
            return this;
        }

        /**
         * Retries the action: at most {@code attempts} attempts (compensatable steps), or
         * {@code attempts} definite refusals (a pivot, whose timeouts are retried until it
         * answers); retriable steps always retry until success. Waits {@code betweenAttempts}.
         *
         * @throws IllegalArgumentException if {@code attempts} is not in [1, 1000]
         */
        public StepBuilder<D> retry(int attempts, Backoff betweenAttempts) {
            if (attempts < 1 || attempts > 1000) {
                throw new IllegalArgumentException("maxAttempts of step '" + name + "' must be in [1, 1000], but was "
                        + attempts);
            }
            this.maxAttempts = attempts;
            this.backoff = Objects.requireNonNull(betweenAttempts, "backoff must not be null");
            return this;
        }

        /**
         * Overrides the orchestrator's bound on compensation attempts for this step.
         *
         * @throws IllegalArgumentException if not in [1, 1000]
         */
        public StepBuilder<D> compensationAttempts(int attempts) {
            if (attempts < 1 || attempts > 1000) {
                throw new IllegalArgumentException("compensationAttempts of step '" + name
                        + "' must be in [1, 1000], but was " + attempts);
            }
            this.compensationMaxAttempts = attempts;
            return this;
        }

        /**
         * Adds the step and returns the saga builder.
         *
         * @throws IllegalArgumentException if the step's name is invalid
         */
        public Builder<D> add() {
            IdempotencyKey.checkName("step name (step #" + (parent.steps.size() + 1) + " of saga '" + parent.name
                    + "')", name);
            parent.steps.add(new SagaStep<>(name, kind, participant != null ? participant : name, action,
                    compensation, timeout, maxAttempts, backoff, compensationMaxAttempts));
            return parent;
        }

        private static <D> AsyncSagaAction<D> async(SagaAction<D> sync) {
            return ctx -> {
                try {
                    return CompletableFuture.completedFuture(sync.apply(ctx));
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            };
        }
    }
}
