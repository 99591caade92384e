package dev.microlab.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** One service's instances; every field but {@code snapshot} is guarded by the object's monitor. */
final class ServiceState {
    final String name;
    final TreeMap<String, InstanceRecord> records = new TreeMap<>();
    final List<CompletableFuture<ServiceSnapshot>> asyncWatchers = new ArrayList<>();
    volatile ServiceSnapshot snapshot;

    ServiceState(String name) {
        this.name = name;
        this.snapshot = ServiceSnapshot.empty(name, ServiceRegistry.FIRST_INDEX);
    }
}
