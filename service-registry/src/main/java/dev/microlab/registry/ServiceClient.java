package dev.microlab.registry;

import dev.microlab.core.function.CheckedFunction;
import dev.microlab.registry.internal.InstancePool;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>The {@link OutlierDetector}, if any, drops ejected instances (all come back in panic mode).</li>
 *   <li>The {@link LoadBalancer} picks one; none left throws {@link NoInstanceAvailableException}.</li>
 *   <li>The instance's pool limit, if set, admits the call or throws {@link PoolOverflowException}.</li>
 *   <li>The call runs with the chosen instance; its result or exception is classified by the
 *       {@link OutcomeClassifier} and recorded in the detector.</li>
 * </ol>
 *
 * <p>The decorator wraps steps 1–6 as one attempt, so a retry there picks again.
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
    private final OutcomeClassifier classifier;
    private final InFlightRequests inFlight;
    private final ConcurrentHashMap<String, InstancePool> pools = new ConcurrentHashMap<>();
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
        this.classifier = b.classifier;
        this.inFlight = b.inFlight;
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
    public <T> T call(RequestAttributes attributes, CheckedFunction<ServiceInstance, T> call) throws Exception {
        Objects.requireNonNull(attributes, "attributes must not be null");
        Objects.requireNonNull(call, "call must not be null");
        return decorator.<T>decorate(() -> attempt(attributes, call)).get();
    }

    /**
     * Runs steps 1–4 only: the instance a call with {@code attributes} would go to now (it also
     * consumes a load-balancer turn).
     */
    public ServiceInstance choose(RequestAttributes attributes) {
        Objects.requireNonNull(attributes, "attributes must not be null");
        ServiceSnapshot snapshot = registry.snapshot(service);
        syncWith(snapshot);
        List<ServiceInstance> base = passingOnly ? snapshot.passing() : snapshot.instances();
        String subset = null;
        List<ServiceInstance> candidates = base;
        if (router != null) {
            RouteDecision decision = router.decide(attributes)
                    .orElseThrow(() -> new NoRouteException(service, attributes));
            subset = decision.subset();
            candidates = router.subset(base, subset);
        }
        if (detector != null) {
            candidates = detector.filter(candidates);
        }
        String chosenSubset = subset;
        return balancer.choose(subset == null ? "" : subset, candidates).orElseThrow(
                () -> new NoInstanceAvailableException(service, chosenSubset, snapshot.instances().size()));
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

    private <T> T attempt(RequestAttributes attributes, CheckedFunction<ServiceInstance, T> call) throws Exception {
        ServiceInstance target = choose(attributes);
        InstancePool pool = poolSettings == null ? null
                : pools.computeIfAbsent(target.instanceId(), id -> new InstancePool(target, poolSettings));
        if (pool != null) {
            pool.acquire();
        }
        inFlight.increment(target);
        try {
            T result = call.apply(target);
            record(target, result, null);
            return result;
        } catch (Exception e) {
            record(target, null, e);
            throw e;
        } finally {
            inFlight.decrement(target);
            if (pool != null) {
                pool.release();
            }
        }
    }

    /** Classifies and records an outcome; a classifier that throws is logged and never breaks the call. */
    private void record(ServiceInstance target, Object result, Exception error) {
        if (detector == null) {
            return;
        }
        CallOutcome outcome;
        try {
            outcome = classifier.classify(result, error);
        } catch (RuntimeException e) {
            LOG.warn("the outcome classifier of '{}' threw on {}; the outcome is not recorded", service,
                    error != null ? error : result, e);
            return;
        }
        if (outcome != null) {
            detector.record(target, outcome);
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
            if (!pools.isEmpty()) {
                Set<String> present = new HashSet<>();
                snapshot.instances().forEach(i -> present.add(i.instanceId()));
                pools.keySet().retainAll(present);
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
        private OutcomeClassifier classifier = OutcomeClassifier.standard();
        private InFlightRequests inFlight = new InFlightRequests();

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
