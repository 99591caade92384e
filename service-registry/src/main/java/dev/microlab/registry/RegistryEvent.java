package dev.microlab.registry;

import java.time.Instant;

/**
 * What a {@link ServiceRegistry} reports to its listeners.
 *
 * <p>Events are published after the change is visible in {@link ServiceRegistry#snapshot(String)},
 * on the thread that made the change (a caller, the eviction task or a health check), outside
 * every lock of the registry. Events are only created when somebody listens.
 *
 * <pre>{@code
 * registry.eventPublisher().subscribe(event -> {
 *     if (event instanceof RegistryEvent.InstanceDeregistered d) {
 *         log.info("{} left: {}", d.instance(), d.reason());
 *     }
 * });
 * }</pre>
 *
 * <p>Events are immutable records; this type is threadsafe.
 */
public sealed interface RegistryEvent {

    /** When the event happened, by the registry's time source. */
    Instant at();

    /**
     * The registry's state-change counter: one more for every change an event reports, taken while
     * the change is made, so a listener can put events from several threads back in order and see
     * gaps. (A service's modify index orders that service's snapshots; this orders the events.)
     */
    long sequence();

    /**
     * An instance was registered, or registered again with new metadata or checks.
     *
     * @param instance the instance
     * @param replaced true if the id was already registered (same address) and its entry was replaced
     * @param index    the service's new modify index
     * @param sequence the registry's state-change sequence number
     * @param at       when
     */
    record InstanceRegistered(ServiceInstance instance, boolean replaced, long index, long sequence, Instant at)
            implements RegistryEvent {
    }

    /**
     * An instance left the registry.
     *
     * @param instance the instance
     * @param reason   why
     * @param index    the service's new modify index
     * @param sequence the registry's state-change sequence number
     * @param at       when
     */
    record InstanceDeregistered(ServiceInstance instance, RemovalReason reason, long index, long sequence,
                                Instant at)
            implements RegistryEvent {
    }

    /**
     * A health check of an instance changed status (after its pass or fail threshold).
     *
     * @param instance       the instance
     * @param checkName      the check
     * @param from           the previous status of the check
     * @param to             the new status of the check
     * @param instanceStatus the instance's aggregated status after the change
     * @param output         what the probe said (exception message, "timed out", TTL note), may be empty
     * @param sequence       the registry's state-change sequence number
     * @param at             when
     */
    record CheckStatusChanged(ServiceInstance instance, String checkName, HealthStatus from, HealthStatus to,
                              HealthStatus instanceStatus, String output, long sequence, Instant at) implements RegistryEvent {
    }

    /**
     * Self-preservation switched on (expired leases are kept) or off (eviction resumes).
     *
     * @param active            whether self-preservation is now on
     * @param renewalsLastWindow renewals counted in the last complete window
     * @param expectedRenewals  renewals expected in a window from the leased instances
     * @param threshold         the fraction of expected renewals below which self-preservation is on
     * @param sequence          the registry's state-change sequence number
     * @param at                when
     */
    record SelfPreservationChanged(boolean active, long renewalsLastWindow, double expectedRenewals,
                                   double threshold, long sequence, Instant at) implements RegistryEvent {
    }

    /** Why an instance left the registry. */
    enum RemovalReason {
        /** {@link ServiceRegistry#deregister} was called. */
        DEREGISTERED,
        /** Its lease was not renewed within its time-to-live and the eviction task removed it. */
        LEASE_EXPIRED,
        /** A health check stayed critical longer than its {@code deregisterCriticalAfter}. */
        CRITICAL_TOO_LONG
    }
}
