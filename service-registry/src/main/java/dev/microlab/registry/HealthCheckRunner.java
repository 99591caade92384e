package dev.microlab.registry;

import dev.microlab.core.internal.Futures;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import dev.microlab.registry.RegistryEvent.RemovalReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link HealthCheck}s of a {@link ServiceRegistry}'s instances on its scheduler: active
 * probes with their timeout, TTL expiries, Consul's pass/fail thresholds ({@code StatusHandler}),
 * and the deregistration of an instance critical for longer than {@code deregisterCriticalAfter}.
 * It changes the records under their service's lock and asks the registry to publish snapshots and
 * events. Every method is called with the service's lock held, except the scheduled tasks, which
 * take it.
 */
final class HealthCheckRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistry.class);

    private final ServiceRegistry registry;
    private final TimeSource time;
    private final Scheduler scheduler;

    HealthCheckRunner(ServiceRegistry registry, TimeSource time, Scheduler scheduler) {
        this.registry = registry;
        this.time = time;
        this.scheduler = scheduler;
    }

    static void cancelChecks(InstanceRecord record) {
        for (CheckState check : record.checks) {
            check.cancelAll();
        }
    }

    void startChecks(ServiceState state, InstanceRecord record, long now) {
        for (CheckState check : record.checks) {
            if (check.status == HealthStatus.CRITICAL) {
                check.criticalSinceNanos = now;
                armReap(state, record, check);
            }
            if (check.check.kind() == HealthCheck.Kind.ACTIVE) {
                check.periodic = scheduler.scheduleWithFixedDelay(Duration.ZERO, check.check.interval(),
                        () -> runProbe(state, record, check));
            } else {
                armTtl(state, record, check);
            }
        }
    }

    void armTtl(ServiceState state, InstanceRecord record, CheckState check) {
        if (check.ttlExpiry != null) {
            check.ttlExpiry.cancel();
        }
        long generation = ++check.ttlGeneration;
        check.ttlExpiry = scheduler.schedule(check.check.ttl(), () -> {
            List<RegistryEvent> out = new ArrayList<>(2);
            synchronized (state) {
                if (record.removed || check.ttlGeneration != generation) {
                    return;
                }
                applyResult(state, record, check, HealthStatus.CRITICAL,
                        "TTL of " + check.check.ttl() + " expired without a report", false, out);
            }
            registry.publishAll(out);
        });
    }

    private void armReap(ServiceState state, InstanceRecord record, CheckState check) {
        Duration after = check.check.deregisterCriticalAfter();
        if (after == null) {
            return;
        }
        if (check.reap != null) {
            check.reap.cancel();
        }
        check.reap = scheduler.schedule(after, () -> {
            List<RegistryEvent> out = new ArrayList<>(1);
            synchronized (state) {
                if (record.removed || check.status != HealthStatus.CRITICAL
                        || time.nanoTime() - check.criticalSinceNanos < after.toNanos()) {
                    return;
                }
                LOG.info("deregistering {}: check '{}' has been critical for {}", record.instance,
                        check.check.name(), after);
                registry.removeLocked(state, List.of(record), RemovalReason.CRITICAL_TOO_LONG, out);
            }
            registry.publishAll(out);
        });
    }

    private void runProbe(ServiceState state, InstanceRecord record, CheckState check) {
        long sequence;
        synchronized (state) {
            if (record.removed || check.inFlight) {
                return;
            }
            check.inFlight = true;
            sequence = ++check.probeSequence;
        }
        CompletionStage<HealthStatus> stage;
        try {
            stage = Objects.requireNonNull(check.check.probe().probe(), "probe returned a null stage");
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        Duration timeout = check.check.timeout();
        Scheduler.Cancellable timer = scheduler.schedule(timeout,
                () -> probeFinished(state, record, check, sequence, HealthStatus.CRITICAL, "timed out after " + timeout));
        stage.whenComplete((status, error) -> {
            timer.cancel();
            if (error != null) {
                probeFinished(state, record, check, sequence, HealthStatus.CRITICAL,
                        String.valueOf(Futures.unwrap(error)));
            } else if (status == null) {
                probeFinished(state, record, check, sequence, HealthStatus.CRITICAL, "probe returned null");
            } else {
                probeFinished(state, record, check, sequence, status, "");
            }
        });
    }

    private void probeFinished(ServiceState state, InstanceRecord record, CheckState check, long sequence,
                               HealthStatus result, String output) {
        List<RegistryEvent> out = new ArrayList<>(2);
        synchronized (state) {
            if (!check.inFlight || check.probeSequence != sequence) {
                return;
            }
            check.inFlight = false;
            if (record.removed) {
                return;
            }
            applyResult(state, record, check, result, output, true, out);
        }
        registry.publishAll(out);
    }

    void applyResult(ServiceState state, InstanceRecord record, CheckState check, HealthStatus result,
                             String output, boolean thresholds, List<RegistryEvent> out) {
        HealthStatus before = check.status;
        HealthStatus instanceBefore = record.status();
        if (!thresholds) {
            check.status = result;
        } else if (result != HealthStatus.CRITICAL) {
            // Consul's StatusHandler: passing and warning are both successes
            check.successes++;
            check.failures = 0;
            if (check.successes >= check.check.successBeforePassing()) {
                check.status = result;
            }
        } else {
            check.failures++;
            check.successes = 0;
            if (check.failures >= check.check.failuresBeforeCritical()) {
                check.status = HealthStatus.CRITICAL;
            } else if (check.failures >= check.check.failuresBeforeWarning()) {
                check.status = HealthStatus.WARNING;
            }
        }
        if (check.status == before) {
            return;
        }
        if (check.status == HealthStatus.CRITICAL) {
            check.criticalSinceNanos = time.nanoTime();
            armReap(state, record, check);
        } else if (before == HealthStatus.CRITICAL && check.reap != null) {
            check.reap.cancel();
            check.reap = null;
        }
        HealthStatus instanceAfter = record.status();
        if (instanceAfter != instanceBefore) {
            registry.rebuild(state);
        }
        LOG.debug("check '{}' of {} went {} -> {} {}", check.check.name(), record.instance, before, check.status,
                output);
        long sequence = registry.nextEventSequence();
        if (registry.hasListeners()) {
            out.add(new RegistryEvent.CheckStatusChanged(record.instance, check.check.name(), before, check.status,
                    instanceAfter, output, sequence, time.instant()));
        }
    }
}
