package dev.microlab.registry;

import java.net.http.HttpResponse;
import java.util.Objects;

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

    /**
     * The outcome of a call to {@code instance}; {@link ServiceClient} calls this one. By default it
     * ignores the instance; {@link #forInstance} makes a classifier that reads it.
     */
    default CallOutcome classify(ServiceInstance instance, Object result, Throwable error) {
        return classify(result, error);
    }

    /**
     * A classifier told which instance was called, written as a lambda:
     * {@code OutcomeClassifier.forInstance((instance, result, error) -> ...)}.
     *
     * @throws NullPointerException if {@code classifier} is null
     */
    static OutcomeClassifier forInstance(InstanceClassifier classifier) {
        Objects.requireNonNull(classifier, "classifier must not be null");
        return new OutcomeClassifier() {
            @Override
            public CallOutcome classify(Object result, Throwable error) {
                throw new UnsupportedOperationException("this classifier needs the instance: call "
                        + "classify(instance, result, error)");
            }

            @Override
            public CallOutcome classify(ServiceInstance instance, Object result, Throwable error) {
                return classifier.classify(instance, result, error);
            }
        };
    }

    /** Classifies a call to an instance; see {@link #forInstance}. */
    @FunctionalInterface
    interface InstanceClassifier {
        /** The outcome of a call to {@code instance} that returned {@code result} or threw {@code error}. */
        CallOutcome classify(ServiceInstance instance, Object result, Throwable error);
    }

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
