package dev.microlab.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.timeout.TimeLimiter;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.StreamName;
import dev.microlab.saga.internal.LogEntry;
import dev.microlab.saga.internal.SagaLog;
import dev.microlab.saga.internal.SagaRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs sagas: calls each step's action in order, retries with backoff, compensates in exact
 * reverse order when a step before the pivot fails for good, pushes forward after the pivot,
 * and records every move in a durable saga log so that a crash loses nothing.
 *
 * <p><b>The saga log.</b> Each saga is an event stream {@code saga-<sagaId>} in an
 * {@link EventStore}: started, step started / succeeded / failed, compensation started /
 * succeeded / failed, ended. Every entry is appended with the exact expected version
 * <i>before</i> the side effect it announces, so the log always knows at least as much as
 * the world: a step that is "started" without an outcome is <i>in doubt</i>. A second writer
 * of the same saga (two orchestrators) fails its append and stops
 * ({@link SagaEvent.SagaStalled}). Each saga is also listed, before its own stream is
 * written, in an index stream ({@code sagas-index} by default), which is how
 * {@link #recover()} finds the unfinished sagas without scanning the whole store.
 *
 * <p><b>Recovery.</b> Call {@link #recover()} at start-up: every saga in the index that has
 * not ended is resumed from its log. A step or compensation found in doubt (started, no
 * outcome) is called again with the same {@link IdempotencyKey}, as the same attempt (the
 * crash may have come before the call reached the participant, so it uses up no attempt);
 * a saga listed in the index without a stream of its own is started. Participants see the
 * same key again and must dedupe ({@link IdempotentParticipant}).
 * {@link Builder#retryInDoubtSteps(boolean) retryInDoubtSteps(false)} compensates an in-doubt
 * compensatable step instead.
 *
 * <p><b>Failures.</b> A compensatable step gets {@code maxAttempts} attempts; after the last
 * failure the steps that began (succeeded, or in doubt because an attempt timed out) are
 * compensated in reverse order. A pivot gets {@code maxAttempts} definite refusals; a pivot
 * that times out is in doubt, not failed (it has no compensation that could close its fence),
 * so it is asked again with the same key until it answers. A retriable step is retried until
 * it succeeds. A
 * compensation gets {@link Builder#compensationAttempts(int)} attempts; if the last one fails
 * the saga ends {@link SagaState#FAILED} at once, or, with
 * {@link Builder#continueOnCompensationError(boolean)}, after trying the earlier
 * compensations. Exactly one of COMPLETED, COMPENSATED, FAILED is ever written.
 *
 * <pre>{@code
 * SagaOrchestrator orchestrator = SagaOrchestrator.builder(store)
 *         .register(orderSaga)
 *         .executor(executor).scheduler(Scheduler.of(scheduledExecutor))
 *         .build();
 * orchestrator.recover();                                    // resume what a crash interrupted
 * SagaOutcome<Order> outcome = orchestrator.start(orderSaga, "order-42", order)
 *         .toCompletableFuture().get(10, SECONDS);
 * orchestrator.trace("order-42").map(SagaTrace::toMermaid);  // what happened, as a diagram
 * }</pre>
 *
 * <p>This class is threadsafe: many sagas run at once; the steps of one saga run one at a
 * time, on the executor (and on the scheduler's thread for the wait between attempts).
 */
public final class SagaOrchestrator implements AutoCloseable {

    /** The default name of the index stream. */
    public static final String DEFAULT_INDEX_STREAM = "sagas-index";
    /** The default number of attempts of a compensation. */
    public static final int DEFAULT_COMPENSATION_ATTEMPTS = 5;
    /** The default backoff: 100 ms doubling up to 30 s. */
    public static final Backoff DEFAULT_BACKOFF =
            Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(30));

    final SagaLog log;
    final Executor executor;
    final Scheduler scheduler;
    final Backoff forwardBackoff;
    final Backoff compensationBackoff;
    final int compensationAttempts;
    final boolean continueOnCompensationError;
    final boolean retryInDoubtSteps;
    final EventPublisher<SagaEvent> events = new EventPublisher<>("saga orchestrator");
    final ConcurrentHashMap<String, SagaRun<?>> active = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, SagaDefinition<?>> definitions;
    private final Map<SagaStep<?>, TimeLimiter> timeLimiters = new ConcurrentHashMap<>();
    private final List<AutoCloseable> owned;

    private SagaOrchestrator(Builder b, Executor executor, Scheduler scheduler, List<AutoCloseable> owned) {
        this.log = new SagaLog(b.store, b.mapper, StreamName.of(b.indexStream));
        this.executor = executor;
        this.scheduler = scheduler;
        this.forwardBackoff = b.forwardBackoff;
        this.compensationBackoff = b.compensationBackoff;
        this.compensationAttempts = b.compensationAttempts;
        this.continueOnCompensationError = b.continueOnCompensationError;
        this.retryInDoubtSteps = b.retryInDoubtSteps;
        this.definitions = Map.copyOf(b.definitions);
        this.owned = owned;
    }

    /** A builder for an orchestrator whose saga log lives in {@code store}. */
    public static Builder builder(EventStore store) {
        return new Builder(Objects.requireNonNull(store, "store must not be null"));
    }

    /**
     * Starts a new saga instance and returns a stage that completes with its outcome. The
     * index entry and the saga's first log entry are appended on the caller's thread; the
     * steps then run on the executor.
     *
     * <p>The stage fails (instead of completing) only if the saga log cannot be written: the
     * saga then stopped before its next side effect and {@link #recover()} resumes it.
     *
     * @throws IllegalArgumentException if the definition is not registered, the id is not
     *         1 to 100 letters, digits and . _ -, or the data cannot be written as JSON
     * @throws IllegalStateException if a saga with this id exists already
     * @throws dev.microlab.eventstore.EventStoreException if the log cannot be written
     */
    public <D> CompletionStage<SagaOutcome<D>> start(SagaDefinition<D> definition, String sagaId, D data) {
        Objects.requireNonNull(definition, "definition must not be null");
        IdempotencyKey.checkName("sagaId", sagaId);
        Objects.requireNonNull(data, "data must not be null");
        if (definitions.get(definition.name()) != definition) {
            throw new IllegalArgumentException("saga definition '" + definition.name()
                    + "' is not registered with this orchestrator; registered: " + definitions.keySet());
        }
        SagaRun<D> run = new SagaRun<>(this, definition, sagaId, new SagaRecord(), data);
        if (active.putIfAbsent(sagaId, run) != null) {
            throw new IllegalStateException("saga '" + sagaId + "' is already running");
        }
        try {
            run.begin();
            run.armDeadline();
        } catch (RuntimeException | Error e) {
            active.remove(sagaId, run);
            throw e;
        }
        return run.result();
    }

    /**
     * Resumes every saga that the index lists and that has not ended (and that this
     * orchestrator is not running already). Call it once at start-up, before new sagas are
     * started with the same ids. Costs one read of the index and one read of each listed
     * saga's stream.
     *
     * @throws dev.microlab.eventstore.EventStoreException if the log cannot be read
     */
    public RecoveryReport recover() {
        List<LogEntry.Started> index = log.readIndex();
        Map<String, CompletionStage<SagaOutcome<?>>> resumed = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (LogEntry.Started listed : index) {
            if (active.containsKey(listed.sagaId())) {
                continue;
            }
            SagaRecord record = log.fold(listed.sagaId());
            if (record.isStarted() && record.state().isTerminal()) {
                continue;
            }
            SagaDefinition<?> definition = definitions.get(listed.sagaType());
            if (definition == null) {
                unknown.add(listed.sagaId());
                continue;
            }
            resume(definition, listed, record).ifPresent(stage -> resumed.put(listed.sagaId(), stage));
        }
        return new RecoveryReport(index.size(), resumed, unknown);
    }

    private <D> Optional<CompletionStage<SagaOutcome<?>>> resume(SagaDefinition<D> definition, LogEntry.Started listed,
            SagaRecord record) {
        D data = decode(definition, record.isStarted() ? record.data() : listed.data());
        SagaRun<D> run = new SagaRun<>(this, definition, listed.sagaId(), record, data);
        if (active.putIfAbsent(listed.sagaId(), run) != null) {
            return Optional.empty();
        }
        run.resume(listed);
        run.armDeadline();
        return Optional.of(run.result().thenApply(o -> o));
    }

    <D> D decode(SagaDefinition<D> definition, JsonNode json) {
        try {
            return log.mapper().treeToValue(json, definition.dataType());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the data of saga type '" + definition.name() + "' as "
                    + definition.dataType().getName() + ": " + e.getMessage(), e);
        }
    }

    /** The status of saga {@code sagaId} as its log says, or empty if it has no log. */
    public Optional<SagaStatus> status(String sagaId) {
        IdempotencyKey.checkName("sagaId", sagaId);
        SagaRecord record = log.fold(sagaId);
        return record.isStarted() ? Optional.of(record.toStatus()) : Optional.empty();
    }

    /**
     * The status of every saga in {@code state}, in the order they were started (archived ones
     * first). RUNNING, COMPENSATING and FAILED sagas are found in the active index: the cost is
     * O(sagas in the index), which {@link #archiveEnded()} keeps close to the unfinished ones.
     * COMPLETED, COMPENSATED and RESOLVED sagas are also looked up in the archive, and only
     * those archived in {@code state} are read.
     */
    public List<SagaStatus> list(SagaState state) {
        Objects.requireNonNull(state, "state must not be null");
        Map<String, SagaStatus> result = new LinkedHashMap<>();
        if (isArchivable(state)) {
            for (LogEntry.Archived archived : log.readArchive()) {
                if (archived.state().equals(state.name()) && !result.containsKey(archived.sagaId())) {
                    SagaRecord record = log.fold(archived.sagaId());
                    if (record.isStarted() && record.state() == state) {
                        result.put(archived.sagaId(), record.toStatus());
                    }
                }
            }
        }
        for (LogEntry.Started listed : log.readIndex()) {
            if (result.containsKey(listed.sagaId())) {
                continue;
            }
            SagaRecord record = log.fold(listed.sagaId());
            if (record.isStarted() && record.state() == state) {
                result.put(listed.sagaId(), record.toStatus());
            }
        }
        return new ArrayList<>(result.values());
    }

    private static boolean isArchivable(SagaState state) {
        return state == SagaState.COMPLETED || state == SagaState.COMPENSATED || state == SagaState.RESOLVED;
    }

    /**
     * Takes the sagas that ended for good (COMPLETED, COMPENSATED, RESOLVED) out of the active
     * index into the archive stream ({@code <indexStream>-archive}), so that {@link #recover()}
     * and {@link #list(SagaState)} of unfinished states cost O(unfinished sagas) instead of
     * O(sagas ever started). FAILED sagas stay in the index: an operator still has to act on
     * them. Safe to run while sagas start and end, from any process, and to re-run after a crash
     * at any point (no saga is lost from the index, none archived twice). Run it periodically,
     * e.g. after {@link #recover()} at start-up and then every few thousand sagas.
     *
     * @return how many sagas were archived
     * @throws dev.microlab.eventstore.EventStoreException if the log cannot be read or written
     */
    public int archiveEnded() {
        return log.archiveEnded(sagaId -> {
            if (active.containsKey(sagaId)) {
                return Optional.empty();
            }
            SagaRecord record = log.fold(sagaId);
            return record.isStarted() && isArchivable(record.state()) ? Optional.of(record.state().name())
                    : Optional.empty();
        });
    }

    /**
     * Cancels a saga this orchestrator is running, if it has not attempted its pivot yet: at its
     * next step attempt (at once if it is between steps; after the step in flight answers, or
     * after its backoff wait) it logs {@code saga-cancelled} with {@code reason} and compensates
     * the steps that began, ending COMPENSATED. A saga that ends before that ends as it ends.
     *
     * @return the saga's outcome
     * @throws IllegalStateException if the saga is not running in this orchestrator (start it or
     *         {@link #recover()} it here first), or its pivot was already attempted (after the
     *         pivot a saga only goes forward)
     */
    public CompletionStage<SagaOutcome<?>> cancel(String sagaId, String reason) {
        IdempotencyKey.checkName("sagaId", sagaId);
        checkReason(reason);
        SagaRun<?> run = active.get(sagaId);
        if (run == null) {
            throw new IllegalStateException("saga '" + sagaId + "' is not running in this orchestrator (status: "
                    + status(sagaId).map(s -> s.state().name()).orElse("unknown") + "); only a running saga can be"
                    + " cancelled, by the orchestrator that runs it");
        }
        run.cancel(reason);
        return run.result().thenApply(o -> o);
    }

    /**
     * Reopens a FAILED saga: logs {@code saga-compensation-retried} with {@code reason} and runs
     * its failed compensations again, from attempt 1 (same idempotency keys), then the earlier
     * ones, as the first time. Use it once the cause is fixed (the participant is back).
     *
     * @return the saga's new outcome
     * @throws IllegalStateException if the saga is not FAILED, or is running here
     * @throws IllegalArgumentException if its definition is not registered
     */
    public CompletionStage<SagaOutcome<?>> retryCompensation(String sagaId, String reason) {
        IdempotencyKey.checkName("sagaId", sagaId);
        checkReason(reason);
        SagaRecord record = log.fold(sagaId);
        requireFailed(sagaId, record, "retry its compensation");
        SagaDefinition<?> definition = definitions.get(record.sagaType());
        if (definition == null) {
            throw new IllegalArgumentException("saga '" + sagaId + "' is of type '" + record.sagaType()
                    + "', which is not registered with this orchestrator; registered: " + definitions.keySet());
        }
        return reopen(definition, sagaId, record, reason);
    }

    private <D> CompletionStage<SagaOutcome<?>> reopen(SagaDefinition<D> definition, String sagaId,
            SagaRecord record, String reason) {
        SagaRun<D> run = new SagaRun<>(this, definition, sagaId, record, decode(definition, record.data()));
        if (active.putIfAbsent(sagaId, run) != null) {
            throw new IllegalStateException("saga '" + sagaId + "' is already running in this orchestrator");
        }
        run.retryCompensation(reason);
        return run.result().thenApply(o -> o);
    }

    /**
     * Marks a FAILED saga RESOLVED: an operator repaired by hand what its failed compensation
     * left, and says how in {@code reason} (logged as {@code saga-resolved}). RESOLVED is
     * terminal; the saga can then be archived.
     *
     * @return the saga's status after it
     * @throws IllegalStateException if the saga is not FAILED, or is running here
     */
    public SagaStatus resolve(String sagaId, String reason) {
        IdempotencyKey.checkName("sagaId", sagaId);
        checkReason(reason);
        SagaRecord record = log.fold(sagaId);
        requireFailed(sagaId, record, "resolve it");
        LogEntry.Resolved resolved = new LogEntry.Resolved(reason);
        dev.microlab.eventstore.AppendResult r = log.store().append(SagaLog.streamOf(sagaId),
                dev.microlab.eventstore.ExpectedVersion.of(record.version()), log.encode(resolved));
        record.apply(resolved, r.nextExpectedVersion());
        events.publish(() -> new SagaEvent.SagaResolved(sagaId, reason, nextSequence()));
        return record.toStatus();
    }

    private void requireFailed(String sagaId, SagaRecord record, String action) {
        if (active.containsKey(sagaId)) {
            throw new IllegalStateException("saga '" + sagaId + "' is running in this orchestrator; cannot " + action);
        }
        if (!record.isStarted() || record.state() != SagaState.FAILED) {
            throw new IllegalStateException("saga '" + sagaId + "' must be FAILED to " + action + ", but is "
                    + (record.isStarted() ? record.state() : "unknown (no log)"));
        }
    }

    private static void checkReason(String reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        if (reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("reason must be 1 to 500 characters and not blank, but was '"
                    + reason + "'");
        }
    }

    /** How many sagas this orchestrator is running now. */
    public int runningCount() {
        return active.size();
    }

    /**
     * The execution of saga {@code sagaId}, read from its log, with the participants named by
     * its definition (or the step names if the definition is not registered).
     */
    public Optional<SagaTrace> trace(String sagaId) {
        IdempotencyKey.checkName("sagaId", sagaId);
        List<SagaLog.Versioned> entries = log.read(sagaId);
        if (entries.isEmpty() || !(entries.get(0).entry() instanceof LogEntry.Started started)) {
            return Optional.empty();
        }
        SagaDefinition<?> definition = definitions.get(started.sagaType());
        Map<String, String> participants = new HashMap<>();
        if (definition != null) {
            definition.steps().forEach(s -> participants.put(s.name(), s.participant()));
        }
        List<SagaTrace.Entry> trace = new ArrayList<>();
        for (SagaLog.Versioned v : entries) {
            trace.add(traceEntry(v, participants));
        }
        return Optional.of(new SagaTrace(sagaId, started.sagaType(), trace));
    }

    private static SagaTrace.Entry traceEntry(SagaLog.Versioned v, Map<String, String> participants) {
        LogEntry e = v.entry();
        Instant at = v.event().recordedAt();
        if (e instanceof LogEntry.Started) {
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.SAGA_STARTED, null, null, 0, "");
        } else if (e instanceof LogEntry.StepStarted s) {
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.STEP_STARTED, s.step(),
                    participants.getOrDefault(s.step(), s.step()), s.attempt(), "");
        } else if (e instanceof LogEntry.StepSucceeded s) {
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.STEP_SUCCEEDED, s.step(),
                    participants.getOrDefault(s.step(), s.step()), s.attempt(), "");
        } else if (e instanceof LogEntry.StepFailed s) {
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.STEP_FAILED, s.step(),
                    participants.getOrDefault(s.step(), s.step()), s.attempt(),
                    s.error() + (s.retrying() ? " (will retry)" : ""));
        } else if (e instanceof LogEntry.CompensationStarted s) {
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.COMPENSATION_STARTED, s.step(),
                    participants.getOrDefault(s.step(), s.step()), s.attempt(), "");
        } else if (e instanceof LogEntry.CompensationSucceeded s) {
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.COMPENSATION_SUCCEEDED, s.step(),
                    participants.getOrDefault(s.step(), s.step()), s.attempt(), "");
        } else if (e instanceof LogEntry.CompensationFailed s) {
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.COMPENSATION_FAILED, s.step(),
                    participants.getOrDefault(s.step(), s.step()), s.attempt(),
                    s.error() + (s.retrying() ? " (will retry)" : ""));
        } else if (e instanceof LogEntry.Cancelled c) {
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.SAGA_CANCELLED, null, null, 0, c.reason());
        } else if (e instanceof LogEntry.CompensationRetried r) {
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.COMPENSATION_RETRIED, null, null, 0, r.reason());
        } else if (e instanceof LogEntry.Resolved r) {
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.SAGA_RESOLVED, null, null, 0, r.reason());
        } else {
            LogEntry.Ended end = (LogEntry.Ended) e;
            return new SagaTrace.Entry(v.version(), at, SagaTrace.Kind.SAGA_ENDED, null, null, 0,
                    end.state() + (end.reason() != null ? ": " + end.reason() : ""));
        }
    }

    /** The number of the next event this orchestrator publishes; see {@link SagaEvent#sequence()}. */
    long nextSequence() {
        return sequence.incrementAndGet();
    }

    /** Where this orchestrator publishes {@link SagaEvent}s. */
    public EventPublisher<SagaEvent> eventPublisher() {
        return events;
    }

    /** The registered definitions, by name. */
    public Map<String, SagaDefinition<?>> definitions() {
        return definitions;
    }

    TimeLimiter timeLimiter(String sagaType, SagaStep<?> step) {
        return timeLimiters.computeIfAbsent(step, s -> TimeLimiter.builder(sagaType + "." + s.name())
                .timeout(s.timeout().orElseThrow()).scheduler(scheduler).cancelRunningFuture(true).build());
    }

    /**
     * Shuts down the executor and scheduler this orchestrator created itself (none if both
     * were given). Running sagas stop where they are; {@link #recover()} resumes them later.
     */
    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + c, e);
            }
        }
    }

    @Override
    public String toString() {
        return "SagaOrchestrator[" + definitions.keySet() + ", running=" + active.size() + "]";
    }

    /**
     * Configures a {@link SagaOrchestrator}. Every option has a default except the store.
     *
     * <p>Not threadsafe: use from one thread.
     */
    public static final class Builder {
        private final EventStore store;
        private final Map<String, SagaDefinition<?>> definitions = new LinkedHashMap<>();
        private Executor executor;
        private Scheduler scheduler;
        private ObjectMapper mapper = new ObjectMapper();
        private Backoff forwardBackoff = DEFAULT_BACKOFF;
        private Backoff compensationBackoff = DEFAULT_BACKOFF;
        private int compensationAttempts = DEFAULT_COMPENSATION_ATTEMPTS;
        private boolean continueOnCompensationError;
        private boolean retryInDoubtSteps = true;
        private String indexStream = DEFAULT_INDEX_STREAM;

        private Builder(EventStore store) {
            this.store = store;
        }

        /**
         * Registers a definition: only registered sagas can be started and recovered.
         *
         * @throws IllegalArgumentException if another definition has the same name
         */
        public Builder register(SagaDefinition<?> definition) {
            Objects.requireNonNull(definition, "definition must not be null");
            SagaDefinition<?> previous = definitions.putIfAbsent(definition.name(), definition);
            if (previous != null && previous != definition) {
                throw new IllegalArgumentException("a saga definition named '" + definition.name()
                        + "' is registered already; names must be unique");
            }
            return this;
        }

        /**
         * Runs the steps and their continuations. Default: a pool of daemon threads owned by
         * the orchestrator. Tests pass {@code Runnable::run} to run everything on the calling
         * thread.
         */
        public Builder executor(Executor stepExecutor) {
            this.executor = Objects.requireNonNull(stepExecutor, "executor must not be null");
            return this;
        }

        /**
         * Times the waits between attempts and the step timeouts. Default: one daemon thread
         * owned by the orchestrator. Tests pass a {@code ManualScheduler}.
         */
        public Builder scheduler(Scheduler timer) {
            this.scheduler = Objects.requireNonNull(timer, "scheduler must not be null");
            return this;
        }

        /** Writes the saga data and log entries as JSON. Default: a plain {@code ObjectMapper}. */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.mapper = Objects.requireNonNull(objectMapper, "objectMapper must not be null");
            return this;
        }

        /** The wait between attempts of a step that sets no backoff of its own. Default {@link #DEFAULT_BACKOFF}. */
        public Builder forwardBackoff(Backoff backoff) {
            this.forwardBackoff = Objects.requireNonNull(backoff, "forwardBackoff must not be null");
            return this;
        }

        /** The wait between attempts of a compensation. Default {@link #DEFAULT_BACKOFF}. */
        public Builder compensationBackoff(Backoff backoff) {
            this.compensationBackoff = Objects.requireNonNull(backoff, "compensationBackoff must not be null");
            return this;
        }

        /**
         * How many attempts a compensation gets before the saga gives up on it (a step may
         * override). Default {@value #DEFAULT_COMPENSATION_ATTEMPTS}.
         *
         * @throws IllegalArgumentException if not in [1, 1000]
         */
        public Builder compensationAttempts(int attempts) {
            if (attempts < 1 || attempts > 1000) {
                throw new IllegalArgumentException("compensationAttempts must be in [1, 1000], but was " + attempts);
            }
            this.compensationAttempts = attempts;
            return this;
        }

        /**
         * Whether the earlier compensations still run after one failed for good (the saga ends
         * FAILED either way). Default false: the saga stops at the failed compensation, so an
         * operator sees the system exactly as it was.
         */
        public Builder continueOnCompensationError(boolean continueOn) {
            this.continueOnCompensationError = continueOn;
            return this;
        }

        /**
         * What recovery does with a compensatable step found started without an outcome (the
         * process died while calling it). Default true: the action is called again with the same
         * idempotency key, as the same attempt (it may never have reached the participant), so a
         * participant that dedupes answers as the first time and the saga reaches the same end as
         * if nothing had crashed. False: the step counts as failed and in doubt, so it and the
         * earlier steps are compensated, as microservices.io and Seata do (the saga ends
         * COMPENSATED); for participants that cannot dedupe an action. Pivot and retriable steps
         * are always retried.
         */
        public Builder retryInDoubtSteps(boolean retry) {
            this.retryInDoubtSteps = retry;
            return this;
        }

        /**
         * The stream that lists every saga, for recovery. Default {@value #DEFAULT_INDEX_STREAM}.
         *
         * @throws IllegalArgumentException if it is not a valid stream name or starts with "saga-"
         */
        public Builder indexStream(String name) {
            StreamName.of(Objects.requireNonNull(name, "indexStream must not be null"));
            if (name.startsWith("saga-")) {
                throw new IllegalArgumentException("indexStream must not start with 'saga-' (the prefix of saga"
                        + " streams), but was '" + name + "'");
            }
            this.indexStream = name;
            return this;
        }

        /**
         * Builds the orchestrator.
         *
         * @throws IllegalArgumentException if no definition is registered
         */
        public SagaOrchestrator build() {
            if (definitions.isEmpty()) {
                throw new IllegalArgumentException("at least one saga definition must be registered, but none was");
            }
            List<AutoCloseable> owned = new ArrayList<>();
            Executor exec = executor;
            if (exec == null) {
                ExecutorService pool = Executors.newCachedThreadPool(daemon("microlab-saga-"));
                owned.add(pool::shutdown);
                exec = pool;
            }
            Scheduler timer = scheduler;
            if (timer == null) {
                ScheduledThreadPoolExecutor ses = new ScheduledThreadPoolExecutor(1, daemon("microlab-saga-timer-"));
                ses.setRemoveOnCancelPolicy(true);
                owned.add(ses::shutdown);
                timer = Scheduler.of(ses);
            }
            return new SagaOrchestrator(this, exec, timer, owned);
        }

        private static ThreadFactory daemon(String prefix) {
            AtomicInteger count = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, prefix + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }
}
