package dev.microlab.registry;

import java.net.http.HttpResponse;

/**
 * Tells the outlier detector how a call ended, from its result or its exception.
 *
 * <p>The {@link #standard()} classifier reads the status code of a JDK {@link HttpResponse}
 * result, treats {@link java.net.ConnectException}, {@link java.net.http.HttpTimeoutException} and
 * every other exception as a local-origin error, and any other result as a success.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface OutcomeClassifier {

    /**
     * The outcome of a call that returned {@code result} (when {@code error} is null) or threw
     * {@code error}.
     */
    CallOutcome classify(Object result, Throwable error);

    /** The default classifier described above. */
    static OutcomeClassifier standard() {
        return (result, error) -> {
            if (error != null) {
                return CallOutcome.LOCAL_ORIGIN_ERROR;
            }
            if (result instanceof HttpResponse<?> response) {
                return CallOutcome.ofHttpStatus(response.statusCode());
            }
            return CallOutcome.SUCCESS;
        };
    }
}
