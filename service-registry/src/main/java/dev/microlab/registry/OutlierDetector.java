package dev.microlab.registry;

import dev.microlab.core.event.EventListener;
import dev.microlab.core.event.EventPublisher;
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
 * Passive health checking with Envoy's outlier detection: hosts that fail more than their peers
 * are ejected from load balancing for a while, longer each time they are ejected again.
 *
 * <p><b>Detection.</b> Consecutive failures are checked inline, on the call that reaches the
 * threshold: {@code consecutive5xx} (every failure counts) and {@code consecutiveGatewayFailure}
 * (502/503/504 and local-origin errors). Every {@code interval}, {@link #runInterval()} looks at the
 * calls of the interval that just ended: <em>success rate</em> ejects hosts whose success rate is
 * below {@code mean − stdevFactor × stdev}, computed only when at least
 * {@code successRateMinimumHosts} hosts had at least {@code successRateRequestVolume} calls;
 * <em>failure percentage</em> ejects hosts whose failure percentage is at least
 * {@code failurePercentageThreshold}, with its own minimum hosts and volume. Each detection type
 * is enforced with a probability ({@code enforcing*}, in percent, drawn from the injected random
 * source), exactly as Envoy's runtime knobs.
 *
 * <p><b>Ejection.</b> A host is ejected for {@code baseEjectionTime × multiplier}, capped at
 * {@code maxEjectionTime}; the multiplier grows by one per ejection and shrinks by one for every
 * interval the host spends in service. A host returns at the first interval run after its
 * ejection time is over. No ejection may take the ejected share above {@code maxEjectionPercent},
 * except that one host can always be ejected (Envoy's rule).
 *
 * <p><b>Panic.</b> {@link #filter(List)} drops ejected hosts, unless fewer than
 * {@code panicThreshold} percent of the candidates would remain: then it returns all of them
 * (Envoy's healthy panic threshold, Istio's {@code minHealthPercent}).
 *
 * <p>Defaults are Envoy's: consecutive 5xx 5 (enforced 100 %), consecutive gateway failures 5
 * (enforced 0 %), interval 10 s, base ejection 30 s, max ejection 300 s, max ejection 10 %,
 * success rate on 5 hosts × 100 calls with factor 1.9 (enforced 100 %), failure percentage 85 %
 * on 5 hosts × 50 calls (enforced 0 %), panic threshold 50 %.
 *
 * <pre>{@code
 * OutlierDetector detector = OutlierDetector.builder()
 *         .consecutive5xx(5).interval(Duration.ofSeconds(10))
 *         .baseEjectionTime(Duration.ofSeconds(30)).maxEjectionPercent(50)
 *         .timeSource(time).random(new Random(42))
 *         .build();
 * detector.updateHosts(registry.passingInstances("user-service"));
 * detector.record(instance, CallOutcome.ofHttpStatus(503));
 * List<ServiceInstance> eligible = detector.filter(candidates);
 * }</pre>
 *
 * <p>This class is threadsafe. Recording takes no lock unless it ejects; {@link #filter(List)}
 * takes no lock and allocates nothing while no host is ejected.
 */
public final class OutlierDetector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutlierDetector.class);

    private final TimeSource time;
    private final RandomGenerator random;
    private final long intervalNanos;
    private final long baseEjectionNanos;
    private final long maxEjectionNanos;
    private final int maxMultiplier;
    private final int maxEjectionPercent;
    private final int consecutive5xx;
    private final int enforcingConsecutive5xx;
    private final int consecutiveGatewayFailure;
    private final int enforcingConsecutiveGatewayFailure;
    private final int enforcingSuccessRate;
    private final int successRateMinimumHosts;
    private final int successRateRequestVolume;
    private final double successRateStdevFactor;
    private final int failurePercentageThreshold;
    private final int enforcingFailurePercentage;
    private final int failurePercentageMinimumHosts;
    private final int failurePercentageRequestVolume;
    private final int panicThreshold;
    private final EventPublisher<OutlierEvent> events = new EventPublisher<>("outlier detector");
    private final Object lock = new Object();
    private volatile Map<String, Host> hosts = Map.of();
    private volatile int ejectedCount;
    private volatile long version;
    private volatile Filtered filtered = new Filtered(List.of(), -1, List.of(), false);
    private volatile boolean panic;
    private final Scheduler.Cancellable task;

    private OutlierDetector(Builder b) {
        this.time = b.time;
        this.random = b.random;
        this.intervalNanos = b.interval.toNanos();
        this.baseEjectionNanos = b.baseEjectionTime.toNanos();
        this.maxEjectionNanos = Math.max(b.maxEjectionTime.toNanos(), baseEjectionNanos);
        this.maxMultiplier = (int) Math.min(Integer.MAX_VALUE,
                (maxEjectionNanos + baseEjectionNanos - 1) / baseEjectionNanos);
        this.maxEjectionPercent = b.maxEjectionPercent;
        this.consecutive5xx = b.consecutive5xx;
        this.enforcingConsecutive5xx = b.enforcingConsecutive5xx;
        this.consecutiveGatewayFailure = b.consecutiveGatewayFailure;
        this.enforcingConsecutiveGatewayFailure = b.enforcingConsecutiveGatewayFailure;
        this.enforcingSuccessRate = b.enforcingSuccessRate;
        this.successRateMinimumHosts = b.successRateMinimumHosts;
        this.successRateRequestVolume = b.successRateRequestVolume;
        this.successRateStdevFactor = b.successRateStdevFactor;
        this.failurePercentageThreshold = b.failurePercentageThreshold;
        this.enforcingFailurePercentage = b.enforcingFailurePercentage;
        this.failurePercentageMinimumHosts = b.failurePercentageMinimumHosts;
        this.failurePercentageRequestVolume = b.failurePercentageRequestVolume;
        this.panicThreshold = b.panicThreshold;
        this.task = b.scheduler == null ? null
                : b.scheduler.scheduleWithFixedDelay(b.interval, b.interval, this::runIntervalSafely);
    }

    /** A builder with Envoy's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A detector with Envoy's defaults, run by hand with {@link #runInterval()}. */
    public static OutlierDetector ofDefaults() {
        return builder().build();
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
        if (host.consecutive5xx.incrementAndGet() == consecutive5xx) {
            out = new ArrayList<>(1);
            tryEject(host, OutlierEvent.Reason.CONSECUTIVE_5XX, enforcingConsecutive5xx, time.nanoTime(), out);
        }
        if (outcome.isGatewayFailure() && host.consecutiveGateway.incrementAndGet() == consecutiveGatewayFailure) {
            out = out == null ? new ArrayList<>(1) : out;
            tryEject(host, OutlierEvent.Reason.CONSECUTIVE_GATEWAY_FAILURE, enforcingConsecutiveGatewayFailure,
                    time.nanoTime(), out);
        }
        if (out != null) {
            publishAll(out);
        }
    }

    // ------------------------------------------------------------------ interval analysis

    /**
     * One analysis sweep: returns hosts whose ejection time is over, decays the multiplier of hosts
     * in service, then runs success-rate and failure-percentage detection over the calls recorded
     * since the previous sweep, and starts a new interval. The scheduled task calls this; call it
     * yourself without a scheduler.
     */
    public void runInterval() {
        long now = time.nanoTime();
        List<OutlierEvent> out = new ArrayList<>();
        synchronized (lock) {
            Map<String, Host> current = hosts;
            List<Host> list = new ArrayList<>(current.values());
            list.sort((a, b) -> a.instance.instanceId().compareTo(b.instance.instanceId()));
            for (Host host : list) {
                if (host.ejected) {
                    if (now - host.ejectedAtNanos >= host.ejectionNanos) {
                        host.ejected = false;
                        host.lastReturnNanos = now;
                        host.consecutive5xx.set(0);
                        host.consecutiveGateway.set(0);
                        ejectedCount--;
                        version++;
                        LOG.info("outlier {} returns to service", host.instance);
                        if (events.hasListeners()) {
                            out.add(new OutlierEvent.HostReturned(host.instance, time.instant()));
                        }
                    }
                } else if (host.multiplier > 0 && host.lastReturnNanos != Long.MIN_VALUE
                        && now - host.lastReturnNanos >= intervalNanos) {
                    host.multiplier--;
                }
            }
            long[] ok = new long[list.size()];
            long[] failed = new long[list.size()];
            for (int i = 0; i < list.size(); i++) {
                ok[i] = list.get(i).successes.getAndSet(0);
                failed[i] = list.get(i).failures.getAndSet(0);
            }
            if (enforcingSuccessRate > 0) {
                successRate(list, ok, failed, now, out);
            }
            if (enforcingFailurePercentage > 0) {
                failurePercentage(list, ok, failed, now, out);
            }
        }
        publishAll(out);
    }

    private void successRate(List<Host> list, long[] ok, long[] failed, long now, List<OutlierEvent> out) {
        int counted = 0;
        double sum = 0;
        double[] rate = new double[list.size()];
        for (int i = 0; i < list.size(); i++) {
            long volume = ok[i] + failed[i];
            rate[i] = -1;
            if (volume >= successRateRequestVolume && volume > 0) {
                rate[i] = 100.0 * ok[i] / volume;
                sum += rate[i];
                counted++;
            }
        }
        if (counted < successRateMinimumHosts || counted == 0) {
            return;
        }
        double mean = sum / counted;
        double squares = 0;
        for (double r : rate) {
            if (r >= 0) {
                squares += (r - mean) * (r - mean);
            }
        }
        double stdev = Math.sqrt(squares / counted);
        double threshold = mean - successRateStdevFactor * stdev;
        for (int i = 0; i < list.size(); i++) {
            if (rate[i] >= 0 && rate[i] < threshold) {
                tryEject(list.get(i), OutlierEvent.Reason.SUCCESS_RATE, enforcingSuccessRate, now, out);
            }
        }
    }

    private void failurePercentage(List<Host> list, long[] ok, long[] failed, long now, List<OutlierEvent> out) {
        int counted = 0;
        for (int i = 0; i < list.size(); i++) {
            long volume = ok[i] + failed[i];
            if (volume >= failurePercentageRequestVolume && volume > 0) {
                counted++;
            }
        }
        if (counted < failurePercentageMinimumHosts || counted == 0) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            long volume = ok[i] + failed[i];
            if (volume >= failurePercentageRequestVolume && volume > 0
                    && 100.0 * failed[i] / volume >= failurePercentageThreshold) {
                tryEject(list.get(i), OutlierEvent.Reason.FAILURE_PERCENTAGE, enforcingFailurePercentage, now, out);
            }
        }
    }

    private void tryEject(Host host, OutlierEvent.Reason reason, int enforcing, long now, List<OutlierEvent> out) {
        if (enforcing <= 0 || (enforcing < 100 && random.nextInt(100) >= enforcing)) {
            return;
        }
        synchronized (lock) {
            Map<String, Host> current = hosts;
            if (host.ejected || current.get(host.instance.instanceId()) != host) {
                return;
            }
            int total = current.size();
            int ejected = ejectedCount;
            if (ejected > 0 && (long) (ejected + 1) * 100 > (long) maxEjectionPercent * total) {
                LOG.debug("outlier {} ({}) not ejected: {} of {} hosts already ejected, max {}%",
                        host.instance, reason, ejected, total, maxEjectionPercent);
                if (events.hasListeners()) {
                    out.add(new OutlierEvent.EjectionSkipped(host.instance, reason, ejected, total, time.instant()));
                }
                return;
            }
            if (host.multiplier < maxMultiplier) {
                host.multiplier++;
            }
            host.ejected = true;
            host.ejectedAtNanos = now;
            host.ejectionNanos = Math.min(maxEjectionNanos, saturatedMultiply(baseEjectionNanos, host.multiplier));
            ejectedCount = ejected + 1;
            version++;
            LOG.info("ejected outlier {} ({}) for {}", host.instance, reason, Duration.ofNanos(host.ejectionNanos));
            if (events.hasListeners()) {
                out.add(new OutlierEvent.HostEjected(host.instance, reason, Duration.ofNanos(host.ejectionNanos),
                        host.multiplier, ejected + 1, total, time.instant()));
            }
        }
    }

    private static long saturatedMultiply(long a, int b) {
        long r = a * b;
        return (b != 0 && r / b != a) ? Long.MAX_VALUE : r;
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
                && (long) eligible.size() * 100 < (long) panicThreshold * candidates.size();
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
        synchronized (lock) {
            if (panic == on) {
                return;
            }
            panic = on;
        }
        if (on) {
            LOG.warn("panic mode: only {} of {} hosts eligible; load balancing over all of them", eligible, total);
        }
        events.publish(() -> new OutlierEvent.PanicModeChanged(on, eligible, total, time.instant()));
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

    /** Adds a listener for every {@link OutlierEvent}. */
    public EventPublisher.Registration subscribe(EventListener<? super OutlierEvent> listener) {
        return events.subscribe(listener);
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

    /** Builds an {@link OutlierDetector}; not threadsafe. */
    public static final class Builder {
        private TimeSource time = TimeSource.system();
        private RandomGenerator random = Randoms.threadLocal();
        private Scheduler scheduler;
        private Duration interval = Duration.ofSeconds(10);
        private Duration baseEjectionTime = Duration.ofSeconds(30);
        private Duration maxEjectionTime = Duration.ofSeconds(300);
        private int maxEjectionPercent = 10;
        private int consecutive5xx = 5;
        private int enforcingConsecutive5xx = 100;
        private int consecutiveGatewayFailure = 5;
        private int enforcingConsecutiveGatewayFailure = 0;
        private int enforcingSuccessRate = 100;
        private int successRateMinimumHosts = 5;
        private int successRateRequestVolume = 100;
        private double successRateStdevFactor = 1.9;
        private int failurePercentageThreshold = 85;
        private int enforcingFailurePercentage = 0;
        private int failurePercentageMinimumHosts = 5;
        private int failurePercentageRequestVolume = 50;
        private int panicThreshold = 50;

        private Builder() {
        }

        /** Where the detector reads time. Default {@link TimeSource#system()}. */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time must not be null");
            return this;
        }

        /** The random source for {@code enforcing*} draws; seed it for repeatable tests. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        /** Runs {@link #runInterval()} every {@code interval}. Without one, call it yourself. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /** Time between analysis sweeps; &gt; 0. Default 10 s. */
        public Builder interval(Duration interval) {
            this.interval = positive(interval, "interval");
            return this;
        }

        /** Ejection time of a first ejection; &gt; 0. Default 30 s. */
        public Builder baseEjectionTime(Duration time) {
            this.baseEjectionTime = positive(time, "baseEjectionTime");
            return this;
        }

        /** Cap of the ejection time (raised to the base time if lower); &gt; 0. Default 300 s. */
        public Builder maxEjectionTime(Duration time) {
            this.maxEjectionTime = positive(time, "maxEjectionTime");
            return this;
        }

        /** Largest share of hosts ejected at once, in [0, 100] (one host may always be ejected). Default 10. */
        public Builder maxEjectionPercent(int percent) {
            this.maxEjectionPercent = percent(percent, "maxEjectionPercent");
            return this;
        }

        /** Failures in a row that eject a host, in [1, 1000000]. Default 5. */
        public Builder consecutive5xx(int count) {
            this.consecutive5xx = count(count, "consecutive5xx");
            return this;
        }

        /** Chance in percent that a consecutive-5xx outlier is ejected, in [0, 100]. Default 100. */
        public Builder enforcingConsecutive5xx(int percent) {
            this.enforcingConsecutive5xx = percent(percent, "enforcingConsecutive5xx");
            return this;
        }

        /** Gateway failures in a row that eject a host, in [1, 1000000]. Default 5. */
        public Builder consecutiveGatewayFailure(int count) {
            this.consecutiveGatewayFailure = count(count, "consecutiveGatewayFailure");
            return this;
        }

        /** Chance in percent that a gateway-failure outlier is ejected, in [0, 100]. Default 0 (Envoy's). */
        public Builder enforcingConsecutiveGatewayFailure(int percent) {
            this.enforcingConsecutiveGatewayFailure = percent(percent, "enforcingConsecutiveGatewayFailure");
            return this;
        }

        /** Chance in percent that a success-rate outlier is ejected, in [0, 100]. Default 100. */
        public Builder enforcingSuccessRate(int percent) {
            this.enforcingSuccessRate = percent(percent, "enforcingSuccessRate");
            return this;
        }

        /** Hosts with enough volume needed for success-rate detection, in [1, 1000000]. Default 5. */
        public Builder successRateMinimumHosts(int hosts) {
            this.successRateMinimumHosts = count(hosts, "successRateMinimumHosts");
            return this;
        }

        /** Calls in an interval for a host to count in success-rate detection, in [1, 1000000]. Default 100. */
        public Builder successRateRequestVolume(int volume) {
            this.successRateRequestVolume = count(volume, "successRateRequestVolume");
            return this;
        }

        /** The stdev factor (Envoy's {@code success_rate_stdev_factor} / 1000), in (0, 100]. Default 1.9. */
        public Builder successRateStdevFactor(double factor) {
            if (!(factor > 0 && factor <= 100)) {
                throw new IllegalArgumentException("successRateStdevFactor must be in (0, 100], but was " + factor);
            }
            this.successRateStdevFactor = factor;
            return this;
        }

        /** Failure percentage that ejects a host, in [0, 100]. Default 85. */
        public Builder failurePercentageThreshold(int percent) {
            this.failurePercentageThreshold = percent(percent, "failurePercentageThreshold");
            return this;
        }

        /** Chance in percent that a failure-percentage outlier is ejected, in [0, 100]. Default 0 (Envoy's). */
        public Builder enforcingFailurePercentage(int percent) {
            this.enforcingFailurePercentage = percent(percent, "enforcingFailurePercentage");
            return this;
        }

        /** Hosts with enough volume needed for failure-percentage detection, in [1, 1000000]. Default 5. */
        public Builder failurePercentageMinimumHosts(int hosts) {
            this.failurePercentageMinimumHosts = count(hosts, "failurePercentageMinimumHosts");
            return this;
        }

        /** Calls in an interval for a host to count in failure-percentage detection, in [1, 1000000]. Default 50. */
        public Builder failurePercentageRequestVolume(int volume) {
            this.failurePercentageRequestVolume = count(volume, "failurePercentageRequestVolume");
            return this;
        }

        /** Below this percentage of eligible candidates, all are used (panic), in [0, 100]; 0 disables. Default 50. */
        public Builder panicThreshold(int percent) {
            this.panicThreshold = percent(percent, "panicThreshold");
            return this;
        }

        /** Builds the detector and, with a scheduler, starts its interval task. */
        public OutlierDetector build() {
            return new OutlierDetector(this);
        }

        private static int percent(int value, String field) {
            if (value < 0 || value > 100) {
                throw new IllegalArgumentException(field + " must be in [0, 100], but was " + value);
            }
            return value;
        }

        private static int count(int value, String field) {
            if (value < 1 || value > 1_000_000) {
                throw new IllegalArgumentException(field + " must be in [1, 1000000], but was " + value);
            }
            return value;
        }

        private static Duration positive(Duration value, String field) {
            Objects.requireNonNull(value, field + " must not be null");
            if (value.isNegative() || value.isZero() || value.compareTo(HealthCheck.MAX_DURATION) > 0) {
                throw new IllegalArgumentException(field + " must be in (0, " + HealthCheck.MAX_DURATION
                        + "], but was " + value);
            }
            return value;
        }
    }
}
