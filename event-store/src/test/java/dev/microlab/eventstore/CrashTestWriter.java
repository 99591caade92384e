package dev.microlab.eventstore;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;

/**
 * The child process of {@link FileEventStoreCrashTest}: appends with {@link FsyncPolicy#always()}
 * (or, given {@code group}, {@code group(5 ms, 16)}) and prints {@code ACK <position> <eventId>} after each append returns, until it is killed.
 * Test code, so it may print.
 */
public final class CrashTestWriter {

    private CrashTestWriter() {
    }

    /** The payload that belongs to an event id, so that the parent can check it is intact. */
    static byte[] payloadOf(UUID id) {
        Random random = new Random(id.getMostSignificantBits() ^ id.getLeastSignificantBits());
        StringBuilder sb = new StringBuilder(id.toString()).append(':');
        int n = 10 + random.nextInt(600);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Arguments: store directory, seed, optionally the policy ({@code always} or {@code group}).
     */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        FsyncPolicy policy = args.length > 2 && args[2].equals("group")
                ? FsyncPolicy.group(java.time.Duration.ofMillis(5), 16) : FsyncPolicy.always();
        try (FileEventStore store = FileEventStore.builder(dir).fsyncPolicy(policy)
                .segmentSize(16 * 1024).open()) {
            out.println("OPEN " + store.lastPosition());
            out.flush();
            for (int i = 0; i < 1_000_000; i++) {
                StreamName stream = StreamName.of("crash-" + random.nextInt(5));
                int batch = 1 + random.nextInt(3);
                EventData[] events = new EventData[batch];
                for (int b = 0; b < batch; b++) {
                    UUID id = new UUID(random.nextLong(), random.nextLong());
                    events[b] = new EventData(id, "crash-event", 1, payloadOf(id), EventMetadata.EMPTY);
                }
                AppendResult result = store.append(stream, ExpectedVersion.ANY, events);
                for (int b = 0; b < batch; b++) {
                    out.println("ACK " + (result.lastPosition() - batch + 1 + b) + " " + events[b].eventId());
                }
                out.flush();
            }
        }
    }
}
