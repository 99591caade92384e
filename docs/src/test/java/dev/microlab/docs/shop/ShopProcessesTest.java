package dev.microlab.docs.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The shop over HTTP as separate JVMs: the catalog's run, and no child outlives it")
@Tag("campaign") // several JVMs or a JMH run: `./mvnw verify -Pcampaigns` (and CI) runs it
class ShopProcessesTest {

    static final String SECRET = HttpShopTest.SECRET;

    static List<ProcessHandle> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
    }

    @Test
    @DisplayName("'run shop --http' plays the story through five JVMs, events over RabbitMQ included, prints curl commands,"
            + " and leaves no child behind")
    void catalogRun() {
        List<ProcessHandle> before = children();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        int code = dev.microlab.docs.Catalog.run(new String[] {"run", "shop", "--http"},
                new PrintStream(bytes, true), new PrintStream(errors, true));

        String output = bytes.toString();
        assertThat(code).as("exit code; stderr: %s; stdout: %s", errors, output).isZero();
        assertThat(output).contains("\"status\":\"SHIPPED\"").contains("\"status\":\"CANCELLED\"")
                .contains("401 {\"message\":\"Unauthorized\"}")
                // a 502 per request until the breaker opens, or the registry's check saw the death first:
                // either way the gateway ends up answering 503 itself
                .contains("503 ")
                .contains("curl -s -H \"Authorization: Bearer $TOKEN\"")
                .contains("Shutting down.").contains("Every child process has exited.")
                // one order's trace, from five processes' span files: gateway, order, its saga, a call, the callee
                .containsPattern("└ api-gateway: POST order-routes \\(server")
                .containsPattern("\\n +└ order-service: saga order \\(internal")
                .containsPattern("\\n +└ inventory-service: inventory-service POST /rpc/reserve \\(server")
                .containsPattern("\\n +└ shipping-service: shipping-service POST /rpc/schedule \\(server");
        for (String p : ShopProcesses.PROCESSES) {
            assertThat(output).containsPattern("(?m)^  " + p + " +pid \\d+ +port \\d+");
        }
        assertThat(children()).as("children alive after the run").isEqualTo(before);
        // the events between the processes go through a real RabbitMQ: checked last, so that without one
        // the rest of the run was still checked before the test is skipped (or fails, under CI=true)
        if (output.contains("events: no RabbitMQ at")) {
            String message = "no RabbitMQ reachable (RABBITMQ_URI or MICROLAB_RABBITMQ_URI, by default"
                    + " amqp://guest:guest@127.0.0.1:5672), so the"
                    + " events did not cross processes. Start one with `rabbitmq-server -detached` (Debian: apt-get"
                    + " install rabbitmq-server), or point RABBITMQ_URI at one";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " — under CI=true the shop's messaging must be proved, so this fails the build");
            }
            Assumptions.abort(message);
        }
        assertThat(output).contains("events: RabbitMQ at")
                // shipping's process consumed what the order and payment processes published over RabbitMQ
                .containsPattern("GET /api/notifications/alice 200 \\[.*\"event\":\"order.placed\".*"
                        + "\"event\":\"order.paid\".*\"text\":\"order o-1 shipped: parcel TRK-\\d+\"")
                .containsPattern("GET /api/notifications/alice 200 \\[.*\"event\":\"payment.charged\"")
                .containsPattern("GET /api/notifications/bob   200 \\[.*\"event\":\"order.placed\".*"
                        + "\"text\":\"order o-2 cancelled: nothing will ship\"");
    }

    @Test
    @DisplayName("the secret given in the environment signs the tokens and never appears in the output")
    void secretNeverPrinted() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        HttpShopRun.run(false, InputStream.nullInputStream(), new PrintStream(bytes, true),
                Map.of("SHOP_JWT_SECRET", SECRET));

        assertThat(bytes.toString()).contains("\"status\":\"SHIPPED\"").doesNotContain(SECRET)
                .doesNotContain("random secret");
    }

    @Test
    @DisplayName("--keep-running does not stop at the end of standard input (a container's), only when told to stop")
    void keepRunningOutlivesTheEndOfInput() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<String> stop = new CompletableFuture<>();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            try {
                return HttpShopRun.run(true, InputStream.nullInputStream(), new PrintStream(bytes, true),
                        Map.of("SHOP_JWT_SECRET", SECRET), stop);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(Duration.ofMinutes(2)).until(() -> bytes.toString().contains("standard input ended")
                || run.isDone());
        assertThat(bytes.toString()).contains("Serving until Ctrl-C or SIGTERM").doesNotContain("Shutting down.");
        assertThat(run).isNotDone();

        stop.complete("the test says so");

        assertThat(run.get(1, TimeUnit.MINUTES)).isZero();
        assertThat(bytes.toString()).contains("Stopping: the test says so.").contains("Shutting down.")
                .contains("Every child process has exited.");
    }

    @Test
    @DisplayName("a child started with --exit-with-parent exits when its standard input ends, as when its parent dies")
    void childExitsWithItsParent(@TempDir Path logs) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ShopProcesses.classPath(), ShopMain.class.getName(), "shipping", "--bind", "127.0.0.1",
                "--port", "0", "--discovery", "dns", "--rabbitmq", "none", "--exit-with-parent")
                .redirectErrorStream(true).redirectOutput(logs.resolve("shipping.log").toFile()).start();
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> Files.readString(logs.resolve("shipping.log"))
                    .contains("serving on port") || !child.isAlive());
            assertThat(child.isAlive()).as("started: %s", Files.readString(logs.resolve("shipping.log"))).isTrue();

            child.getOutputStream().close();

            assertThat(child.waitFor(1, TimeUnit.MINUTES)).as("exited after its input ended").isTrue();
            assertThat(Files.readString(logs.resolve("shipping.log"))).contains("the parent process is gone, stopping");
        } finally {
            child.destroyForcibly();
        }
    }
}
