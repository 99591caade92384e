package dev.microlab.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery streams a segment through a bounded buffer: a child JVM whose heap is half the size
 * of the store's only segment opens it and reads from it.
 */
@DisplayName("FileEventStore memory on open")
class FileEventStoreMemoryTest {

    private static final int EVENTS = 48;
    private static final int DATA = 1_000_000;

    @TempDir
    Path dir;

    @Test
    @DisplayName("a JVM with a 24 MiB heap opens a store whose segment is 48 MiB")
    void opensASegmentLargerThanTheHeap() throws IOException, InterruptedException {
        // Given: one segment of 48 appends of about 1 MB each
        Path store = dir.resolve("store");
        try (FileEventStore s = FileEventStore.builder(store).fsyncPolicy(FsyncPolicy.never()).open()) {
            for (int i = 0; i < EVENTS; i++) {
                s.append(StreamName.of("blob-" + i), ExpectedVersion.NO_STREAM, EventData.of("blob", new byte[DATA]));
            }
        }
        assertThat(Files.size(store.resolve("segment-000000000.log"))).isGreaterThan(EVENTS * (long) DATA);

        // When
        Path out = dir.resolve("child.out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                StoreOpener.class.getName(), store.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = child.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
        }

        // Then
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(exited).as("the child finished: %s", output).isTrue();
        assertThat(child.exitValue()).as("the child's exit code; its output: %s", output).isZero();
        assertThat(output).contains("OPENED " + EVENTS + " " + DATA);
    }
}
