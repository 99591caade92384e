package dev.microlab.eventstore.postgres;

import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.StreamName;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The other process of the multi-process tests: a second application node appending to the same
 * PostgreSQL store.
 *
 * <ul>
 *   <li>{@code order <schema> <threads> <eventsPerThread> <prefix>}: each thread appends its
 *       events to its own stream in batches of 1 to 4, then the process prints {@code done}.</li>
 *   <li>{@code kill <schema> <threads>}: each thread appends batches of 3 events to its own stream
 *       forever and prints {@code ack <stream> <lastVersion> <lastPosition>} after each
 *       acknowledged append, until the test kills the process.</li>
 * </ul>
 */
public final class WriterProcess {

    private WriterProcess() {
    }

    /** Starts a child JVM running this class with {@code args}. */
    static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener", "-cp", System.getProperty("java.class.path"),
                WriterProcess.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The next line of the protocol ({@code done}, {@code ack ...}), skipping anything else; null at EOF. */
    static String nextLine(java.io.BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("done") || line.startsWith("ack ")) {
                return line;
            }
        }
        return null;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String schema = args[1];
        int threads = Integer.parseInt(args[2]);
        try (PostgresEventStore store = PostgresEventStore.builder(PostgresTestDatabase.URL)
                .user(PostgresTestDatabase.USER).schema(schema).maxPoolSize(threads + 1).open()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    if (args[0].equals("order")) {
                        appendInBatches(store, StreamName.of(args[4] + "-" + thread), Integer.parseInt(args[3]));
                    } else {
                        appendUntilKilled(store, StreamName.of("kill-" + thread), out);
                    }
                    return null;
                }));
            }
            if (args[0].equals("kill")) {
                watchParent();
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();
            out.println("done");
        }
    }

    /** Appends {@code count} events ("0", "1", ...) to {@code stream}, in batches of 1 to 4. */
    static void appendInBatches(PostgresEventStore store, StreamName stream, int count) {
        long version = -1;
        int written = 0;
        while (written < count) {
            int n = Math.min(count - written, 1 + ThreadLocalRandom.current().nextInt(4));
            List<EventData> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(EventData.of("seq", Integer.toString(written + i).getBytes(StandardCharsets.UTF_8)));
            }
            AppendResult r = store.append(stream, ExpectedVersion.of(version), batch);
            version = r.nextExpectedVersion();
            written += n;
        }
    }

    private static void appendUntilKilled(PostgresEventStore store, StreamName stream, PrintStream out) {
        long version = store.streamInfo(stream).version();
        while (true) {
            List<EventData> batch = List.of(event(version + 1), event(version + 2), event(version + 3));
            AppendResult r = store.append(stream, ExpectedVersion.of(version), batch);
            version = r.nextExpectedVersion();
            synchronized (out) {
                out.println("ack " + stream + " " + r.nextExpectedVersion() + " " + r.lastPosition());
            }
        }
    }

    private static EventData event(long version) {
        return EventData.of("seq", Long.toString(version).getBytes(StandardCharsets.UTF_8));
    }

    /** Exits when the parent closes stdin (so a crashed test leaves no writer behind). */
    private static void watchParent() throws IOException {
        InputStream in = System.in;
        while (in.read() >= 0) {
            // keep reading until EOF
        }
        Runtime.getRuntime().halt(3);
    }
}
