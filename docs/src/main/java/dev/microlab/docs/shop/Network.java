package dev.microlab.docs.shop;

import dev.microlab.observability.Correlation;
import dev.microlab.registry.ServiceInstance;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The shop's in-process "network": connects a caller to a service instance's endpoint, counts
 * the calls each instance receives, and injects faults per instance so a scenario can make
 * payment-2 flaky. A fault surfaces as an {@link UncheckedIOException}, the way a dropped
 * connection would.
 *
 * <pre>{@code
 * Network network = new Network();
 * PaymentService endpoint = network.connect(PaymentService.class, instance, paymentInstance);
 * network.inject("payment-2", Network.Fault.REFUSE_CONNECTIONS);
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class Network {

    /**
     * What the network does to the calls of one instance, e.g.
     * {@code network.inject("payment-2", Fault.LOSE_REPLIES)}. Constants are immutable; this type
     * is threadsafe.
     */
    public enum Fault {
        /** Calls arrive and replies come back. */
        NONE,
        /** The instance refuses connections: the call never arrives. */
        REFUSE_CONNECTIONS,
        /** The call arrives and is applied, but its reply is lost: the caller sees a timeout. */
        LOSE_REPLIES
    }

    /**
     * One call that went over the network, e.g. {@code network.calls().get(0).answer()}. This
     * class is threadsafe (an immutable record).
     *
     * @param instanceId the instance called
     * @param operation  the api method
     * @param delivered  whether the instance received it
     * @param replied    whether the caller got the answer
     * @param answer     "ok", the exception the instance answered with (e.g. a refusal), or
     *                   what the network did ("connection refused", "reply lost")
     */
    public record Call(String instanceId, String operation, boolean delivered, boolean replied, String answer) {
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private volatile Consumer<Call> observer = c -> { };

    /** Sets the fault of {@code instanceId}; {@link Fault#NONE} heals it. */
    public void inject(String instanceId, Fault fault) {
        Objects.requireNonNull(instanceId, "instanceId must not be null");
        faults.put(instanceId, Objects.requireNonNull(fault, "fault must not be null"));
    }

    /** The fault of {@code instanceId} now. */
    public Fault fault(String instanceId) {
        return faults.getOrDefault(Objects.requireNonNull(instanceId, "instanceId must not be null"), Fault.NONE);
    }

    /** Tells {@code callObserver} about every call as it completes (one observer; it replaces the last). */
    public void observe(Consumer<Call> callObserver) {
        this.observer = Objects.requireNonNull(callObserver, "callObserver must not be null");
    }

    /** Every call so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** How many calls {@code instanceId} received (delivered). */
    public synchronized long delivered(String instanceId) {
        return calls.stream().filter(c -> c.instanceId().equals(instanceId) && c.delivered()).count();
    }

    /**
     * An endpoint of type {@code api} that reaches {@code target} (the instance's implementation)
     * through this network.
     */
    public <T> T connect(Class<T> api, ServiceInstance instance, T target) {
        Objects.requireNonNull(api, "api must not be null");
        Objects.requireNonNull(instance, "instance must not be null");
        Objects.requireNonNull(target, "target must not be null");
        String id = instance.instanceId();
        Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "endpoint[" + id + "]" : method.invoke(target, args);
            }
            Fault fault = fault(id);
            if (fault == Fault.REFUSE_CONNECTIONS) {
                record(new Call(id, method.getName(), false, false, "connection refused"));
                throw new UncheckedIOException(new ConnectException(id + " refused the connection"));
            }
            Object result;
            try {
                // the instance handles the call as a server would: its log lines name its service
                result = Correlation.callInService(instance.service(), () -> method.invoke(target, args));
            } catch (InvocationTargetException e) {
                record(new Call(id, method.getName(), true, true, e.getCause().getClass().getSimpleName()));
                throw e.getCause();
            }
            if (fault == Fault.LOSE_REPLIES) {
                record(new Call(id, method.getName(), true, false, "reply lost"));
                throw new UncheckedIOException(new SocketTimeoutException("the reply of " + id + " was lost"));
            }
            record(new Call(id, method.getName(), true, true, "ok"));
            return result;
        });
        return api.cast(proxy);
    }

    private void record(Call call) {
        synchronized (this) {
            calls.add(call);
        }
        observer.accept(call);
    }
}
