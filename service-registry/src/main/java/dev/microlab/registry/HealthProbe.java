package dev.microlab.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * How an active health check asks an instance whether it is healthy.
 *
 * <p>A probe returns a stage that completes with the instance's status. A stage that completes
 * exceptionally counts as {@link HealthStatus#CRITICAL}; a stage that has not completed when the
 * check's timeout fires counts as {@link HealthStatus#CRITICAL} ("timed out"), and its late result
 * is ignored. The timeout is scheduled on the registry's {@code Scheduler}, so tests drive it with
 * a manual clock.
 *
 * <pre>{@code
 * HealthProbe http = HealthProbe.http(HttpClient.newHttpClient(), URI.create("http://10.0.0.7:8080/health"));
 * HealthProbe custom = HealthProbe.of(() -> db.isValid(1) ? HealthStatus.PASSING : HealthStatus.CRITICAL);
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface HealthProbe {

    /** Starts one probe; must not return null. */
    CompletionStage<HealthStatus> probe();

    /**
     * A probe that calls {@code check} on the thread that runs the health check (the scheduler's).
     * An exception, or a null status, counts as critical. A blocking callable holds the scheduler
     * thread, and the timeout cannot interrupt it: prefer {@link #of(Callable, Executor)} for calls
     * that can hang.
     */
    static HealthProbe of(Callable<HealthStatus> check) {
        Objects.requireNonNull(check, "check must not be null");
        return () -> {
            try {
                HealthStatus status = check.call();
                return status == null
                        ? CompletableFuture.failedFuture(new IllegalStateException("probe returned null"))
                        : CompletableFuture.completedFuture(status);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    /** A probe that calls {@code check} on {@code executor}, so the check's timeout can bite. */
    static HealthProbe of(Callable<HealthStatus> check, Executor executor) {
        Objects.requireNonNull(check, "check must not be null");
        Objects.requireNonNull(executor, "executor must not be null");
        return () -> {
            CompletableFuture<HealthStatus> result = new CompletableFuture<>();
            executor.execute(() -> {
                try {
                    HealthStatus status = check.call();
                    if (status == null) {
                        result.completeExceptionally(new IllegalStateException("probe returned null"));
                    } else {
                        result.complete(status);
                    }
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        };
    }

    /**
     * An HTTP GET of {@code uri} with Consul's reading of the answer: 2xx is passing, 429 (Too Many
     * Requests) is warning, anything else or a transport error is critical.
     */
    static HealthProbe http(HttpClient client, URI uri) {
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(uri, "uri must not be null");
        return () -> client.sendAsync(HttpRequest.newBuilder(uri).GET().timeout(Duration.ofMinutes(1)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> statusOfHttp(response.statusCode()));
    }

    /** Consul's mapping of an HTTP status code to a health status. */
    static HealthStatus statusOfHttp(int code) {
        if (code >= 200 && code < 300) {
            return HealthStatus.PASSING;
        }
        return code == 429 ? HealthStatus.WARNING : HealthStatus.CRITICAL;
    }
}
