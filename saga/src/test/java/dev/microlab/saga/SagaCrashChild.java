package dev.microlab.saga;

import dev.microlab.core.retry.Backoff;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.FsyncPolicy;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link FileStoreCrashTest}: recovers what the store holds, then starts
 * sagas {@code first .. first+count-1} on a file-backed store and prints {@code STARTED <id>}
 * after each start, until it is killed. Test code, so it may print.
 */
public final class SagaCrashChild {

    private SagaCrashChild() {
    }

    /** The order saga over durable participants: every third payment is declined. */
    static SagaDefinition<OrderData> definition(EventStore store) {
        DurableParticipant p = new DurableParticipant(store);
        return SagaDefinition.builder("order", OrderData.class)
                .step(Harness.VALIDATE).action(p::act).compensation(p::undo).add()
                .step(Harness.RESERVE).action(p::act).compensation(p::undo).add()
                .step(Harness.PAY).pivot().action(ctx -> {
                    if (declined(ctx.sagaId())) {
                        throw new IllegalStateException("declined");
                    }
                    return p.act(ctx);
                }).add()
                .step(Harness.SHIP).retriable().action(p::act).add()
                .build();
    }

    static boolean declined(String sagaId) {
        return Integer.parseInt(sagaId.substring(1)) % 3 == 0;
    }

    static FileEventStore open(Path dir) {
        return FileEventStore.builder(dir).fsyncPolicy(FsyncPolicy.never()).open();
    }

    static SagaOrchestrator orchestrator(EventStore store) {
        return SagaOrchestrator.builder(store).register(definition(store)).retryInDoubtSteps(true)
                .forwardBackoff(Backoff.none()).compensationBackoff(Backoff.none()).build();
    }

    /** Arguments: store directory, first saga number, count. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (FileEventStore store = open(dir); SagaOrchestrator orchestrator = orchestrator(store)) {
            orchestrator.recover();
            @SuppressWarnings("unchecked")
            SagaDefinition<OrderData> saga = (SagaDefinition<OrderData>) orchestrator.definitions().get("order");
            List<CompletableFuture<SagaOutcome<OrderData>>> running = new ArrayList<>();
            for (int i = first; i < first + count; i++) {
                running.add(orchestrator.start(saga, "k" + i, OrderData.of("k" + i)).toCompletableFuture());
                out.println("STARTED k" + i);
                out.flush();
            }
            for (CompletableFuture<SagaOutcome<OrderData>> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            out.println("DONE");
            out.flush();
        }
    }
}
