package dev.microlab.registry;

import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.policy.Policy;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Wraps the call to one chosen instance, and is told which instance it is: a timeout, a bulkhead or
 * any {@link Policy} per instance, the part of a sidecar that sits after load balancing. It runs
 * inside the {@link CallDecorator} (which wraps the whole attempt, choice included) and after the
 * instance's connection-pool slot is taken; what it returns or throws is what the
 * {@link OutcomeClassifier} classifies.
 *
 * <pre>{@code
 * ServiceClient client = ServiceClient.builder(registry, "payments")
 *         .instanceDecorator((instance, call) -> () -> {
 *             MDC.put("instance", instance.instanceId());
 *             try { return call.get(); } finally { MDC.remove("instance"); }
 *         })
 *         .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface InstanceCallDecorator {

    /** Returns a call that runs {@code call}, the call to {@code instance}, under this decorator. */
    CheckedSupplier<Object> decorate(ServiceInstance instance, CheckedSupplier<Object> call);

    /** No decoration. */
    static InstanceCallDecorator identity() {
        return (instance, call) -> call;
    }

    /**
     * One policy per instance, made by {@code factory} on the instance's first call and kept by
     * instance id (a bulkhead or a time limiter per instance).
     *
     * @throws NullPointerException if {@code factory} is null
     */
    static InstanceCallDecorator perInstance(Function<ServiceInstance, ? extends Policy> factory) {
        Objects.requireNonNull(factory, "factory must not be null");
        ConcurrentHashMap<String, Policy> policies = new ConcurrentHashMap<>();
        return (instance, call) -> policies.computeIfAbsent(instance.instanceId(),
                id -> Objects.requireNonNull(factory.apply(instance), "factory returned null for " + instance))
                .decorate(call);
    }
}
