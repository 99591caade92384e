package dev.microlab.registry;

import dev.microlab.core.time.Scheduler;

/** The running state of one check; guarded by its service's lock. */
final class CheckState {
    final HealthCheck check;
    HealthStatus status;
    int successes;
    int failures;
    long criticalSinceNanos;
    boolean inFlight;
    long probeSequence;
    long ttlGeneration;
    Scheduler.Cancellable periodic;
    Scheduler.Cancellable ttlExpiry;
    Scheduler.Cancellable reap;

    CheckState(HealthCheck check) {
        this.check = check;
        this.status = check.initialStatus();
        // Consul starts both counters at their thresholds, so the first answer applies at once
        this.successes = check.successBeforePassing();
        this.failures = check.failuresBeforeCritical();
    }

    void cancelAll() {
        if (periodic != null) {
            periodic.cancel();
        }
        if (ttlExpiry != null) {
            ttlExpiry.cancel();
        }
        if (reap != null) {
            reap.cancel();
        }
        ttlGeneration++;
    }
}
