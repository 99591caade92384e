package dev.microlab.eventstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CatchUpSubscription")
class CatchUpSubscriptionTest {

    private static final StreamName STREAM = StreamName.of("order-1");

    private final InMemoryEventStore store = InMemoryEventStore.create();

    @AfterEach
    void close() {
        store.close();
    }

    private void append(int count) {
        for (int i = 0; i < count; i++) {
            store.append(STREAM, ExpectedVersion.ANY, EventData.of("note", ("e" + i).getBytes(UTF_8)));
        }
    }

    @Test
    @DisplayName("batchSize bounds how many events one poll reads")
    void batchSize() {
        append(5);
        CatchUpSubscription sub = CatchUpSubscription.builder("s", store, e -> { }).batchSize(2).build();

        assertThat(sub.poll()).as("first step").isEqualTo(2);
        assertThat(sub.poll()).as("second step").isEqualTo(2);
        assertThat(sub.isCaughtUp()).as("not at the head yet").isFalse();
        assertThat(sub.poll()).as("third step").isEqualTo(1);
        assertThat(sub.isCaughtUp()).isTrue();
    }

    @Test
    @DisplayName("startAfter is where a subscription without a saved checkpoint begins (exclusive)")
    void startAfter() {
        append(4);
        List<Long> seen = new ArrayList<>();

        CatchUpSubscription.builder("s", store, e -> seen.add(e.position())).startAfter(2).build().drain();

        assertThat(seen).containsExactly(3L, 4L);
    }

    @Test
    @DisplayName("a saved checkpoint wins over startAfter")
    void checkpointWinsOverStartAfter() {
        append(4);
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        checkpoints.save("s", 3);
        List<Long> seen = new ArrayList<>();

        CatchUpSubscription.builder("s", store, e -> seen.add(e.position())).startAfter(1)
                .checkpointStore(checkpoints).build().drain();

        assertThat(seen).containsExactly(4L);
    }

    @Test
    @DisplayName("the empty store is caught up at once")
    void emptyStoreCaughtUp() {
        CatchUpSubscription sub = CatchUpSubscription.builder("s", store, e -> { }).build();

        assertThat(sub.poll()).isZero();
        assertThat(sub.caughtUp()).isCompletedWithValue(EventStore.START);
    }

    @Test
    @DisplayName("reports caught up, checkpoint saves and failures to its listeners")
    void publishesEvents() {
        append(1);
        List<SubscriptionEvent> seen = new ArrayList<>();
        CatchUpSubscription sub = CatchUpSubscription.builder("s", store, e -> {
            if (e.position() == 2) {
                throw new IllegalStateException("boom");
            }
        }).build();
        sub.eventPublisher().subscribe(seen::add);

        sub.drain();
        append(1);
        sub.drain();

        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isEqualTo(new SubscriptionEvent.CheckpointSaved("s", 1));
        assertThat(seen.get(1)).isEqualTo(new SubscriptionEvent.CaughtUp("s", 1));
        assertThat(seen.get(2)).isInstanceOfSatisfying(SubscriptionEvent.Failed.class, f -> {
            assertThat(f.checkpoint()).isEqualTo(1L);
            assertThat(f.failedPosition()).isEqualTo(2L);
            assertThat(f.error()).hasMessage("boom");
        });
    }

    @Test
    @DisplayName("a checkpoint store that fails to save stops the subscription without skipping")
    void checkpointSaveFailure() {
        append(2);
        CheckpointStore broken = new CheckpointStore() {
            @Override
            public OptionalLong load(String subscription) {
                return OptionalLong.empty();
            }

            @Override
            public void save(String subscription, long position) {
                throw new IllegalStateException("disk full");
            }
        };
        CatchUpSubscription sub = CatchUpSubscription.builder("s", store, e -> { }).checkpointStore(broken).build();

        sub.drain();

        assertThat(sub.state()).isEqualTo(SubscriptionState.FAILED);
        assertThat(sub.failure()).get().extracting(Throwable::getMessage).isEqualTo("disk full");
    }

    @Test
    @DisplayName("restart is only allowed after a failure; a closed subscription refuses to poll")
    void lifecycleErrors() {
        CatchUpSubscription sub = CatchUpSubscription.builder("s", store, e -> { }).build();

        assertThatThrownBy(sub::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("FAILED");
        sub.close();
        sub.close();
        assertThat(sub.state()).isEqualTo(SubscriptionState.CLOSED);
        assertThatThrownBy(sub::poll).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    @DisplayName("builder values out of range are rejected with the field, the value and the range")
    void builderValidation() {
        assertThatThrownBy(() -> CatchUpSubscription.builder("s", store, e -> { }).batchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be in [1, 100000], but was 0");
        assertThatThrownBy(() -> CatchUpSubscription.builder("s", store, e -> { }).startAfter(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startAfter");
        assertThatThrownBy(() -> CatchUpSubscription.builder("s", store, e -> { }).idleWait(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleWait");
        assertThatThrownBy(() -> CatchUpSubscription.builder("bad name", store, e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscription name");
    }

    @Test
    @DisplayName("the background thread waits for new events with the configured idleWait")
    void idleWaitIsUsed() throws Exception {
        RecordingEventStore recording = new RecordingEventStore(store);
        CatchUpSubscription sub = CatchUpSubscription.builder("s", recording, e -> { })
                .idleWait(Duration.ofMillis(1234)).build();
        try {
            sub.start();

            assertThat(recording.awaitTimeouts.poll(10, TimeUnit.SECONDS)).as("timeout passed to awaitAppend")
                    .isEqualTo(Duration.ofMillis(1234));
        } finally {
            sub.close();
        }
    }

    @Test
    @DisplayName("polls from several threads at once still deliver every event exactly once, in order")
    void concurrentPolls() throws Exception {
        append(500);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inHandler = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CatchUpSubscription sub = CatchUpSubscription.builder("s", store, e -> {
            if (inHandler.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            seen.add(e.position());
            inHandler.decrementAndGet();
        }).batchSize(3).build();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return sub.drain();
                }));
            }
            go.countDown();
            for (Future<Long> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(seen).as("each event once, in order").isEqualTo(LongStream.rangeClosed(1, 500).boxed().toList());
        assertThat(overlaps).as("the handler never ran concurrently with itself").hasValue(0);
    }

    @Nested
    @DisplayName("in the background")
    class Background {

        @Test
        @DisplayName("delivers history and then live events on its own thread, made by the thread factory")
        void backgroundDelivery() throws Exception {
            append(3);
            List<Long> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch allSix = new CountDownLatch(6);
            AtomicInteger threadsMade = new AtomicInteger();
            List<String> threadNames = Collections.synchronizedList(new ArrayList<>());
            CatchUpSubscription sub = CatchUpSubscription.builder("bg", store, e -> {
                threadNames.add(Thread.currentThread().getName());
                seen.add(e.position());
                allSix.countDown();
            }).threadFactory(r -> {
                threadsMade.incrementAndGet();
                Thread t = new Thread(r, "custom-runner");
                t.setDaemon(true);
                return t;
            }).build();

            try {
                sub.start();
                assertThat(sub.caughtUp().get(10, TimeUnit.SECONDS)).as("history replayed").isEqualTo(3L);
                append(3);
                assertThat(allSix.await(10, TimeUnit.SECONDS)).as("live events arrive").isTrue();
            } finally {
                sub.close();
            }

            assertThat(seen).isEqualTo(LongStream.rangeClosed(1, 6).boxed().toList());
            assertThat(threadsMade).hasValue(1);
            assertThat(threadNames).containsOnly("custom-runner");
        }

        @Test
        @DisplayName("a failure stops the thread; restart resumes it from the checkpoint")
        void backgroundFailureAndRestart() throws Exception {
            append(2);
            AtomicBoolean broken = new AtomicBoolean(true);
            List<Long> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch failed = new CountDownLatch(1);
            CatchUpSubscription sub = CatchUpSubscription.builder("bg", store, e -> {
                if (e.position() == 2 && broken.get()) {
                    throw new IllegalStateException("down");
                }
                seen.add(e.position());
            }).build();
            sub.eventPublisher().subscribe(e -> {
                if (e instanceof SubscriptionEvent.Failed) {
                    failed.countDown();
                }
            });

            try {
                sub.start();
                assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(sub.checkpoint()).isEqualTo(1L);
                broken.set(false);
                sub.restart();
                assertThat(sub.caughtUp().get(10, TimeUnit.SECONDS)).isEqualTo(2L);
            } finally {
                sub.close();
            }
            assertThat(seen).containsExactly(1L, 2L);
        }

        @Test
        @DisplayName("starting twice is refused")
        void startTwice() {
            CatchUpSubscription sub = CatchUpSubscription.builder("bg", store, e -> { }).build();
            try {
                sub.start();
                assertThatThrownBy(sub::start).isInstanceOf(IllegalStateException.class);
            } finally {
                sub.close();
            }
        }
    }

    @Nested
    @DisplayName("FileCheckpointStore")
    class FileCheckpoints {

        @TempDir
        Path dir;

        @Test
        @DisplayName("saves and loads positions across instances")
        void roundTrip() {
            new FileCheckpointStore(dir).save("view", 42);

            assertThat(new FileCheckpointStore(dir).load("view")).hasValue(42L);
            assertThat(new FileCheckpointStore(dir).load("other")).isEmpty();
        }

        @Test
        @DisplayName("a damaged checkpoint file is reported, never read as zero")
        void damagedFile() throws Exception {
            FileCheckpointStore checkpoints = new FileCheckpointStore(dir);
            checkpoints.save("view", 42);
            byte[] bytes = Files.readAllBytes(dir.resolve("view.checkpoint"));
            bytes[7] ^= 1;
            Files.write(dir.resolve("view.checkpoint"), bytes);

            assertThatThrownBy(() -> checkpoints.load("view")).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("damaged");
        }

        @Test
        @DisplayName("a subscription resumes from a file checkpoint after a restart")
        void subscriptionResumes() {
            append(3);
            List<Long> seen = new ArrayList<>();
            CatchUpSubscription.builder("view", store, e -> seen.add(e.position()))
                    .checkpointStore(new FileCheckpointStore(dir)).build().drain();
            append(1);

            CatchUpSubscription.builder("view", store, e -> seen.add(e.position()))
                    .checkpointStore(new FileCheckpointStore(dir)).build().drain();

            assertThat(seen).containsExactly(1L, 2L, 3L, 4L);
        }

        @Test
        @DisplayName("invalid names and negative positions are refused")
        void validation() {
            FileCheckpointStore checkpoints = new FileCheckpointStore(dir);

            assertThatThrownBy(() -> checkpoints.save("../escape", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> checkpoints.save("view", -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("position must be >= 0");
        }
    }
}
