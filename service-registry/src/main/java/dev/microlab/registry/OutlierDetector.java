package dev.microlab.registry;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.internal.Nanos;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import dev.microlab.registry.internal.Randoms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passive health checking with Envoy's outlier detection
 * ({@code source/common/upstream/outlier_detection_impl.cc}): hosts that fail more than their
 * peers are ejected from load balancing for a while, longer each time they are ejected again.
 * The settings are an immutable {@link OutlierDetectionConfig}.
 *
 * <p><b>Detection.</b> Consecutive failures are checked inline, on the call that reaches the
 * threshold: {@code consecutiveGatewayFailure} (502/503/504 and local-origin errors in a row; any
 * other 5xx breaks the run) and {@code consecutive5xx} (every failure counts). After every ejection
 * attempt, enforced or not, the counter that triggered it starts again from zero, so a host that
 * keeps failing is an outlier again at the next N failures. Every {@code interval},
 * {@link #runInterval()} looks at the calls of the interval that just ended, leaving ejected hosts
 * out: <em>success rate</em> ejects hosts whose success rate is below
 * {@code mean − stdevFactor × stdev}, computed only when at least {@code successRateMinimumHosts}
 * hosts had at least {@code successRateRequestVolume} calls; <em>failure percentage</em> ejects hosts
 * whose failure percentage is at least {@code failurePercentageThreshold}, with its own minimum hosts
 * and volume. Each detection type is enforced with a probability ({@code enforcing*}, in percent,
 * drawn from the injected random source), exactly as Envoy's runtime knobs.
 *
 * <p><b>Ejection.</b> A host is ejected only if {@code (ejected + 1) / hosts ≤ maxEjectionPercent}
 * (with {@code alwaysEjectOneHost}, the first host is ejected regardless). It stays out for
 * {@code min(baseEjectionTime × multiplier, maxEjectionTime)} plus a jitter; the multiplier grows by
 * one per ejection while {@code multiplier × base < max + base} (Envoy's cap, one step above
 * {@code max / base}), and shrinks by one at every sweep that finds the host in service at least one
 * interval after its return; the shrinking runs after the sweep's own ejections, as in Envoy. A host
 * returns at the first sweep after its ejection time is over.
 *
 * <p><b>Panic.</b> {@link #filter(List)} drops ejected hosts, unless fewer than
 * {@code panicThreshold} percent of the candidates would remain: then it returns all of them
 * (Envoy's healthy panic threshold, Istio's {@code minHealthPercent}).
 *
 * <pre>{@code
 * OutlierDetector detector = OutlierDetector.builder(OutlierDetectionConfig.builder()
 *                 .consecutive5xx(5).maxEjectionPercent(50).build())
 *         .timeSource(time).random(new Random(42))
 *         .build();
 * detector.updateHosts(registry.passingInstances("user-service"));
 * detector.record(instance, CallOutcome.ofHttpStatus(503));
 * List<ServiceInstance> eligible = detector.filter(candidates);
 * }</pre>
 *
 * <p>This class is threadsafe. Recording takes no lock unless it reaches a threshold;
 * {@link #filter(List)} takes no lock and allocates nothing while no host is ejected.
 */
public final class OutlierDetector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutlierDetector.class);

    private final OutlierDetectionConfig config;
    private final TimeSource time;
    private final RandomGenerator random;
    private final long intervalNanos;
    private final long baseEjectionNanos;
    private final long maxEjectionNanos;
    private final long jitterNanos;
    private final EventPublisher<OutlierEvent> events = new EventPublisher<>("outlier detector");
    private final Object lock = new Object();
    private volatile Map<String, Host> hosts = Map.of();
    private volatile int ejectedCount;
    private volatile long version;
    private volatile Filtered filtered = new Filtered(List.of(), -1, List.of(), false);
    private volatile boolean panic;
    private long sequence; // guarded by lock
    private final Scheduler.Cancellable task;

    private OutlierDetector(Builder b) {
        this.config = b.config;
        this.time = b.time;
        this.random = b.random;
        this.intervalNanos = config.interval().toNanos();
        this.baseEjectionNanos = config.baseEjectionTime().toNanos();
        this.maxEjectionNanos = config.maxEjectionTime().toNanos();
        this.jitterNanos = config.maxEjectionTimeJitter().toNanos();
        this.task = b.scheduler == null ? null
                : b.scheduler.scheduleWithFixedDelay(config.interval(), config.interval(), this::runIntervalSafely);
    }

    /** A builder with Envoy's defaults ({@link OutlierDetectionConfig#ofDefaults()}). */
    public static Builder builder() {
        return new Builder(OutlierDetectionConfig.ofDefaults());
    }

    /** A builder with {@code config}. */
    public static Builder builder(OutlierDetectionConfig config) {
        return new Builder(Objects.requireNonNull(config, "config must not be null"));
    }

    /** A detector with Envoy's defaults, run by hand with {@link #runInterval()}. */
    public static OutlierDetector ofDefaults() {
        return builder().build();
    }

    /** A detector with {@code config}, the system clock, run by hand with {@link #runInterval()}. */
    public static OutlierDetector of(OutlierDetectionConfig config) {
        return builder(config).build();
    }

    /** The settings of this detector. */
    public OutlierDetectionConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ membership

    /**
     * Sets the hosts under watch (a cluster's membership). Hosts that stay keep their counters and
     * ejections; hosts that leave are forgotten; outcomes recorded for unknown hosts are ignored.
     */
    public void updateHosts(List<ServiceInstance> instances) {
        Objects.requireNonNull(instances, "instances must not be null");
        synchronized (lock) {
            Map<String, Host> current = hosts;
            Map<String, Host> next = new HashMap<>(instances.size() * 2);
            int ejected = 0;
            for (ServiceInstance instance : instances) {
                Host host = current.get(instance.instanceId());
                if (host == null) {
                    host = new Host(instance);
                } else {
                    host.instance = instance;
                }
                next.put(instance.instanceId(), host);
                if (host.ejected) {
                    ejected++;
                }
            }
            hosts = Map.copyOf(next);
            ejectedCount = ejected;
            version++;
        }
    }

    // ------------------------------------------------------------------ recording

    /** Records an HTTP answer of {@code status} from {@code instance}; see {@link CallOutcome#ofHttpStatus}. */
    public void recordHttpStatus(ServiceInstance instance, int status) {
        record(instance, CallOutcome.ofHttpStatus(status));
    }

    /**
     * Records how a call to {@code instance} ended; may eject it at once for consecutive failures.
     * As in Envoy's {@code putHttpResponseCode}: a success resets both counters; a gateway failure
     * counts towards both; any other failure counts towards {@code consecutive5xx} and resets the
     * gateway counter. A counter that reaches its threshold triggers an ejection attempt and starts
     * again from zero, whatever the attempt decided.
     */
    public void record(ServiceInstance instance, CallOutcome outcome) {
        Objects.requireNonNull(instance, "instance must not be null");
        Objects.requireNonNull(outcome, "outcome must not be null");
        Host host = hosts.get(instance.instanceId());
        if (host == null) {
            return;
        }
        if (!outcome.isFailure()) {
            host.successes.incrementAndGet();
            if (host.consecutive5xx.get() != 0) {
                host.consecutive5xx.set(0);
            }
            if (host.consecutiveGateway.get() != 0) {
                host.consecutiveGateway.set(0);
            }
            return;
        }
        host.failures.incrementAndGet();
        List<OutlierEvent> out = null;
        if (outcome.isGatewayFailure()) {
            if (host.consecutiveGateway.incrementAndGet() == config.consecutiveGatewayFailure()
                    && config.consecutiveGatewayFailure() > 0) {
                out = new ArrayList<>(1);
                consecutiveError(host, OutlierEvent.Reason.CONSECUTIVE_GATEWAY_FAILURE, host.consecutiveGateway,
                        config.enforcingConsecutiveGatewayFailure(), out);
            }
        } else if (host.consecutiveGateway.get() != 0) {
            host.consecutiveGateway.set(0); // gateway failures count only in a row
        }
        if (host.consecutive5xx.incrementAndGet() == config.consecutive5xx() && config.consecutive5xx() > 0) {
            out = out == null ? new ArrayList<>(1) : out;
            consecutiveError(host, OutlierEvent.Reason.CONSECUTIVE_5XX, host.consecutive5xx,
                    config.enforcingConsecutive5xx(), out);
        }
        if (out != null) {
            publishAll(out);
        }
    }

    /** Envoy's {@code onConsecutiveErrorWorker}: an attempt, then the counter starts again. */
    private void consecutiveError(Host host, OutlierEvent.Reason reason, AtomicInteger counter, int enforcing,
                                  List<OutlierEvent> out) {
        synchronized (lock) {
            if (host.ejected || hosts.get(host.instance.instanceId()) != host) {
                return; // Envoy leaves the counter alone here; the return to service resets it
            }
            tryEject(host, reason, enforcing, time.nanoTime(), out);
            counter.set(0);
        }
    }

    // ------------------------------------------------------------------ interval analysis

    /**
     * One analysis sweep, in Envoy's order ({@code onIntervalTimer}): returns hosts whose ejection
     * time is over; runs success-rate and failure-percentage detection over the calls recorded since
     * the previous sweep by the hosts not ejected; then decays the multiplier of every host in service
     * for at least one interval since its return; and starts a new interval. The scheduled task calls
     * this; call it yourself without a scheduler.
     */
    public void runInterval() {
        long now = time.nanoTime();
        List<OutlierEvent> out = new ArrayList<>();
        synchronized (lock) {
            Map<String, Host> current = hosts;
            List<Host> list = new ArrayList<>(current.values());
            list.sort((a, b) -> a.instance.instanceId().compareTo(b.instance.instanceId()));
            for (Host host : list) {
                if (host.ejected && now - host.ejectedAtNanos >= host.ejectionNanos) {
                    host.ejected = false;
                    host.lastReturnNanos = now;
                    host.consecutive5xx.set(0);
                    host.consecutiveGateway.set(0);
                    ejectedCount--;
                    version++;
                    long seq = ++sequence;
                    LOG.info("outlier {} returns to service", host.instance);
                    if (events.hasListeners()) {
                        out.add(new OutlierEvent.HostReturned(host.instance, seq, time.instant()));
                    }
                }
            }
            // the interval's statistics, of the hosts in service only (ejected hosts are left out)
            List<Host> inService = new ArrayList<>(list.size());
            List<Double> rates = new ArrayList<>(list.size());
            List<Long> volumes = new ArrayList<>(list.size());
            for (Host host : list) {
                long ok = host.successes.getAndSet(0);
                long total = ok + host.failures.getAndSet(0);
                if (!host.ejected && total > 0) {
                    inService.add(host);
                    rates.add(ok * 100.0 / total);
                    volumes.add(total);
                }
            }
            successRate(inService, rates, volumes, now, out);
            failurePercentage(inService, rates, volumes, now, out);
            for (Host host : list) {
                if (!host.ejected && host.multiplier > 0 && host.lastReturnNanos != Long.MIN_VALUE
                        && now - host.lastReturnNanos >= intervalNanos) {
                    host.multiplier--;
                }
            }
        }
        publishAll(out);
    }

    private void successRate(List<Host> list, List<Double> rates, List<Long> volumes, long now,
                             List<OutlierEvent> out) {
        List<Host> valid = new ArrayList<>(list.size());
        List<Double> validRates = new ArrayList<>(list.size());
        double sum = 0;
        for (int i = 0; i < list.size(); i++) {
            if (volumes.get(i) >= config.successRateRequestVolume()) {
                valid.add(list.get(i));
                validRates.add(rates.get(i));
                sum += rates.get(i);
            }
        }
        if (valid.isEmpty() || valid.size() < config.successRateMinimumHosts()) {
            return;
        }
        double mean = sum / valid.size();
        double variance = 0;
        for (double r : validRates) {
            variance += (r - mean) * (r - mean);
        }
        double stdev = Math.sqrt(variance / valid.size());
        double threshold = mean - config.successRateStdevFactor() * stdev;
        for (int i = 0; i < valid.size(); i++) {
            if (validRates.get(i) < threshold) {
                tryEject(valid.get(i), OutlierEvent.Reason.SUCCESS_RATE, config.enforcingSuccessRate(), now, out);
            }
        }
    }

    private void failurePercentage(List<Host> list, List<Double> rates, List<Long> volumes, long now,
                                   List<OutlierEvent> out) {
        List<Host> valid = new ArrayList<>(list.size());
        List<Double> validRates = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (volumes.get(i) >= config.failurePercentageRequestVolume()) {
                valid.add(list.get(i));
                validRates.add(rates.get(i));
            }
        }
        if (valid.isEmpty() || valid.size() < config.failurePercentageMinimumHosts()) {
            return;
        }
        for (int i = 0; i < valid.size(); i++) {
            if (100.0 - validRates.get(i) >= config.failurePercentageThreshold()) {
                tryEject(valid.get(i), OutlierEvent.Reason.FAILURE_PERCENTAGE, config.enforcingFailurePercentage(),
                        now, out);
            }
        }
    }

    /** Envoy's {@code ejectHost}; the caller holds the lock. */
    private void tryEject(Host host, OutlierEvent.Reason reason, int enforcing, long now, List<OutlierEvent> out) {
        if (host.ejected) {
            return;
        }
        int total = hosts.size();
        int ejected = ejectedCount;
        boolean allowed = (long) (ejected + 1) * 100 <= (long) config.maxEjectionPercent() * total
                || (config.alwaysEjectOneHost() && ejected == 0);
        if (!allowed) {
            LOG.debug("outlier {} ({}) not ejected: {} of {} hosts already ejected, max {}%",
                    host.instance, reason, ejected, total, config.maxEjectionPercent());
            if (events.hasListeners()) {
                out.add(new OutlierEvent.EjectionSkipped(host.instance, reason, true, ejected, total, sequence,
                        time.instant()));
            }
            return;
        }
        if (enforcing <= 0 || (enforcing < 100 && random.nextInt(100) >= enforcing)) {
            if (events.hasListeners()) {
                out.add(new OutlierEvent.EjectionSkipped(host.instance, reason, false, ejected, total, sequence,
                        time.instant()));
            }
            return;
        }
        host.ejected = true;
        host.ejectedAtNanos = now;
        long jitter = jitterNanos == 0 ? 0 : random.nextLong(jitterNanos + 1);
        // Envoy's cap: the multiplier grows while multiplier × base < max + base
        if (Nanos.multiply(baseEjectionNanos, host.multiplier) < maxEjectionNanos + baseEjectionNanos) {
            host.multiplier++;
        }
        long ejection = Math.min(maxEjectionNanos, Nanos.multiply(baseEjectionNanos, host.multiplier));
        host.ejectionNanos = ejection + jitter < 0 ? Long.MAX_VALUE : ejection + jitter;
        ejectedCount = ejected + 1;
        version++;
        long seq = ++sequence;
        LOG.info("ejected outlier {} ({}) for {}", host.instance, reason, Duration.ofNanos(host.ejectionNanos));
        if (events.hasListeners()) {
            out.add(new OutlierEvent.HostEjected(host.instance, reason, Duration.ofNanos(host.ejectionNanos),
                    host.multiplier, ejected + 1, total, seq, time.instant()));
        }
    }

    private void runIntervalSafely() {
        try {
            runInterval();
        } catch (RuntimeException e) {
            LOG.error("outlier analysis failed; the next interval will try again", e);
        }
    }

    // ------------------------------------------------------------------ filtering

    /**
     * The candidates that are not ejected, or all of them in panic mode (fewer than
     * {@code panicThreshold} percent of them eligible). Returns {@code candidates} itself while no
     * host is ejected.
     */
    public List<ServiceInstance> filter(List<ServiceInstance> candidates) {
        Objects.requireNonNull(candidates, "candidates must not be null");
        if (ejectedCount == 0) {
            if (panic) {
                setPanic(false, candidates.size(), candidates.size());
            }
            return candidates;
        }
        long v = version;
        Filtered f = filtered;
        if (f.input != candidates || f.version != v) {
            f = compute(candidates, v);
            filtered = f;
        }
        if (f.panic != panic) {
            setPanic(f.panic, f.panic ? countEligible(candidates) : f.output.size(), candidates.size());
        }
        return f.output;
    }

    private Filtered compute(List<ServiceInstance> candidates, long v) {
        Map<String, Host> current = hosts;
        List<ServiceInstance> eligible = new ArrayList<>(candidates.size());
        for (ServiceInstance instance : candidates) {
            Host host = current.get(instance.instanceId());
            if (host == null || !host.ejected) {
                eligible.add(instance);
            }
        }
        boolean inPanic = !candidates.isEmpty()
                && (long) eligible.size() * 100 < (long) config.panicThreshold() * candidates.size();
        List<ServiceInstance> output = inPanic || eligible.size() == candidates.size()
                ? candidates : List.copyOf(eligible);
        return new Filtered(candidates, v, output, inPanic);
    }

    private int countEligible(List<ServiceInstance> candidates) {
        int n = 0;
        Map<String, Host> current = hosts;
        for (ServiceInstance instance : candidates) {
            Host host = current.get(instance.instanceId());
            if (host == null || !host.ejected) {
                n++;
            }
        }
        return n;
    }

    private void setPanic(boolean on, int eligible, int total) {
        long seq;
        synchronized (lock) {
            if (panic == on) {
                return;
            }
            panic = on;
            seq = ++sequence;
        }
        if (on) {
            LOG.warn("panic mode: only {} of {} hosts eligible; load balancing over all of them", eligible, total);
        }
        events.publish(() -> new OutlierEvent.PanicModeChanged(on, eligible, total, seq, time.instant()));
    }

    // ------------------------------------------------------------------ queries

    /** Whether {@code instance} is ejected now. */
    public boolean isEjected(ServiceInstance instance) {
        Objects.requireNonNull(instance, "instance must not be null");
        Host host = hosts.get(instance.instanceId());
        return host != null && host.ejected;
    }

    /** How many hosts are ejected now. */
    public int ejectedCount() {
        return ejectedCount;
    }

    /** How many hosts are under watch. */
    public int hostCount() {
        return hosts.size();
    }

    /** The current ejection multiplier of {@code instance}; 0 if it is unknown or never ejected. */
    public int ejectionMultiplier(ServiceInstance instance) {
        Objects.requireNonNull(instance, "instance must not be null");
        synchronized (lock) {
            Host host = hosts.get(instance.instanceId());
            return host == null ? 0 : host.multiplier;
        }
    }

    /** Whether the last {@link #filter} call was in panic mode. */
    public boolean isPanicking() {
        return panic;
    }

    /** Where this detector reports what it does; see {@link OutlierEvent}. */
    public EventPublisher<OutlierEvent> eventPublisher() {
        return events;
    }

    /** Stops the scheduled analysis, if any. */
    @Override
    public void close() {
        if (task != null) {
            task.cancel();
        }
    }

    private void publishAll(List<OutlierEvent> out) {
        for (OutlierEvent event : out) {
            events.publish(event);
        }
    }

    @Override
    public String toString() {
        return "OutlierDetector[hosts=" + hosts.size() + ", ejected=" + ejectedCount + ", panic=" + panic + "]";
    }

    /** Per-host state; counters are atomics, the rest is guarded by the detector's lock. */
    private static final class Host {
        volatile ServiceInstance instance;
        final AtomicInteger consecutive5xx = new AtomicInteger();
        final AtomicInteger consecutiveGateway = new AtomicInteger();
        final AtomicLong successes = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        volatile boolean ejected;
        long ejectedAtNanos;
        long ejectionNanos;
        int multiplier;
        long lastReturnNanos = Long.MIN_VALUE;

        Host(ServiceInstance instance) {
            this.instance = instance;
        }
    }

    private static final class Filtered {
        final List<ServiceInstance> input;
        final long version;
        final List<ServiceInstance> output;
        final boolean panic;

        Filtered(List<ServiceInstance> input, long version, List<ServiceInstance> output, boolean panic) {
            this.input = input;
            this.version = version;
            this.output = output;
            this.panic = panic;
        }
    }

    /** Builds an {@link OutlierDetector} from a config and its collaborators; not threadsafe. */
    public static final class Builder {
        private OutlierDetectionConfig config;
        private TimeSource time = TimeSource.system();
        private RandomGenerator random = Randoms.threadLocal();
        private Scheduler scheduler;

        private Builder(OutlierDetectionConfig config) {
            this.config = config;
        }

        /** The settings. Default {@link OutlierDetectionConfig#ofDefaults()}. */
        public Builder config(OutlierDetectionConfig config) {
            this.config = Objects.requireNonNull(config, "config must not be null");
            return this;
        }

        /** Where the detector reads time. Default {@link TimeSource#system()}. */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time must not be null");
            return this;
        }

        /** The random source for {@code enforcing*} draws and jitter; seed it for repeatable tests. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        /** Runs {@link #runInterval()} every {@code interval}. Without one, call it yourself. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /** Builds the detector and, with a scheduler, starts its interval task. */
        public OutlierDetector build() {
            return new OutlierDetector(this);
        }
    }
}
