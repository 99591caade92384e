package dev.microlab.registry;

import dev.microlab.core.function.CheckedFunction;
import dev.microlab.core.time.TimeSource;
import dev.microlab.registry.internal.InstancePool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one service the way a sidecar proxy would, in process: discovery → routing → outlier
 * filtering → load balancing → connection-pool limit → the call, wrapped by a pluggable
 * {@link CallDecorator} → the outcome recorded for outlier detection.
 *
 * <ol>
 *   <li>Discovery reads the service's current {@link ServiceSnapshot} (passing instances only,
 *       unless configured otherwise) and keeps the outlier detector's host set in step with it.</li>
 *   <li>The {@link TrafficRouter}, if any, picks a route and a subset; no matching route throws
 *       {@link NoRouteException}.</li>
 *   <li>The {@link OutlierDetector}, if any, drops ejected instances (all come back in panic mode;
 *       with {@link Builder#healthyPanicThreshold} Envoy's panic over all instances applies instead).
 *       A retry of the same call leaves out the instances it already tried, while others remain.</li>
 *   <li>The {@link LoadBalancer} picks one, with the subset as its group; with
 *       {@link Builder#circuitBreakerPerInstance} an instance whose breaker refuses is skipped and the
 *       balancer picks again among the others. None left throws {@link NoInstanceAvailableException}.</li>
 *   <li>The instance's pool limit, if set, admits the call or throws {@link PoolOverflowException}.</li>
 *   <li>The call runs with the chosen instance, wrapped by the {@link InstanceCallDecorator}; its
 *       result or exception is classified by the {@link OutcomeClassifier} (told the instance) and
 *       recorded in the detector and in the instance's breaker.</li>
 * </ol>
 *
 * <p>The {@link CallDecorator} wraps steps 1–6 as one attempt, so a retry there picks again, and
 * elsewhere.
 *
 * <pre>{@code
 * ServiceClient users = ServiceClient.builder(registry, "user-service")
 *         .router(canaryRouter)
 *         .outlierDetector(detector)
 *         .loadBalancer(LoadBalancer.roundRobin())
 *         .connectionPool(ConnectionPoolSettings.of(10, 10, Duration.ofMillis(100)))
 *         .callDecorator(CallDecorator.of(circuitBreaker))
 *         .build();
 * HttpResponse<String> response = users.call(RequestAttributes.of("canary", "true"),
 *         instance -> http.send(get(instance, "/users/42"), BodyHandlers.ofString()));
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class ServiceClient {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceClient.class);

    private final ServiceRegistry registry;
    private final String service;
    private final boolean passingOnly;
    private final TrafficRouter router;
    private final OutlierDetector detector;
    private final LoadBalancer balancer;
    private final ConnectionPoolSettings poolSettings;
    private final CallDecorator decorator;
    private final InstanceCallDecorator instanceDecorator;
    private final OutcomeClassifier classifier;
    private final InFlightRequests inFlight;
    private final Function<ServiceInstance, InstanceCircuitBreaker> breakerFactory;
    private final boolean retryOtherInstances;
    private final int healthyPanicThreshold; // -1: not set, panic is the detector's among passing instances
    private final TimeSource time;
    private final ConcurrentHashMap<String, InstancePool> pools = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, InstanceCircuitBreaker> breakers = new ConcurrentHashMap<>();
    /** The last derived candidate list per purpose and group, reused while equal (see {@link #stable}). */
    private final ConcurrentHashMap<String, List<ServiceInstance>> derived = new ConcurrentHashMap<>();
    private final Object syncLock = new Object();
    private volatile long syncedIndex = -1;

    private ServiceClient(Builder b) {
        this.registry = b.registry;
        this.service = b.service;
        this.passingOnly = b.passingOnly;
        this.router = b.router;
        this.detector = b.detector;
        this.balancer = b.balancer;
        this.poolSettings = b.poolSettings;
        this.decorator = b.decorator;
        this.instanceDecorator = b.instanceDecorator;
        this.classifier = b.classifier;
        this.inFlight = b.inFlight;
        this.breakerFactory = b.breakerFactory;
        this.retryOtherInstances = b.retryOtherInstances;
        this.healthyPanicThreshold = b.healthyPanicThreshold;
        this.time = b.time;
    }

    /** A client of {@code service} discovered through {@code registry}. */
    public static Builder builder(ServiceRegistry registry, String service) {
        return new Builder(registry, service);
    }

    /** The service this client calls. */
    public String service() {
        return service;
    }

    /** Calls the service with no request attributes; see {@link #call(RequestAttributes, CheckedFunction)}. */
    public <T> T call(CheckedFunction<ServiceInstance, T> call) throws Exception {
        return call(RequestAttributes.empty(), call);
    }

    /**
     * Calls the service: picks an instance for {@code attributes} and runs {@code call} with it,
     * under the decorator.
     *
     * @return what {@code call} returned
     * @throws NoRouteException             if no route matches
     * @throws NoInstanceAvailableException if no instance is left to call
     * @throws PoolOverflowException        if the chosen instance's pool is full
     * @throws Exception                    what {@code call} or the decorator's policies threw
     */
    @SuppressWarnings("unchecked")
    public <T> T call(RequestAttributes attributes, CheckedFunction<ServiceInstance, T> call) throws Exception {
        Objects.requireNonNull(attributes, "attributes must not be null");
        Objects.requireNonNull(call, "call must not be null");
        Tried tried = retryOtherInstances ? new Tried() : null;
        return (T) decorator.decorate(() -> attempt(attributes, call, tried)).get();
    }

    /**
     * Runs steps 1–4 only: the instance a call with {@code attributes} would go to now (it also
     * consumes a load-balancer turn; a per-instance breaker's permission is asked and given back).
     */
    public ServiceInstance choose(RequestAttributes attributes) {
        Objects.requireNonNull(attributes, "attributes must not be null");
        ServiceInstance target = choose(attributes, null);
        if (breakerFactory != null) {
            breaker(target).releasePermission();
        }
        return target;
    }

    /** Picks an instance; with per-instance breakers, the one returned holds a permission. */
    private ServiceInstance choose(RequestAttributes attributes, Tried tried) {
        ServiceSnapshot snapshot = registry.snapshot(service);
        syncWith(snapshot);
        boolean envoyPanic = healthyPanicThreshold >= 0;
        List<ServiceInstance> base = passingOnly && !envoyPanic ? snapshot.passing() : snapshot.instances();
        String subset = null;
        List<ServiceInstance> candidates = base;
        if (router != null) {
            RouteDecision decision = router.decide(attributes)
                    .orElseThrow(() -> new NoRouteException(service, attributes));
            subset = decision.subset();
            candidates = router.subset(base, subset);
        }
        String group = subset == null ? "" : subset;
        if (envoyPanic) {
            candidates = stable("healthy/" + group, healthyOrAll(snapshot, candidates));
        } else if (detector != null) {
            candidates = detector.filter(candidates);
        }
        if (tried != null && tried.any()) {
            candidates = stable("untried/" + group, tried.without(candidates));
        }
        List<ServiceInstance> left = candidates;
        while (true) {
            Optional<ServiceInstance> pick = balancer.choose(group, left);
            if (pick.isEmpty()) {
                throw new NoInstanceAvailableException(service, subset, snapshot.instances().size());
            }
            ServiceInstance target = pick.get();
            if (breakerFactory == null || breaker(target).tryAcquirePermission()) {
                return target;
            }
            // its breaker is open: skip it, not a failure of the instance
            List<ServiceInstance> rest = new ArrayList<>(left.size());
            for (ServiceInstance i : left) {
                if (!i.instanceId().equals(target.instanceId())) {
                    rest.add(i);
                }
            }
            left = stable("closed/" + group + "/" + rest.size(), rest);
        }
    }

    /**
     * {@code fresh}, or the list returned last time for {@code key} when it is equal: a derived
     * candidate list keeps its identity while its content does not change, so a stateful balancer
     * (the smooth weighted round robin) stays on its fast path instead of seeing a new list per call.
     */
    private List<ServiceInstance> stable(String key, List<ServiceInstance> fresh) {
        List<ServiceInstance> previous = derived.get(key);
        if (previous != null && (previous == fresh || previous.equals(fresh))) {
            return previous;
        }
        List<ServiceInstance> copy = fresh instanceof ArrayList ? List.copyOf(fresh) : fresh;
        derived.put(key, copy);
        return copy;
    }

    /**
     * Envoy's panic threshold: healthy means passing its checks and not ejected; below
     * {@code healthyPanicThreshold} percent of healthy candidates, every candidate is used.
     */
    private List<ServiceInstance> healthyOrAll(ServiceSnapshot snapshot, List<ServiceInstance> candidates) {
        List<ServiceInstance> healthy = new ArrayList<>(candidates.size());
        for (ServiceInstance instance : candidates) {
            if (snapshot.statusOf(instance.instanceId()) == HealthStatus.PASSING
                    && (detector == null || !detector.isEjected(instance))) {
                healthy.add(instance);
            }
        }
        if ((long) healthy.size() * 100 < (long) healthyPanicThreshold * candidates.size()) {
            LOG.debug("panic: {} of {} instances of '{}' healthy; using all of them", healthy.size(),
                    candidates.size(), service);
            return candidates;
        }
        return healthy.size() == candidates.size() ? candidates : healthy;
    }

    private InstanceCircuitBreaker breaker(ServiceInstance instance) {
        return breakers.computeIfAbsent(instance.instanceId(), id -> Objects.requireNonNull(
                breakerFactory.apply(instance), "the circuit-breaker factory returned null for " + instance));
    }

    /** Requests running now against {@code instance} through this client. */
    public int inFlight(ServiceInstance instance) {
        return inFlight.get(instance);
    }

    /** Requests waiting now for a pool slot of {@code instance}; 0 without a pool limit. */
    public int pending(ServiceInstance instance) {
        Objects.requireNonNull(instance, "instance must not be null");
        InstancePool pool = pools.get(instance.instanceId());
        return pool == null ? 0 : pool.pending();
    }

    private <T> Object attempt(RequestAttributes attributes, CheckedFunction<ServiceInstance, T> call, Tried tried)
            throws Exception {
        ServiceInstance target = choose(attributes, tried);
        InstanceCircuitBreaker breaker = breakerFactory == null ? null : breaker(target);
        if (tried != null) {
            tried.add(target);
        }
        InstancePool pool = poolSettings == null ? null
                : pools.computeIfAbsent(target.instanceId(), id -> new InstancePool(target, poolSettings));
        if (pool != null) {
            try {
                pool.acquire();
            } catch (RuntimeException | Error e) {
                if (breaker != null) {
                    breaker.releasePermission(); // an overflow never reached the instance
                }
                throw e;
            }
        }
        inFlight.increment(target);
        long start = breaker == null ? 0 : time.nanoTime();
        try {
            Object result = instanceDecorator.decorate(target, () -> call.apply(target)).get();
            record(target, breaker, start, result, null);
            return result;
        } catch (Exception e) {
            record(target, breaker, start, null, e);
            throw e;
        } catch (Error e) {
            if (breaker != null) {
                breaker.releasePermission(); // nothing was learnt about the instance; do not hold its permit
            }
            throw e;
        } finally {
            inFlight.decrement(target);
            if (pool != null) {
                pool.release();
            }
        }
    }

    /** Classifies and records an outcome; a classifier that throws is logged and never breaks the call. */
    private void record(ServiceInstance target, InstanceCircuitBreaker breaker, long start, Object result,
                        Exception error) {
        if (detector == null && breaker == null) {
            return;
        }
        CallOutcome outcome;
        try {
            outcome = classifier.classify(target, result, error);
        } catch (RuntimeException e) {
            LOG.warn("the outcome classifier of '{}' threw on {}; the outcome is not recorded", service,
                    error != null ? error : result, e);
            if (breaker != null) {
                breaker.releasePermission();
            }
            return;
        }
        if (outcome != null && detector != null) {
            detector.record(target, outcome);
        }
        if (breaker != null) {
            long took = time.nanoTime() - start;
            if (outcome == null) {
                breaker.releasePermission();
            } else if (outcome.isFailure()) {
                breaker.onError(took, error != null ? error : new InstanceCallFailedException(target, outcome));
            } else {
                breaker.onSuccess(took);
            }
        }
    }

    /** The instances one call has tried, so that a retry goes elsewhere while somewhere else is left. */
    private static final class Tried {
        private final Set<String> ids = ConcurrentHashMap.newKeySet();

        boolean any() {
            return !ids.isEmpty();
        }

        void add(ServiceInstance instance) {
            ids.add(instance.instanceId());
        }

        List<ServiceInstance> without(List<ServiceInstance> candidates) {
            List<ServiceInstance> fresh = new ArrayList<>(candidates.size());
            for (ServiceInstance instance : candidates) {
                if (!ids.contains(instance.instanceId())) {
                    fresh.add(instance);
                }
            }
            // Envoy's previous_hosts predicate gives up after its attempts: with nothing new, reuse them
            return fresh.isEmpty() ? candidates : fresh;
        }
    }

    /**
     * On a new snapshot: keeps the detector's hosts equal to the service's instances and forgets
     * the pools of instances that left (a call still running on one releases into the pool it holds).
     */
    private void syncWith(ServiceSnapshot snapshot) {
        if (snapshot.index() <= syncedIndex) {
            return;
        }
        synchronized (syncLock) {
            if (snapshot.index() <= syncedIndex) {
                return;
            }
            if (detector != null) {
                detector.updateHosts(snapshot.instances());
            }
            if (!pools.isEmpty() || !breakers.isEmpty()) {
                Set<String> present = new HashSet<>();
                snapshot.instances().forEach(i -> present.add(i.instanceId()));
                pools.keySet().retainAll(present);
                breakers.keySet().retainAll(present);
            }
            syncedIndex = snapshot.index();
        }
    }

    @Override
    public String toString() {
        return "ServiceClient[" + service + ", balancer=" + balancer + "]";
    }

    /** Builds a {@link ServiceClient}; not threadsafe. */
    public static final class Builder {
        private final ServiceRegistry registry;
        private final String service;
        private boolean passingOnly = true;
        private TrafficRouter router;
        private OutlierDetector detector;
        private LoadBalancer balancer = LoadBalancer.roundRobin();
        private ConnectionPoolSettings poolSettings;
        private CallDecorator decorator = CallDecorator.identity();
        private InstanceCallDecorator instanceDecorator = InstanceCallDecorator.identity();
        private OutcomeClassifier classifier = OutcomeClassifier.standard();
        private InFlightRequests inFlight = new InFlightRequests();
        private Function<ServiceInstance, InstanceCircuitBreaker> breakerFactory;
        private boolean retryOtherInstances = true;
        private int healthyPanicThreshold = -1;
        private TimeSource time = TimeSource.system();

        private Builder(ServiceRegistry registry, String service) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
            this.service = ServiceInstance.requireName(service, "service");
        }

        /** Whether only passing instances are candidates. Default true. */
        public Builder passingOnly(boolean passingOnly) {
            this.passingOnly = passingOnly;
            return this;
        }

        /** Routes requests to subsets. Default: none, every request goes to every instance. */
        public Builder router(TrafficRouter router) {
            this.router = Objects.requireNonNull(router, "router must not be null");
            return this;
        }

        /**
         * Filters out ejected instances and learns from each call's outcome. The client keeps the
         * detector's host set equal to the service's instances: use one detector per client.
         */
        public Builder outlierDetector(OutlierDetector detector) {
            this.detector = Objects.requireNonNull(detector, "detector must not be null");
            return this;
        }

        /** Picks the instance. Default {@link LoadBalancer#roundRobin()}. */
        public Builder loadBalancer(LoadBalancer balancer) {
            this.balancer = Objects.requireNonNull(balancer, "balancer must not be null");
            return this;
        }

        /** Per-instance limits. Default: none. */
        public Builder connectionPool(ConnectionPoolSettings settings) {
            this.poolSettings = Objects.requireNonNull(settings, "settings must not be null");
            return this;
        }

        /** Wraps each attempt (circuit breaker, retry...). Default {@link CallDecorator#identity()}. */
        public Builder callDecorator(CallDecorator decorator) {
            this.decorator = Objects.requireNonNull(decorator, "decorator must not be null");
            return this;
        }

        /**
         * Wraps the call to the chosen instance, told which one (a timeout or bulkhead per instance).
         * Default {@link InstanceCallDecorator#identity()}.
         */
        public Builder instanceDecorator(InstanceCallDecorator decorator) {
            this.instanceDecorator = Objects.requireNonNull(decorator, "decorator must not be null");
            return this;
        }

        /**
         * One circuit breaker per instance, made by {@code factory} on the instance's first pick: an
         * instance whose breaker refuses is skipped by the load balancer (its half-open trial comes
         * when the balancer next picks it after the wait, no scheduler needed); a refusal is not
         * recorded as a failure of the instance. The breaker learns each call's outcome from the
         * {@link OutcomeClassifier}. Breakers of instances that leave the registry are dropped.
         */
        public Builder circuitBreakerPerInstance(Function<ServiceInstance, InstanceCircuitBreaker> factory) {
            this.breakerFactory = Objects.requireNonNull(factory, "factory must not be null");
            return this;
        }

        /**
         * Whether a retry of the same call (a {@link CallDecorator} that runs the attempt again)
         * avoids the instances it already tried while others are left (Envoy's
         * {@code previous_hosts} retry predicate). Default true.
         */
        public Builder retryOtherInstances(boolean enabled) {
            this.retryOtherInstances = enabled;
            return this;
        }

        /**
         * Envoy's panic mode instead of the default one: every instance is a candidate, healthy
         * ones are those passing their checks and not ejected, and when fewer than {@code percent}
         * of the candidates are healthy, all of them are used, failing checks included. 0 disables
         * panic (Istio's {@code minHealthPercent} default). Without this option (the default) only
         * passing instances are candidates and the detector's panic threshold applies among them:
         * an instance that fails its active checks is usually down, and sending it traffic in a
         * panic only adds errors; Envoy accepts that to avoid overloading the few survivors.
         *
         * @throws IllegalArgumentException if {@code percent} is not in [0, 100]
         */
        public Builder healthyPanicThreshold(int percent) {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("healthyPanicThreshold must be in [0, 100], but was " + percent);
            }
            this.healthyPanicThreshold = percent;
            return this;
        }

        /** Where call durations for per-instance breakers are read. Default {@link TimeSource#system()}. */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time must not be null");
            return this;
        }

        /** Classifies outcomes for the detector. Default {@link OutcomeClassifier#standard()}. */
        public Builder outcomeClassifier(OutcomeClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier must not be null");
            return this;
        }

        /** The counters of outstanding requests, to share with a least-request balancer. */
        public Builder inFlightRequests(InFlightRequests inFlight) {
            this.inFlight = Objects.requireNonNull(inFlight, "inFlight must not be null");
            return this;
        }

        /** Builds the client. */
        public ServiceClient build() {
            return new ServiceClient(this);
        }
    }
}
