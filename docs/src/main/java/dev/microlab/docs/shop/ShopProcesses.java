package dev.microlab.docs.shop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The shop over HTTP as five processes: the gateway (with the registry on its admin listener) and
 * the four services, each a JVM of its own started from this one's {@code java} and class path
 * ({@link ShopMain}), on loopback ports picked free.
 *
 * <p>No child outlives this process: {@link #close()} stops each child with SIGTERM (it deregisters
 * and closes its stores) and waits for it, SIGKILL after 10 s; a shutdown hook does the same when
 * this JVM is stopped by Ctrl-C or SIGTERM; and each child runs with {@code --exit-with-parent}, so it
 * exits when its standard input — a pipe from this process — ends, which happens even when this
 * process is killed with SIGKILL.
 *
 * <pre>{@code
 * try (ShopProcesses shop = ShopProcesses.start(Map.of("SHOP_JWT_SECRET", secret), logs)) {
 *     // http://127.0.0.1:<shop.gatewayPort()>/api/orders
 * }
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class ShopProcesses implements AutoCloseable {

    /** The order the processes start in (the gateway first: it serves the registry). */
    public static final List<String> PROCESSES = List.of("gateway", "order", "inventory", "payment", "shipping");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path logs;
    private final Map<String, Process> children = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final int adminPort;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread hook = new Thread(this::stopAll, "microlab-shop-children");

    private ShopProcesses(Map<String, String> env, Path logs) throws IOException, InterruptedException {
        this.logs = logs;
        for (String p : PROCESSES) {
            ports.put(p, freePort());
        }
        this.adminPort = freePort();
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String registry = "http://127.0.0.1:" + adminPort;
            spawn("gateway", env, "--admin-port", Integer.toString(adminPort));
            awaitReady("gateway", URI.create(registry + "/health/ready"));
            for (String p : PROCESSES.subList(1, PROCESSES.size())) {
                spawn(p, env, "--registry", registry);
            }
            for (String p : PROCESSES.subList(1, PROCESSES.size())) {
                String service = ShopService.Kind.of(p).serviceName();
                awaitReady(p, URI.create(registry + "/v1/health/service/" + service + "?passing"));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts the five processes with {@code env} added to this process's environment (the JWT
     * secret, {@code SHOP_STOCK}, {@code SHOP_WALLETS}); each writes its log to {@code logs/<name>.log}
     * and its spans to {@code logs/<name>.spans.jsonl} ({@link SpanFile}).
     * Returns once the gateway is ready and every service passes its registry check.
     *
     * @throws IllegalStateException if a process exits or is not ready within 60 s (its log's end included)
     */
    public static ShopProcesses start(Map<String, String> env, Path logs) throws IOException, InterruptedException {
        Objects.requireNonNull(env, "env must not be null");
        Objects.requireNonNull(logs, "logs must not be null");
        Files.createDirectories(logs);
        return new ShopProcesses(env, logs);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void spawn(String name, Map<String, String> env, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath(), ShopMain.class.getName(), name,
                "--bind", "127.0.0.1", "--port", Integer.toString(ports.get(name)), "--exit-with-parent"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("SHOP_SPANS_FILE", logs.resolve(name + SpanFile.SUFFIX).toString());
        // standard input stays a pipe from this process: when this process ends, the child sees its end
        children.put(name, builder.start());
    }

    /** The class path this code was loaded from (under {@code mvn exec:java} that is not java.class.path). */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = ShopMain.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: cannot be on a command line's class path
                    }
                }
            }
        }
        String own = System.getProperty("java.class.path");
        if (entries.isEmpty()) {
            return own;
        }
        return String.join(File.pathSeparator, entries);
    }

    private void awaitReady(String name, URI uri) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Process process = children.get(name);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; "
                        + "the end of its log:\n" + tail(name));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode body = ShopHttp.JSON.readTree(response.body());
                    if (!body.isArray() || !body.isEmpty()) {
                        return;
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT + " (" + uri
                        + "); the end of its log:\n" + tail(name));
            }
            Thread.sleep(100); // waiting for another process to start: nothing to be told by
        }
    }

    /** The last lines of {@code name}'s log. */
    public String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(logs.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The gateway's proxy port. */
    public int gatewayPort() {
        return ports.get("gateway");
    }

    /** The gateway's admin port (health, status, registry). */
    public int adminPort() {
        return adminPort;
    }

    /** The port of process {@code name} ({@code order}, ..., {@code gateway} for the proxy). */
    public int port(String name) {
        return Objects.requireNonNull(ports.get(name), () -> "no process '" + name + "'; known: " + PROCESSES);
    }

    /** The process {@code name}, e.g. to read its pid. */
    public Process process(String name) {
        return Objects.requireNonNull(children.get(name), () -> "no process '" + name + "'; known: " + children.keySet());
    }

    /** Where the logs are. */
    public Path logs() {
        return logs;
    }

    /** Kills {@code name} with SIGKILL, as a crash would: it stays registered until its check fails. */
    public void kill(String name) throws InterruptedException {
        Process p = process(name);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops every child: services first, then the gateway; SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or ran
        }
    }

    private synchronized void stopAll() {
        List<String> order = new ArrayList<>(children.keySet());
        java.util.Collections.reverse(order);
        for (String name : order) {
            Process p = children.get(name);
            try {
                if (p.isAlive()) {
                    p.destroy();
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
