package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
            Thread reader = new Thread(() -> readLines(child, lines), "crash-child-reader");
            reader.setDaemon(true);
            reader.start();
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
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            String line;
            while ((line = lines.poll(30, TimeUnit.SECONDS)) != null && !line.equals(END)) {
                record(line, confirmed, acked, acking, heldUnacked);
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
