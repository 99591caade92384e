package dev.microlab.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM that appends with {@code FsyncPolicy.always()} at random moments, and
 * checks after each kill that every append it acknowledged is present and intact.
 */
@DisplayName("FileEventStore crash safety")
class FileEventStoreCrashTest {

    private static final String END = "<end>";

    @TempDir
    Path dir;

    @Test
    @DisplayName("after a forced kill of the writing process, every acknowledged event is present and intact")
    void acknowledgedEventsSurviveKill() throws Exception {
        killRounds("always", 4, 20261201L);
    }

    @Test
    @DisplayName("with GROUP too: a killed process loses no acknowledged event (the OS still has them), and"
            + " recovery never mistakes its unforced frames for damage")
    void groupAcknowledgedEventsSurviveKill() throws Exception {
        killRounds("group", 3, 20261205L);
    }

    private void killRounds(String policy, int rounds, long seed) throws Exception {
        Random random = new Random(seed);
        Map<Long, UUID> acknowledged = new HashMap<>();
        for (int round = 0; round < rounds; round++) {
            // Given: a child appending as fast as it can
            Path stderr = dir.resolve("child-" + round + ".err");
            Process child = new ProcessBuilder(javaBinary(), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), CrashTestWriter.class.getName(),
                    dir.resolve("store").toString(), Long.toString(random.nextLong()), policy)
                    .redirectError(stderr.toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> readLines(child, lines), "crash-child-reader");
            reader.setDaemon(true);
            reader.start();
            int killAfter = 1 + random.nextInt(150);
            try {
                // When: killed after a random number of acknowledgements
                int acks = 0;
                while (acks < killAfter) {
                    String line = lines.poll(60, TimeUnit.SECONDS);
                    if (line == null || line.equals(END)) {
                        fail("child stopped early in round " + round + ": " + Files.readString(stderr));
                    }
                    if (record(line, acknowledged)) {
                        acks++;
                    }
                }
            } finally {
                // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
                // child's stdout, and the acknowledgements still in the pipe (read below) would be lost.
                child.toHandle().destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
            }
            String line;
            while ((line = lines.poll(30, TimeUnit.SECONDS)) != null && !line.equals(END)) {
                record(line, acknowledged); // printed before the kill: acknowledged too
            }

            // Then
            try (FileEventStore store = FileEventStore.builder(dir.resolve("store")).segmentSize(16 * 1024).open()) {
                long maxAck = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
                assertThat(store.lastPosition()).as("round %d: nothing acknowledged is missing", round)
                        .isGreaterThanOrEqualTo(maxAck);
                List<RecordedEvent> all = store.readAll(EventStore.START, Integer.MAX_VALUE);
                for (Map.Entry<Long, UUID> ack : acknowledged.entrySet()) {
                    RecordedEvent e = all.get((int) (ack.getKey() - 1));
                    assertThat(e.eventId()).as("round %d: event at acknowledged position %d", round, ack.getKey())
                            .isEqualTo(ack.getValue());
                    assertThat(e.data()).as("round %d: data of the event at %d is intact", round, ack.getKey())
                            .isEqualTo(CrashTestWriter.payloadOf(ack.getValue()));
                }
            }
        }
        assertThat(acknowledged).as("the test exercised real appends").hasSizeGreaterThan(rounds);
    }

    private static boolean record(String line, Map<Long, UUID> acknowledged) {
        if (!line.startsWith("ACK ")) {
            return false;
        }
        String[] parts = line.split(" ");
        try {
            acknowledged.put(Long.parseLong(parts[1]), UUID.fromString(parts[2]));
            return true;
        } catch (RuntimeException partialLine) {
            return false; // the kill cut the line: that event is simply not checked
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
            // the child was killed mid-line; what was read is what was printed
        } finally {
            lines.add(END);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
