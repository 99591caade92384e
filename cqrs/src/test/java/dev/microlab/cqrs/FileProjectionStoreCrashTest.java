package dev.microlab.cqrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.microlab.cqrs.ProjectionCrashChild.Totals;
import dev.microlab.cqrs.testdomain.Money;
import dev.microlab.cqrs.testdomain.OrderEvent.ItemAdded;
import dev.microlab.cqrs.testdomain.OrderEventTypes;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.FileEventStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM that runs a projection into a {@link FileProjectionStore} at a random
 * moment, then checks in this JVM that the saved model is exactly the fold of the events up to
 * its saved checkpoint, and that resuming from it reaches the full fold.
 */
class FileProjectionStoreCrashTest {

    private static final int EVENTS = 1_500;
    private static final String END = "<end>";

    @TempDir
    Path dir;

    @Test
    @DisplayName("after a forced kill of the process running the projection, the saved model matches its checkpoint and resumes exactly")
    void savedModelMatchesItsCheckpointAfterKill() throws Exception {
        Path events = dir.resolve("events");
        EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());
        try (FileEventStore store = FileEventStore.builder(events).open()) {
            List<EventData> batch = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                batch.add(serializer.serialize(new ItemAdded("o" + (i % 7), "p" + i, 1 + i % 5, Money.of("EUR", 100))));
                if (batch.size() == 100) {
                    store.append(StreamName.of("order-" + i), ExpectedVersion.ANY, batch);
                    batch.clear();
                }
            }
        }
        Random random = new Random(20261205L);
        int[] flushEvery = {1, 7};
        for (int round = 0; round < flushEvery.length; round++) {
            Path file = dir.resolve("totals-" + round + ".projection");
            int killAfter = 3 + random.nextInt(60);
            // When: the child is killed after a random number of batches
            runAndKill(events, file, flushEvery[round], killAfter);
            // Then
            try (FileEventStore store = FileEventStore.builder(events).open()) {
                FileProjectionStore<Totals> saved = ProjectionCrashChild.saved(file, flushEvery[round]);
                ProjectionState<Totals> state = saved.current();
                assertThat(state.position()).as("round %d: something was saved", round).isPositive();
                assertThat(state.model()).as("round %d: the saved model is exactly the events up to its checkpoint %d",
                        round, state.position()).isEqualTo(fold(store, state.position()));
                try (Projection<Totals> resumed = ProjectionCrashChild.projection(store, saved)) {
                    resumed.drain();
                    assertThat(resumed.read()).as("round %d: resuming applies each later event once", round)
                            .isEqualTo(fold(store, store.lastPosition()));
                }
                saved.close();
            }
        }
    }

    private static Totals fold(FileEventStore store, long upTo) {
        EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());
        Totals totals = Totals.ZERO;
        long after = 0;
        while (after < upTo) {
            List<RecordedEvent> page = store.readAll(after, 500);
            if (page.isEmpty()) {
                break;
            }
            for (RecordedEvent e : page) {
                if (e.position() > upTo) {
                    return totals;
                }
                totals = totals.plus(((ItemAdded) serializer.deserialize(e)).quantity());
                after = e.position();
            }
        }
        return totals;
    }

    private void runAndKill(Path events, Path file, int flushEvery, int killAfter) throws Exception {
        Path stderr = dir.resolve(file.getFileName() + ".err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ProjectionCrashChild.class.getName(), events.toString(), file.toString(), Integer.toString(flushEvery))
                .redirectError(stderr.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(child, lines), "projection-child-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            int batches = 0;
            while (batches < killAfter) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                if (line == null || line.equals(END)) {
                    fail("the child stopped early: " + Files.readString(stderr));
                }
                if (line.equals("DONE")) {
                    break;   // finished before the kill: still a valid (if less interesting) run
                }
                if (line.startsWith("AT ")) {
                    batches++;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
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
