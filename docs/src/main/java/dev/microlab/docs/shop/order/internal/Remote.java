package dev.microlab.docs.shop.order.internal;

import dev.microlab.core.function.CheckedFunction;
import dev.microlab.registry.CallOutcome;
import dev.microlab.registry.OutcomeClassifier;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceUnavailableException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the order service reaches another service: through a {@link ServiceClient} (discovery,
 * outlier filtering, load balancing, and the breaker and retry its decorator adds), then over
 * the "network" to the chosen instance's endpoint. The other service is seen only as its api
 * type {@code T}.
 *
 * <p>Only {@link #isTransient(Throwable) transient} failures (the instance did not answer) are
 * retried, counted by the breaker and held against the instance; a business refusal (out of
 * stock, payment declined) is an answer and passes through untouched.
 *
 * <pre>{@code
 * Remote<PaymentService> payments = new Remote<>(paymentClient, instance -> connect(PaymentService.class, instance));
 * PaymentReceipt receipt = payments.call(p -> p.charge(command));
 * }</pre>
 *
 * <p>This class is threadsafe.
 *
 * @param <T> the other service's api type
 */
public final class Remote<T> {

    private final ServiceClient client;
    private final Function<ServiceInstance, T> endpoints;

    /**
     * Calls through {@code client}; {@code endpoints} connects to a chosen instance.
     */
    public Remote(ServiceClient client, Function<ServiceInstance, T> endpoints) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints must not be null");
    }

    /** The called service's name in the registry. */
    public String service() {
        return client.service();
    }

    /**
     * Sends {@code request} to an instance of the service.
     *
     * @throws Exception what the instance answered with, or the client's or policies' refusal
     */
    public <R> R call(CheckedFunction<T, R> request) throws Exception {
        Objects.requireNonNull(request, "request must not be null");
        return client.call(instance -> request.apply(endpoints.apply(instance)));
    }

    /**
     * Whether {@code error} means "no answer" (a network failure, or no instance to send to) —
     * worth a retry — rather than an answer from the service.
     */
    public static boolean isTransient(Throwable error) {
        return error instanceof UncheckedIOException || error instanceof ServiceUnavailableException;
    }

    /**
     * Classifies an outcome for outlier detection: a network failure counts against the
     * instance; any answer, refusals included, is a success of the instance.
     */
    public static OutcomeClassifier classifier() {
        return (result, error) -> error instanceof UncheckedIOException ? CallOutcome.LOCAL_ORIGIN_ERROR
                : CallOutcome.SUCCESS;
    }
}
