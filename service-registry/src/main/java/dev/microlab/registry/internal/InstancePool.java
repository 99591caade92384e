package dev.microlab.registry.internal;

import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.bulkhead.BulkheadFullException;
import dev.microlab.registry.ConnectionPoolSettings;
import dev.microlab.registry.PoolOverflowException;
import dev.microlab.registry.ServiceInstance;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection-pool limit of one instance: a patterns-core {@link Bulkhead} of
 * {@code maxConcurrentRequests} permits whose bounded wait ({@code maxPendingWait}) is open to at
 * most {@code maxPendingRequests} callers at a time; everyone else fails fast.
 * This class is threadsafe.
 */
public final class InstancePool {

    private final ServiceInstance instance;
    private final ConnectionPoolSettings settings;
    private final Bulkhead bulkhead;
    private final AtomicInteger pending = new AtomicInteger();

    /** The pool of {@code instance}. */
    public InstancePool(ServiceInstance instance, ConnectionPoolSettings settings) {
        this.instance = instance;
        this.settings = settings;
        this.bulkhead = Bulkhead.builder("connection pool of " + instance.service() + "/" + instance.instanceId())
                .maxConcurrentCalls(settings.maxConcurrentRequests())
                .maxWait(settings.maxPendingWait())
                .build();
    }

    /**
     * Takes a slot, waiting as a pending request if the settings allow.
     *
     * @throws PoolOverflowException if no slot is free and no pending place either, or the wait ran out
     */
    public void acquire() {
        if (bulkhead.tryAcquirePermission()) {
            return;
        }
        if (settings.maxPendingRequests() == 0 || settings.maxPendingWait().isZero()) {
            throw new PoolOverflowException(instance, settings, settings.maxConcurrentRequests()
                    + " requests in flight and no pending requests allowed", null);
        }
        int waiting = pending.incrementAndGet();
        try {
            if (waiting > settings.maxPendingRequests()) {
                throw new PoolOverflowException(instance, settings, settings.maxConcurrentRequests()
                        + " requests in flight and " + settings.maxPendingRequests() + " pending", null);
            }
            try {
                bulkhead.acquirePermission();
            } catch (BulkheadFullException e) {
                throw new PoolOverflowException(instance, settings, "no slot became free within "
                        + settings.maxPendingWait(), e);
            }
        } finally {
            pending.decrementAndGet();
        }
    }

    /** Gives back a slot taken by {@link #acquire()}. */
    public void release() {
        bulkhead.releasePermission();
    }

    /** Requests running now. */
    public int inFlight() {
        return settings.maxConcurrentRequests() - bulkhead.availablePermits();
    }

    /** Requests waiting now. */
    public int pending() {
        return Math.max(0, pending.get());
    }
}
