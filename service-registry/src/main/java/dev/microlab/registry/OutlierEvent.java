package dev.microlab.registry;

import java.time.Duration;
import java.time.Instant;

/**
 * What an {@link OutlierDetector} reports: ejections, returns to service and panic mode.
 * Published outside the detector's lock, only when somebody listens.
 *
 * <pre>{@code
 * detector.eventPublisher().subscribe(e -> {
 *     if (e instanceof OutlierEvent.HostEjected ejected) {
 *         log.warn("ejected {} for {}", ejected.instance(), ejected.duration());
 *     }
 * });
 * }</pre>
 *
 * <p>Events are immutable records; this type is threadsafe.
 */
public sealed interface OutlierEvent {

    /** When, by the detector's time source. */
    Instant at();

    /**
     * The detector's state-change counter: it moves by one for every change of state (an ejection,
     * a return, panic on or off), so a listener can order events from several threads and see gaps.
     * An {@link EjectionSkipped} changes nothing and carries the sequence of the last change.
     */
    long sequence();

    /** Why a host was found to be an outlier. */
    enum Reason {
        /** {@code consecutive5xx} failures in a row. */
        CONSECUTIVE_5XX,
        /** {@code consecutiveGatewayFailure} gateway failures in a row. */
        CONSECUTIVE_GATEWAY_FAILURE,
        /** Success rate below {@code mean - stdevFactor × stdev} of the hosts with enough volume. */
        SUCCESS_RATE,
        /** Failure percentage at or above {@code failurePercentageThreshold}. */
        FAILURE_PERCENTAGE
    }

    /**
     * A host was ejected.
     *
     * @param instance   the host
     * @param reason     why
     * @param duration   for how long (base × multiplier, capped at the maximum)
     * @param multiplier the ejection multiplier after this ejection
     * @param ejected    hosts ejected now, this one included
     * @param hosts      hosts known to the detector
     * @param sequence   the detector's state-change sequence number of this ejection
     * @param at         when
     */
    record HostEjected(ServiceInstance instance, Reason reason, Duration duration, int multiplier, int ejected,
                       int hosts, long sequence, Instant at) implements OutlierEvent {
    }

    /**
     * A host was found to be an outlier but kept, because ejecting it would exceed
     * {@code maxEjectionPercent} (Envoy's {@code ejections_overflow}) or the enforcement draw said
     * no ({@code enforced: false} in Envoy's event log).
     *
     * @param instance the host
     * @param reason   why it was an outlier
     * @param overflow true if {@code maxEjectionPercent} kept it, false if the enforcement draw did
     * @param ejected  hosts ejected now
     * @param hosts    hosts known to the detector
     * @param sequence the sequence number of the detector's last state change
     * @param at       when
     */
    record EjectionSkipped(ServiceInstance instance, Reason reason, boolean overflow, int ejected, int hosts,
                           long sequence, Instant at)
            implements OutlierEvent {
    }

    /**
     * A host's ejection time is over and it is back in the load-balancing set.
     *
     * @param instance the host
     * @param sequence the detector's state-change sequence number of this return
     * @param at       when
     */
    record HostReturned(ServiceInstance instance, long sequence, Instant at) implements OutlierEvent {
    }

    /**
     * Too few hosts are eligible: the detector ignores ejections and offers every candidate
     * (Envoy's panic mode), or the panic is over.
     *
     * @param panic    whether panic mode is on
     * @param eligible hosts not ejected among the candidates
     * @param total    candidates
     * @param sequence the detector's state-change sequence number of this change
     * @param at       when
     */
    record PanicModeChanged(boolean panic, int eligible, int total, long sequence, Instant at) implements OutlierEvent {
    }
}
