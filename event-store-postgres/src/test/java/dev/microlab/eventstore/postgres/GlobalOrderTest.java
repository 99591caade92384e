package dev.microlab.eventstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ordering guarantee of the PostgreSQL backend, proved with real concurrency: transactions of
 * two processes commit out of order all the time, and a live reader must still never skip one.
 * The default build appends {@code microlab.pg.orderingEvents} (20,000) events; {@code -Ppostgres-long}
 * runs the 100,000-event proof.
 */
@DisplayName("PostgresEventStore: global order without holes for live readers")
class GlobalOrderTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = new PostgresTestDatabase();

    private static final int THREADS_PER_PROCESS = 4;

    @Test
    @DisplayName("8 writer threads in 2 processes: a live catch-up subscription sees every event exactly once,"
            + " in the order readAll returns afterwards, none skipped")
    void eightWritersInTwoProcesses() throws Exception {
        // Given
        int total = Integer.getInteger("microlab.pg.orderingEvents", 20_000);
        int perThread = total / (2 * THREADS_PER_PROCESS);
        int expected = perThread * 2 * THREADS_PER_PROCESS;
        try (PostgresEventStore store = DB.builder().maxPoolSize(THREADS_PER_PROCESS + 2).open()) {
            List<RecordedEvent> delivered = Collections.synchronizedList(new ArrayList<>(expected));
            CatchUpSubscription live = CatchUpSubscription.builder("proof", store, delivered::add).batchSize(500)
                    .idleWait(Duration.ofMillis(200)).build();
            live.start();
            CyclicBarrier go = new CyclicBarrier(THREADS_PER_PROCESS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS_PER_PROCESS);
            Process child = WriterProcess.start("order", DB.schema(), Integer.toString(THREADS_PER_PROCESS),
                    Integer.toString(perThread), "child");
            try (BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                // When
                List<Future<?>> parents = new ArrayList<>();
                for (int t = 0; t < THREADS_PER_PROCESS; t++) {
                    StreamName stream = StreamName.of("parent-" + t);
                    parents.add(pool.submit(() -> {
                        go.await();
                        WriterProcess.appendInBatches(store, stream, perThread);
                        return null;
                    }));
                }
                for (Future<?> f : parents) {
                    f.get(10, TimeUnit.MINUTES);
                }
                assertThat(WriterProcess.nextLine(childOut)).as("the child process wrote all its events").isEqualTo("done");
                assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
                assertThat(child.exitValue()).isZero();
            } finally {
                pool.shutdownNow();
                child.destroyForcibly();
            }
            live.stop();
            live.drain();

            // Then
            List<RecordedEvent> all = new ArrayList<>(expected);
            for (List<RecordedEvent> page = store.readAll(EventStore.START, 5000); !page.isEmpty();
                    page = store.readAll(page.get(page.size() - 1).position(), 5000)) {
                all.addAll(page);
            }
            assertThat(all).as("every event of both processes was stored").hasSize(expected);
            assertThat(all.stream().mapToLong(RecordedEvent::position).boxed().toList())
                    .as("readAll positions are 1..N without holes")
                    .isEqualTo(LongStream.rangeClosed(1, expected).boxed().toList());
            List<UUID> seen = ids(delivered);
            List<UUID> stored = ids(all);
            int departs = IntStream.range(0, Math.min(seen.size(), stored.size()))
                    .filter(i -> !seen.get(i).equals(stored.get(i))).findFirst().orElse(-1);
            assertThat(departs).as("index where the live subscriber's sequence departs from readAll (-1: nowhere);"
                    + " it received %d of %d events", seen.size(), expected).isEqualTo(-1);
            assertThat(seen).as("the live subscriber saw every event exactly once, in readAll order")
                    .isEqualTo(stored);
            assertThat(new HashSet<>(ids(delivered))).as("no event delivered twice").hasSize(expected);
            for (String writer : List.of("parent", "child")) {
                for (int t = 0; t < THREADS_PER_PROCESS; t++) {
                    StreamName stream = StreamName.of(writer + "-" + t);
                    assertThat(all.stream().filter(e -> e.stream().equals(stream)).map(RecordedEvent::dataAsString)
                            .toList()).as("stream %s holds its writer's events in order", stream)
                            .isEqualTo(IntStream.range(0, perThread).mapToObj(Integer::toString).toList());
                }
            }
        }
    }

    private static List<UUID> ids(List<RecordedEvent> events) {
        synchronized (events) {
            return events.stream().map(RecordedEvent::eventId).toList();
        }
    }

}
