package dev.microlab.eventstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("PostgreSQL faults: dropped connections, killed clients, unreachable servers")
class FaultsTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = new PostgresTestDatabase();

    private static final StreamName ORDER = StreamName.of("order-1");

    @BeforeEach
    void empty() throws Exception {
        DB.drop();
    }

    private static EventData event(String text) {
        return EventData.of("note", text.getBytes(StandardCharsets.UTF_8));
    }

    private static PostgresEventStore throughProxy(CuttingProxy proxy) {
        PostgresEventStore.Builder b = PostgresEventStore.builder(proxy.url()).user(PostgresTestDatabase.USER)
                .schema(DB.schema()).listen(false).maxPoolSize(2).connectTimeout(Duration.ofSeconds(5));
        return PostgresTestDatabase.PASSWORD == null ? b.open() : b.password(PostgresTestDatabase.PASSWORD).open();
    }

    @Test
    @DisplayName("the connection drops before the commit reaches the server: the caller learns it was not"
            + " committed, and the retry writes it once")
    void dropBeforeCommit() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(); PostgresEventStore store = throughProxy(proxy)) {
            store.append(ORDER, ExpectedVersion.NO_STREAM, event("a"));
            List<EventData> batch = List.of(event("b"), event("c"));

            // When
            proxy.arm(CuttingProxy.Cut.BEFORE_COMMIT);
            Throwable thrown = catchThrowable(() -> store.append(ORDER, ExpectedVersion.exact(0), batch));

            // Then
            assertThat(proxy.cutHappened()).as("the proxy broke the connection at COMMIT").isTrue();
            assertThat(thrown).isInstanceOf(AppendNotCommittedException.class).hasMessageContaining("NOT committed")
                    .hasMessageContaining("retrying is safe");
            assertThat(store.readStreamForward(ORDER, 0, 10)).as("nothing of the batch was written").hasSize(1);
            AppendResult retry = store.append(ORDER, ExpectedVersion.exact(0), batch);
            assertThat(retry).isEqualTo(new AppendResult(ORDER, 2, 3));
            assertThat(store.readAll(EventStore.START, 10)).hasSize(3);
        }
    }

    @Test
    @DisplayName("the connection drops after the server committed but before the client heard it: the append"
            + " returns its result, and a retry is recognised, not written twice")
    void dropAfterCommit() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(); PostgresEventStore store = throughProxy(proxy)) {
            store.append(ORDER, ExpectedVersion.NO_STREAM, event("a"));
            List<EventData> batch = List.of(event("b"), event("c"));

            // When
            proxy.arm(CuttingProxy.Cut.AFTER_COMMIT);
            AppendResult result = store.append(ORDER, ExpectedVersion.exact(0), batch);

            // Then
            assertThat(proxy.cutHappened()).as("the proxy swallowed the commit's answer").isTrue();
            assertThat(result).as("the store found out that the commit happened").isEqualTo(new AppendResult(ORDER, 2, 3));
            assertThat(store.append(ORDER, ExpectedVersion.exact(0), batch)).as("a retry is answered, not written")
                    .isEqualTo(result);
            assertThat(store.readAll(EventStore.START, 10)).hasSize(3);
        }
    }

    @Test
    @DisplayName("a client JVM killed (SIGKILL) during appends loses no acknowledged event and leaves no partial"
            + " append, round after round")
    void killedClient() throws Exception {
        int rounds = Integer.getInteger("microlab.pg.killRounds", 5);
        int threads = 3;
        Map<StreamName, Long> acknowledged = new HashMap<>();
        try (PostgresEventStore store = DB.builder().open()) {
            for (int round = 0; round < rounds; round++) {
                int acksBeforeKill = 5 + (round * 7) % 40;
                Process child = WriterProcess.start("kill", DB.schema(), Integer.toString(threads));
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (int i = 0; i < acksBeforeKill; i++) {
                        String line = WriterProcess.nextLine(out);
                        assertThat(line).as("round %d: the child acknowledged append %d", round, i).isNotNull();
                        String[] f = line.split(" ");
                        acknowledged.merge(StreamName.of(f[1]), Long.parseLong(f[2]), Math::max);
                    }
                    // When: killed while its threads are appending
                    // (through the handle: Process.destroyForcibly would also close our end of its stdout)
                    assertThat(child.toHandle().destroyForcibly()).as("SIGKILL sent").isTrue();
                    assertThat(child.waitFor(1, TimeUnit.MINUTES)).as("round %d: the child died", round).isTrue();
                    String line;
                    while ((line = WriterProcess.nextLine(out)) != null) {
                        String[] f = line.split(" ");
                        acknowledged.merge(StreamName.of(f[1]), Long.parseLong(f[2]), Math::max);
                    }
                }

                // Then
                for (Map.Entry<StreamName, Long> ack : acknowledged.entrySet()) {
                    List<RecordedEvent> stream = store.readStreamForward(ack.getKey(), 0, 1_000_000);
                    assertThat(stream.size() - 1L).as("round %d: %s keeps every acknowledged event", round,
                            ack.getKey()).isGreaterThanOrEqualTo(ack.getValue());
                    assertThat(stream.size() % 3).as("round %d: %s holds whole batches of 3 only", round,
                            ack.getKey()).isZero();
                    for (int b = 0; b < stream.size(); b += 3) {
                        assertThat(stream.get(b + 2).position() - stream.get(b).position())
                                .as("round %d: a batch of %s sits at consecutive positions", round, ack.getKey())
                                .isEqualTo(2L);
                    }
                }
                long last = store.lastPosition();
                List<Long> positions = new ArrayList<>();
                for (List<RecordedEvent> page = store.readAll(EventStore.START, 5000); !page.isEmpty();
                        page = store.readAll(page.get(page.size() - 1).position(), 5000)) {
                    page.forEach(e -> positions.add(e.position()));
                }
                assertThat(positions).as("round %d: positions have no hole after the kill", round)
                        .isEqualTo(LongStream.rangeClosed(1, last).boxed().toList());
            }
        }
    }

    @Test
    @DisplayName("an unreachable database is a clear error naming the URL without its password, not a hang")
    void unreachableDatabase() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // a port that accepts TCP connections and never answers: only a timeout ends the wait
            String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/test?password=s3cret&sslmode=disable";

            EventStoreException e = assertTimeoutPreemptively(Duration.ofMinutes(1), () -> (EventStoreException)
                    catchThrowable(() -> PostgresEventStore.builder(url).user("postgres")
                            .connectTimeout(Duration.ofSeconds(1)).open()));

            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("127.0.0.1:" + silent.getLocalPort()).contains("within 1000 ms")
                    .contains("password=***").doesNotContain("s3cret");
        }
        assertThatThrownBy(() -> PostgresEventStore.builder("jdbc:postgresql://127.0.0.1:1/test")
                .connectTimeout(Duration.ofSeconds(1)).open()).isInstanceOf(EventStoreException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/test");
    }

    @Test
    @DisplayName("bad settings are refused with the field, the value and the allowed range")
    void badSettings() {
        assertThatThrownBy(() -> PostgresEventStore.builder("jdbc:mysql://x/y?password=pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbcUrl")
                .hasMessageNotContaining("pw&").hasMessageContaining("password=***");
        assertThatThrownBy(() -> PostgresEventStore.builder(PostgresTestDatabase.URL).connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout")
                .hasMessageContaining("250 ms");
        assertThatThrownBy(() -> PostgresEventStore.builder(PostgresTestDatabase.URL).maxPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPoolSize")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> PostgresEventStore.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("jdbcUrl");
    }
}
