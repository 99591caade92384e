package dev.microlab.registry.internal;

import dev.microlab.registry.ConnectionPoolSettings;
import dev.microlab.registry.PoolOverflowException;
import dev.microlab.registry.ServiceInstance;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection-pool limit of one instance: a semaphore of {@code maxConcurrentRequests}
 * permits and a counter of callers waiting for one, capped at {@code maxPendingRequests}.
 * This class is threadsafe.
 */
public final class InstancePool {

    private final ServiceInstance instance;
    private final ConnectionPoolSettings settings;
    private final Semaphore permits;
    private final AtomicInteger pending = new AtomicInteger();
    private final long waitNanos;

    /** The pool of {@code instance}. */
    public InstancePool(ServiceInstance instance, ConnectionPoolSettings settings) {
        this.instance = instance;
        this.settings = settings;
        this.permits = new Semaphore(settings.maxConcurrentRequests(), true);
        long nanos;
        try {
            nanos = settings.maxPendingWait().toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        this.waitNanos = nanos;
    }

    /**
     * Takes a slot, waiting as a pending request if the settings allow.
     *
     * @throws PoolOverflowException if no slot is free and no pending place either, or the wait ran out
     */
    public void acquire() {
        if (permits.tryAcquire()) {
            return;
        }
        if (settings.maxPendingRequests() == 0 || waitNanos == 0) {
            throw new PoolOverflowException(instance, settings, settings.maxConcurrentRequests()
                    + " requests in flight and no pending requests allowed");
        }
        int waiting = pending.incrementAndGet();
        try {
            if (waiting > settings.maxPendingRequests()) {
                throw new PoolOverflowException(instance, settings, settings.maxConcurrentRequests()
                        + " requests in flight and " + settings.maxPendingRequests() + " pending");
            }
            if (!permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new PoolOverflowException(instance, settings, "no slot became free within "
                        + settings.maxPendingWait());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolOverflowException(instance, settings, "interrupted while pending");
        } finally {
            pending.decrementAndGet();
        }
    }

    /** Gives back a slot taken by {@link #acquire()}. */
    public void release() {
        permits.release();
    }

    /** Requests running now. */
    public int inFlight() {
        return settings.maxConcurrentRequests() - permits.availablePermits();
    }

    /** Requests waiting now. */
    public int pending() {
        return Math.max(0, pending.get());
    }
}
