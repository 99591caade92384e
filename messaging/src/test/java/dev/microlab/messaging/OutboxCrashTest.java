package dev.microlab.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.FileCheckpointStore;
import dev.microlab.eventstore.FileEventStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real process dies between the relay's confirmed publishes and its checkpoint; after the
 * restart the relay publishes those events again, and the durable inbox drops the duplicates.
 */
@DisplayName("Outbox relay crash")
class OutboxCrashTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("killed between publish and checkpoint: published again after restart, deduplicated by the inbox")
    void republishedAndDeduplicated() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashTestRelay.class.getName(), dir.toString())
                .redirectError(dir.resolve("child.err").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as("the child died in the checkpoint save: %s %s", out,
                Files.readString(dir.resolve("child.err"))).isEqualTo(137);
        List<String> eventIds = out.lines().filter(l -> l.startsWith("APPENDED ")).map(l -> l.substring(9)).toList();
        assertThat(eventIds).hasSize(3);

        try (FileEventStore store = FileEventStore.builder(dir.resolve("events")).open();
                InProcessBroker broker = InProcessBroker.builder().dataDirectory(dir.resolve("broker")).build()) {
            OutboxRelay relay = OutboxRelay.builder("outbox", store, broker, "events")
                    .checkpointStore(new FileCheckpointStore(dir.resolve("checkpoints"))).build();
            assertThat(relay.drain()).as("no checkpoint was saved: everything is relayed again").isEqualTo(3);

            Inbox inbox = Inbox.durable(store, "billing", Duration.ofDays(7), TimeSource.system());
            List<String> handled = new ArrayList<>();
            MessageHandler billing = inbox.deduplicate(d -> handled.add(d.message().messageId().orElseThrow()));
            List<String> delivered = new ArrayList<>();
            Optional<Delivery> d;
            while ((d = broker.get("billing")).isPresent()) {
                delivered.add(d.get().message().messageId().orElseThrow());
                billing.handle(d.get());
                if (!d.get().isSettled()) {
                    d.get().ack();
                }
            }
            assertThat(delivered).as("each event published twice: before the crash and after")
                    .containsExactlyElementsOf(concat(eventIds, eventIds));
            assertThat(handled).as("the inbox let each through once, in order").containsExactlyElementsOf(eventIds);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
