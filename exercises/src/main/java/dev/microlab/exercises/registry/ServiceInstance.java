package dev.microlab.exercises.registry;

/** One running instance of a service, as it registers itself: {@code order-service-1} at {@code 10.0.0.5:8000}. */
public record ServiceInstance(String serviceName, String instanceId, String address, int port) {
}
