package dev.microlab.benchmarks.saga;

import dev.microlab.benchmarks.support.TempDirs;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.FsyncPolicy;
import dev.microlab.eventstore.InMemoryEventStore;
import dev.microlab.saga.SagaDefinition;
import dev.microlab.saga.SagaOrchestrator;
import dev.microlab.saga.SagaOutcome;
import dev.microlab.saga.SagaState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The orchestrator's own cost per saga step: a saga of {@value #STEPS} compensatable steps
 * whose actions do nothing, run to completion on the caller's thread
 * ({@code executor(Runnable::run)}, {@code start(...).join()}); the score is per step
 * ({@code @OperationsPerInvocation}), and includes the saga's share of its start, its index
 * entry and its end. What is left is the saga log: every step writes "started" and
 * "succeeded" with an exact expected version, and the data as JSON.
 *
 * <p>{@code log}: the in-memory event store; the file store forcing every append to the disk
 * ({@code file-always}: the machine's fsync latency, several per step); the file store
 * forcing at most every 5 ms or 64 appends ({@code file-group}). A fresh store (files in a
 * temporary folder, deleted afterwards) and orchestrator are built for every iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SagaStepBenchmark {

    /** No-op steps per saga. */
    static final int STEPS = 10;

    /** The saga log: {@code memory}, {@code file-always} or {@code file-group}. */
    @Param({"memory", "file-always", "file-group"})
    public String log;

    /** The saga's data, written to the log as JSON at every step. */
    public record Payload(String orderId, int quantity) {
    }

    private SagaDefinition<Payload> definition;
    private EventStore store;
    private Path dir;
    private SagaOrchestrator orchestrator;
    private Payload payload;
    private long sagas;

    @Setup(Level.Trial)
    public void define() {
        SagaDefinition.Builder<Payload> saga = SagaDefinition.builder("no-op", Payload.class);
        for (int i = 0; i < STEPS; i++) {
            saga.step("step-" + i).participant("participant-" + i)
                    .action(ctx -> ctx.data()).compensation(ctx -> ctx.data()).add();
        }
        definition = saga.build();
        payload = new Payload("order-42", 2);
    }

    @Setup(Level.Iteration)
    public void open() {
        store = switch (log) {
            case "memory" -> InMemoryEventStore.create();
            case "file-always" -> openFile(FsyncPolicy.always());
            case "file-group" -> openFile(FsyncPolicy.group(Duration.ofMillis(5), 64));
            default -> throw new IllegalArgumentException(
                    "log must be one of [memory, file-always, file-group], but was '" + log + "'");
        };
        // no step fails or waits, so the timer never fires: a manual one avoids a thread
        orchestrator = SagaOrchestrator.builder(store).register(definition)
                .executor(Runnable::run)
                .scheduler(new ManualScheduler(new ManualTimeSource()))
                .build();
    }

    private EventStore openFile(FsyncPolicy policy) {
        dir = TempDirs.create("microlab-saga-benchmark-");
        return FileEventStore.builder(dir).fsyncPolicy(policy).open();
    }

    @TearDown(Level.Iteration)
    public void close() {
        orchestrator.close();
        store.close();
        TempDirs.delete(dir);
        dir = null;
    }

    /** One saga of {@value #STEPS} no-op steps, start to end; scored per step. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public SagaOutcome<Payload> runSaga() {
        SagaOutcome<Payload> outcome = orchestrator.start(definition, "saga-run-" + sagas++, payload)
                .toCompletableFuture().join();
        if (outcome.state() != SagaState.COMPLETED) {
            throw new IllegalStateException("the no-op saga should complete, but ended " + outcome);
        }
        return outcome;
    }
}
