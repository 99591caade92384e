package dev.microlab.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.RecordedEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM running sagas on the file-backed event store at a random moment,
 * then recovers in this JVM from the same directory.
 */
class FileStoreCrashTest {

    private static final String END = "<end>";
    private static final int PER_ROUND = 30;

    @TempDir
    Path dir;

    @Test
    @DisplayName("after a forced kill of the process running sagas, recovery ends every saga correctly with each effect once")
    void recoversAfterKill() throws Exception {
        Random random = new Random(20261201L);
        Path store = dir.resolve("store");
        for (int round = 0; round < 2; round++) {
            // Given: a child that recovers, then starts new sagas
            Path stderr = dir.resolve("child-" + round + ".err");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    SagaCrashChild.class.getName(), store.toString(), Integer.toString(round * PER_ROUND),
                    Integer.toString(PER_ROUND)).redirectError(stderr.toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> readLines(child, lines), "saga-child-reader");
            reader.setDaemon(true);
            reader.start();
            int killAfter = 1 + random.nextInt(PER_ROUND);
            try {
                // When: killed after a random number of starts
                int started = 0;
                while (started < killAfter) {
                    String line = lines.poll(60, TimeUnit.SECONDS);
                    if (line == null || line.equals(END)) {
                        fail("child stopped early in round " + round + ": " + Files.readString(stderr));
                    }
                    if (line.startsWith("STARTED ")) {
                        started++;
                    }
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
            }

            // Then: a new process recovers everything
            try (FileEventStore files = SagaCrashChild.open(store);
                    SagaOrchestrator orchestrator = SagaCrashChild.orchestrator(files)) {
                RecoveryReport report = orchestrator.recover();
                assertThat(report.scanned()).as("round %d: the index lists the child's sagas", round).isPositive();
                for (CompletionStage<SagaOutcome<?>> resumed : report.resumed().values()) {
                    resumed.toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
                List<SagaStatus> all = new ArrayList<>();
                for (SagaState s : SagaState.values()) {
                    all.addAll(orchestrator.list(s));
                }
                assertThat(all).as("round %d: the child started sagas", round).isNotEmpty();
                for (SagaStatus status : all) {
                    checkSaga(files, status);
                }
            }
        }
    }

    private static void checkSaga(FileEventStore store, SagaStatus status) {
        String id = status.sagaId();
        boolean declined = SagaCrashChild.declined(id);
        assertThat(status.state()).as("saga %s", id)
                .isEqualTo(declined ? SagaState.COMPENSATED : SagaState.COMPLETED);
        for (String step : Harness.STEPS) {
            List<String> fence = store.readStreamForward(DurableParticipant.fenceOf(id, step), 0, 10).stream()
                    .map(RecordedEvent::type).toList();
            if (!declined) {
                assertThat(fence).as("saga %s step %s applied exactly once", id, step)
                        .containsExactly(DurableParticipant.APPLIED);
            } else if (step.equals(Harness.VALIDATE) || step.equals(Harness.RESERVE)) {
                assertThat(fence).as("saga %s step %s applied once and compensated once", id, step)
                        .containsExactly(DurableParticipant.APPLIED, DurableParticipant.COMPENSATED);
            } else {
                assertThat(fence).as("saga %s step %s never applied", id, step).isEmpty();
            }
        }
    }

    private static void readLines(Process child, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // killed mid-line
        } finally {
            lines.add(END);
        }
    }
}
