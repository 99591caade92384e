package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM ({@link CrashTestBroker}) with SIGKILL while it publishes, acks and
 * holds deliveries, then reopens its data directory: every confirmed message that was not
 * acked is delivered (marked redelivered), and no acked message comes back.
 */
@DisplayName("InProcessBroker crash safety")
class InProcessBrokerCrashTest {

    private static final String END = "<end>";

    @TempDir
    Path dir;

    @Test
    @DisplayName("after SIGKILL, every confirmed unacked message is delivered again, redelivered, and no acked one is")
    void confirmedMessagesSurviveKill() throws Exception {
        Random random = new Random(20261205L);
        for (int round = 0; round < 2; round++) {
            Path data = dir.resolve("broker-" + round);
            Path stderr = dir.resolve("child-" + round + ".err");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    CrashTestBroker.class.getName(), data.toString())
                    .redirectError(stderr.toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            AtomicReference<IOException> readFailure = new AtomicReference<>();
            startReader(child, lines, readFailure);
            Set<String> confirmed = new HashSet<>();
            Set<String> acked = new HashSet<>();
            Set<String> acking = new HashSet<>();
            Map<String, Boolean> heldUnacked = new HashMap<>();
            int killAfter = 50 + random.nextInt(250);
            try {
                while (confirmed.size() < killAfter) {
                    String line = lines.poll(60, TimeUnit.SECONDS);
                    if (line == null || line.equals(END)) {
                        fail("child stopped early in round " + round + ": " + Files.readString(stderr));
                    }
                    record(line, confirmed, acked, acking, heldUnacked);
                }
            } finally {
                kill(child);
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            // everything the child printed before the kill is still in the pipe: read it to the end
            String line;
            while ((line = lines.poll(30, TimeUnit.SECONDS)) != null && !line.equals(END)) {
                record(line, confirmed, acked, acking, heldUnacked);
            }
            assertThat(line).as("round %d: the child's output was read to its end", round).isEqualTo(END);
            if (readFailure.get() != null) {
                throw new UncheckedIOException("round " + round + ": the child's output could not be read to its end"
                        + " (lines it printed before the kill were lost)", readFailure.get());
            }

            try (InProcessBroker broker = InProcessBroker.builder().dataDirectory(data).build()) {
                Set<String> recovered = new HashSet<>();
                Optional<Delivery> d;
                while ((d = broker.get("work")).isPresent()) {
                    assertThat(d.get().redelivered()).isTrue();
                    assertThat(recovered.add(d.get().message().bodyAsText())).as("each message once").isTrue();
                    d.get().ack();
                }
                Set<String> mustBeBack = new HashSet<>(confirmed);
                mustBeBack.removeAll(acked);
                mustBeBack.removeAll(acking); // an ack in progress at the kill may or may not have been recorded
                assertThat(recovered).as("round %d: every confirmed, unacked message is back", round)
                        .containsAll(mustBeBack);
                assertThat(recovered).as("round %d: no acked message is back", round).doesNotContainAnyElementsOf(acked);
                assertThat(recovered).as("round %d: the delivered-but-unacked ones are among them", round)
                        .containsAll(heldUnacked.keySet());
                Set<String> inDoubt = new HashSet<>(acking);
                inDoubt.removeAll(acked);
                assertThat(inDoubt).as("round %d: at most the one ack cut by the kill is in doubt", round)
                        .hasSizeLessThanOrEqualTo(1);
                assertThat(acked).as("round %d: the child acked some", round).isNotEmpty();
            }
        }
    }

    private static void record(String line, Set<String> confirmed, Set<String> acked, Set<String> acking,
            Map<String, Boolean> held) {
        String[] parts = line.split(" ");
        if (parts.length != 2 || !parts[1].matches("m\\d+")) {
            return; // a line cut by the kill
        }
        switch (parts[0]) {
            case "CONFIRMED" -> confirmed.add(parts[1]);
            case "ACKING" -> acking.add(parts[1]);
            case "ACKED" -> acked.add(parts[1]);
            case "DELIVERED" -> held.put(parts[1], true);
            default -> {
            }
        }
    }

    @Test
    @DisplayName("killing the child keeps every line it printed before the kill readable")
    void killKeepsTheChildsOutput() throws Exception {
        Path printed = dir.resolve("printed");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Printer.class.getName(), printed.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(printed));
        } finally {
            kill(child); // before the parent has read a single line: all of them wait in the pipe
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        AtomicReference<IOException> readFailure = new AtomicReference<>();
        startReader(child, lines, readFailure).join(TimeUnit.SECONDS.toMillis(30));
        List<String> read = new ArrayList<>();
        lines.drainTo(read);
        assertThat(readFailure.get()).as("reading the killed child's output").isNull();
        assertThat(read).hasSize(Printer.LINES + 1).endsWith("CONFIRMED m" + (Printer.LINES - 1), END);
    }

    /**
     * SIGKILL, no shutdown hook, no close. Through the {@link ProcessHandle}, not
     * {@link Process#destroyForcibly()}: the latter also closes the parent's end of the child's
     * stdout, so whatever the child had printed but the reader thread had not read yet (under
     * load: the last confirms and the {@code ACKING} of an ack that did reach the log) was lost,
     * and a message the child had acked was then expected back.
     */
    static void kill(Process child) {
        child.toHandle().destroyForcibly();
    }

    private static Thread startReader(Process child, BlockingQueue<String> lines,
            AtomicReference<IOException> failure) {
        Thread reader = new Thread(() -> readLines(child, lines, failure), "crash-child-reader");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static void readLines(Process child, BlockingQueue<String> lines, AtomicReference<IOException> failure) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line); // the last one may be cut by the kill: record() skips it
            }
        } catch (IOException e) {
            failure.set(e); // not the kill (a killed writer is an end of stream): lines were lost
        } finally {
            lines.add(END);
        }
    }

    /** A child that prints lines, flushes, says so with a file, and waits to be killed. */
    public static final class Printer {

        static final int LINES = 500;

        public static void main(String[] args) throws Exception {
            for (int i = 0; i < LINES; i++) {
                System.out.println("CONFIRMED m" + i);
            }
            System.out.flush();
            Files.createFile(Path.of(args[0]));
            new java.util.concurrent.CountDownLatch(1).await(); // blocks until the kill, with no clock involved
        }
    }
}
