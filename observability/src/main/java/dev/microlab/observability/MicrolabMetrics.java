package dev.microlab.observability;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.bulkhead.BulkheadEvent;
import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.ratelimiter.RateLimiterEvent;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.retry.RetryEvent;
import dev.microlab.core.time.TimeSource;
import dev.microlab.core.timeout.TimeLimiter;
import dev.microlab.core.timeout.TimeLimiterEvent;
import dev.microlab.cqrs.Projection;
import dev.microlab.cqrs.ProjectionEvent;
import dev.microlab.cqrs.ProjectionStatus;
import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.SubscriptionState;
import dev.microlab.messaging.Broker;
import dev.microlab.messaging.BrokerEvent;
import dev.microlab.messaging.InProcessBroker;
import dev.microlab.registry.HealthStatus;
import dev.microlab.registry.OutlierDetector;
import dev.microlab.registry.OutlierEvent;
import dev.microlab.registry.RegistryEvent;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import dev.microlab.saga.SagaEvent;
import dev.microlab.saga.SagaOrchestrator;
import dev.microlab.saga.SagaState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for every microlab pattern: what resilience4j-micrometer does for
 * Resilience4j, for the breaker, the core policies, the event store, projections, sagas and the
 * service registry.
 *
 * <pre>{@code
 * MicrolabMetrics metrics = MicrolabMetrics.of(meterRegistry);
 * metrics.bind(breaker);                       // microlab.circuitbreaker.* tagged name=<breaker>
 * metrics.bind(retry);
 * EventStore store = metrics.instrument("orders", fileStore);   // timers around append/read
 * }</pre>
 *
 * <p><b>What a bound component costs.</b> Meters that describe state (a breaker's state and
 * rates, a bulkhead's free permits, a projection's position) are gauges and function counters
 * read from the component <em>when the registry is scraped</em>: nothing runs on the call path,
 * so a bound breaker's CLOSED call allocates no more than an unbound one. Meters that count
 * outcomes the component does not keep (retry outcomes, time-outs, saga ends, ejections) listen
 * to its events; their counters are resolved once at bind time, so a call pays for the event the
 * component publishes and one counter increment, never a tag array.
 *
 * <p><b>Names and tags</b> follow Micrometer's conventions: lower-case dot-separated names under
 * {@code microlab.}, base units (seconds, via {@link Timer}), and tags whose values are bounded —
 * a component's name, a state, an outcome — never a saga id, an event id or an instance address.
 *
 * <p><b>Binding is idempotent</b>: binding the same component twice returns the first
 * {@link MeterBinding}; closing that binding removes the component's meters.
 *
 * <p>This class is threadsafe.
 */
public final class MicrolabMetrics {

    private final MeterRegistry registry;
    private final TimeSource timeSource;
    private final Map<BindingKey, MeterBinding> bindings = new HashMap<>();

    private MicrolabMetrics(MeterRegistry registry, TimeSource timeSource) {
        this.registry = registry;
        this.timeSource = timeSource;
    }

    /** Binds to {@code registry}; durations measured here (saga steps) use the system clock. */
    public static MicrolabMetrics of(MeterRegistry registry) {
        return of(registry, TimeSource.system());
    }

    /** Binds to {@code registry}, measuring the durations it times itself with {@code timeSource}. */
    public static MicrolabMetrics of(MeterRegistry registry, TimeSource timeSource) {
        Objects.requireNonNull(registry, "registry must not be null");
        Objects.requireNonNull(timeSource, "timeSource must not be null");
        return new MicrolabMetrics(registry, timeSource);
    }

    /** The registry the meters go to. */
    public MeterRegistry registry() {
        return registry;
    }

    // ---------------------------------------------------------------- circuit breaker

    /**
     * {@code microlab.circuitbreaker.state} (1 for the current state, one gauge per state),
     * {@code .failure.rate} and {@code .slow.call.rate} (percent, -1 while too few calls were
     * recorded, as Resilience4j reports), {@code .buffered.calls} by {@code kind}
     * (successful/failed), {@code .slow.calls}, and {@code .not.permitted.calls} (a counter).
     * All are read from {@link CircuitBreaker#metrics()} at scrape time.
     */
    public MeterBinding bind(CircuitBreaker breaker) {
        Objects.requireNonNull(breaker, "breaker must not be null");
        return bindOnce(breaker, b -> {
            Tags tags = Tags.of("name", breaker.name());
            for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
                b.gauge("microlab.circuitbreaker.state", "1 when the breaker is in this state, else 0", null,
                        tags.and("state", lower(state)), breaker, cb -> cb.state() == state ? 1 : 0);
            }
            b.gauge("microlab.circuitbreaker.failure.rate", "failure rate of the current window (-1: too few calls)",
                    "percent", tags, breaker, cb -> cb.metrics().failureRate());
            b.gauge("microlab.circuitbreaker.slow.call.rate", "slow-call rate of the current window (-1: too few calls)",
                    "percent", tags, breaker, cb -> cb.metrics().slowCallRate());
            b.gauge("microlab.circuitbreaker.buffered.calls", "calls recorded in the current window", "calls",
                    tags.and("kind", "successful"), breaker, cb -> cb.metrics().successfulCalls());
            b.gauge("microlab.circuitbreaker.buffered.calls", "calls recorded in the current window", "calls",
                    tags.and("kind", "failed"), breaker, cb -> cb.metrics().failedCalls());
            b.gauge("microlab.circuitbreaker.slow.calls", "slow calls in the current window", "calls",
                    tags, breaker, cb -> cb.metrics().slowCalls());
            b.functionCounter("microlab.circuitbreaker.not.permitted.calls", "calls rejected since the last reset",
                    "calls", tags, breaker, cb -> cb.metrics().notPermittedCalls());
        });
    }

    // ---------------------------------------------------------------- core policies

    /**
     * {@code microlab.retry.calls} by {@code kind} — successful_without_retry,
     * successful_with_retry, failed_with_retry (exhausted), failed_without_retry (aborted or an
     * ignored error), Resilience4j's four kinds — and {@code microlab.retry.attempts}, the retries
     * scheduled.
     */
    public MeterBinding bind(Retry retry) {
        Objects.requireNonNull(retry, "retry must not be null");
        return bindOnce(retry, b -> {
            Tags tags = Tags.of("name", retry.name());
            String calls = "calls through the retry, by how they ended";
            Counter withoutRetry = b.counter("microlab.retry.calls", calls, tags.and("kind", "successful_without_retry"));
            Counter withRetry = b.counter("microlab.retry.calls", calls, tags.and("kind", "successful_with_retry"));
            Counter failedWithRetry = b.counter("microlab.retry.calls", calls, tags.and("kind", "failed_with_retry"));
            Counter failedWithoutRetry = b.counter("microlab.retry.calls", calls,
                    tags.and("kind", "failed_without_retry"));
            Counter attempts = b.counter("microlab.retry.attempts", "retries scheduled after a failed attempt", tags);
            b.subscribe(retry.eventPublisher(), (RetryEvent event) -> {
                if (event instanceof RetryEvent.Succeeded s) {
                    (s.attempts() > 1 ? withRetry : withoutRetry).increment();
                } else if (event instanceof RetryEvent.Exhausted) {
                    failedWithRetry.increment();
                } else if (event instanceof RetryEvent.Aborted || event instanceof RetryEvent.IgnoredError) {
                    failedWithoutRetry.increment();
                } else if (event instanceof RetryEvent.RetryScheduled) {
                    attempts.increment();
                }
            });
        });
    }

    /**
     * {@code microlab.bulkhead.available.concurrent.calls} and
     * {@code .max.allowed.concurrent.calls} (gauges), {@code .calls} by {@code kind}
     * (permitted/rejected/finished).
     */
    public MeterBinding bind(Bulkhead bulkhead) {
        Objects.requireNonNull(bulkhead, "bulkhead must not be null");
        return bindOnce(bulkhead, b -> {
            Tags tags = Tags.of("name", bulkhead.name());
            b.gauge("microlab.bulkhead.available.concurrent.calls", "permits free now", "calls", tags, bulkhead,
                    Bulkhead::availablePermits);
            b.gauge("microlab.bulkhead.max.allowed.concurrent.calls", "the concurrency limit", "calls", tags, bulkhead,
                    Bulkhead::maxConcurrentCalls);
            String calls = "calls through the bulkhead, by what happened to them";
            Counter permitted = b.counter("microlab.bulkhead.calls", calls, tags.and("kind", "permitted"));
            Counter rejected = b.counter("microlab.bulkhead.calls", calls, tags.and("kind", "rejected"));
            Counter finished = b.counter("microlab.bulkhead.calls", calls, tags.and("kind", "finished"));
            b.subscribe(bulkhead.eventPublisher(), (BulkheadEvent event) -> {
                if (event instanceof BulkheadEvent.CallPermitted) {
                    permitted.increment();
                } else if (event instanceof BulkheadEvent.CallRejected) {
                    rejected.increment();
                } else if (event instanceof BulkheadEvent.CallFinished) {
                    finished.increment();
                }
            });
        });
    }

    /**
     * {@code microlab.ratelimiter.available.permissions} (gauge), {@code .calls} by {@code kind}
     * (successful/failed, as Resilience4j names them) and {@code .wait} (a timer of the time a
     * permitted call waited for its permits).
     */
    public MeterBinding bind(RateLimiter limiter) {
        Objects.requireNonNull(limiter, "limiter must not be null");
        return bindOnce(limiter, b -> {
            Tags tags = Tags.of("name", limiter.name());
            b.gauge("microlab.ratelimiter.available.permissions", "permits available now", "permits", tags, limiter,
                    RateLimiter::availablePermits);
            String calls = "permission requests, by outcome";
            Counter permitted = b.counter("microlab.ratelimiter.calls", calls, tags.and("kind", "successful"));
            Counter rejected = b.counter("microlab.ratelimiter.calls", calls, tags.and("kind", "failed"));
            Timer waits = b.timer("microlab.ratelimiter.wait", "how long a permitted call waited for its permits", tags);
            b.subscribe(limiter.eventPublisher(), (RateLimiterEvent event) -> {
                if (event instanceof RateLimiterEvent.Permitted p) {
                    permitted.increment();
                    waits.record(p.waitTime());
                } else if (event instanceof RateLimiterEvent.Rejected) {
                    rejected.increment();
                }
            });
        });
    }

    /** {@code microlab.timelimiter.calls} by {@code kind}: successful, failed, timeout. */
    public MeterBinding bind(TimeLimiter limiter) {
        Objects.requireNonNull(limiter, "limiter must not be null");
        return bindOnce(limiter, b -> {
            Tags tags = Tags.of("name", limiter.name());
            String calls = "calls under the time limiter, by outcome";
            Counter ok = b.counter("microlab.timelimiter.calls", calls, tags.and("kind", "successful"));
            Counter failed = b.counter("microlab.timelimiter.calls", calls, tags.and("kind", "failed"));
            Counter timeout = b.counter("microlab.timelimiter.calls", calls, tags.and("kind", "timeout"));
            b.subscribe(limiter.eventPublisher(), (TimeLimiterEvent event) -> {
                if (event instanceof TimeLimiterEvent.Succeeded) {
                    ok.increment();
                } else if (event instanceof TimeLimiterEvent.Failed) {
                    failed.increment();
                } else if (event instanceof TimeLimiterEvent.TimedOut) {
                    timeout.increment();
                }
            });
        });
    }

    // ---------------------------------------------------------------- event store

    /**
     * Returns {@code store} wrapped so that every append and read is timed:
     * {@code microlab.eventstore.append} by {@code outcome} (success / conflict — a wrong
     * expected version — / error), {@code microlab.eventstore.read} by {@code kind}
     * (stream/all), {@code microlab.eventstore.appended.events}, and the gauge
     * {@code microlab.eventstore.last.position}. Use the returned store in place of the original.
     *
     * @param name a name for the store, the {@code name} tag
     */
    public EventStore instrument(String name, EventStore store) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(store, "store must not be null");
        InstrumentedEventStore[] created = new InstrumentedEventStore[1];
        bindOnce(store, "instrumented", b -> created[0] = new InstrumentedEventStore(store, name, timeSource, b));
        if (created[0] == null) {
            throw new IllegalStateException("store " + store + " is already instrumented: use the store"
                    + " instrument() returned the first time");
        }
        return created[0];
    }

    /**
     * {@code microlab.eventstore.subscription.lag}: how many positions the subscription's
     * checkpoint is behind {@code store}'s last position; {@code .position}; and
     * {@code .state} (1 for the current {@link SubscriptionState}).
     */
    public MeterBinding bind(CatchUpSubscription subscription, EventStore store) {
        Objects.requireNonNull(subscription, "subscription must not be null");
        Objects.requireNonNull(store, "store must not be null");
        return bindOnce(subscription, b -> {
            Tags tags = Tags.of("name", subscription.name());
            b.gauge("microlab.eventstore.subscription.lag", "positions behind the store's head", "events", tags,
                    subscription, s -> Math.max(0, store.lastPosition() - s.checkpoint()));
            b.gauge("microlab.eventstore.subscription.position", "the last position handled", null, tags,
                    subscription, CatchUpSubscription::checkpoint);
            for (SubscriptionState state : SubscriptionState.values()) {
                b.gauge("microlab.eventstore.subscription.state", "1 when the subscription is in this state", null,
                        tags.and("state", lower(state)), subscription, s -> s.state() == state ? 1 : 0);
            }
        });
    }

    // ---------------------------------------------------------------- messaging

    /**
     * Returns {@code broker} wrapped so that publishes are counted by the broker's answer
     * ({@code microlab.messaging.published} by {@code outcome}: confirmed, returned, rejected,
     * error) and every delivery a consumer handles is timed ({@code microlab.messaging.process} by
     * {@code queue} and {@code outcome}), with redeliveries counted. Use the returned broker in
     * place of the original. Queue depths: {@link #bindQueue}; dead letters of the in-process
     * broker: {@link #bind(InProcessBroker)}.
     *
     * @param name a name for the broker, the {@code name} tag
     */
    public Broker instrument(String name, Broker broker) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(broker, "broker must not be null");
        InstrumentedBroker[] created = new InstrumentedBroker[1];
        bindOnce(broker, "instrumented", b -> created[0] = new InstrumentedBroker(broker, name, timeSource, b));
        if (created[0] == null) {
            throw new IllegalStateException("broker " + broker + " is already instrumented: use the broker"
                    + " instrument() returned the first time");
        }
        return created[0];
    }

    /**
     * {@code microlab.messaging.queue.depth} (messages ready in {@code queue}) and
     * {@code microlab.messaging.queue.consumers}, read from {@link Broker#queueInfo} at scrape
     * time; a queue that no longer exists reads as NaN.
     */
    public MeterBinding bindQueue(Broker broker, String queue) {
        Objects.requireNonNull(broker, "broker must not be null");
        Objects.requireNonNull(queue, "queue must not be null");
        return bindOnce(broker, "queue " + queue, b -> {
            Tags tags = Tags.of("queue", queue);
            b.gauge("microlab.messaging.queue.depth", "messages ready in the queue (the consumers' backlog)",
                    "messages", tags, broker, br -> queueValue(br, queue, true));
            b.gauge("microlab.messaging.queue.consumers", "consumers attached to the queue", "consumers", tags,
                    broker, br -> queueValue(br, queue, false));
        });
    }



    private static double queueValue(Broker broker, String queue, boolean depth) {
        try {
            var info = broker.queueInfo(queue);
            return depth ? info.messageCount() : info.consumerCount();
        } catch (RuntimeException gone) {
            return Double.NaN;
        }
    }

    /**
     * The in-process broker's own reports: {@code microlab.messaging.dead.lettered} by
     * {@code queue} and {@code reason} (rejected, expired, maxlen, delivery_limit),
     * {@code .discarded}, {@code .unroutable} and {@code .publish.rejected}.
     */
    public MeterBinding bind(InProcessBroker broker) {
        Objects.requireNonNull(broker, "broker must not be null");
        return bindOnce(broker, b -> b.subscribe(broker.eventPublisher(), (BrokerEvent event) -> {
            if (event instanceof BrokerEvent.DeadLettered d) {
                b.counter("microlab.messaging.dead.lettered", "messages dead-lettered, by queue and reason",
                        Tags.of("queue", d.queue(), "reason", d.reason().toLowerCase(Locale.ROOT).replace('-', '_')))
                        .increment();
            } else if (event instanceof BrokerEvent.Discarded d) {
                b.counter("microlab.messaging.discarded", "messages dropped with no dead-letter exchange",
                        Tags.of("queue", d.queue(), "reason", d.reason().toLowerCase(Locale.ROOT).replace('-', '_')))
                        .increment();
            } else if (event instanceof BrokerEvent.Unroutable) {
                b.counter("microlab.messaging.unroutable", "messages that matched no queue", Tags.empty()).increment();
            } else if (event instanceof BrokerEvent.PublishRejected r) {
                b.counter("microlab.messaging.publish.rejected", "publishes refused by a full queue (reject-publish)",
                        Tags.of("queue", r.queue())).increment();
            }
        }));
    }

    // ---------------------------------------------------------------- cqrs

    /**
     * {@code microlab.projection.position}, {@code .lag} (positions behind {@code store}'s
     * head), {@code .status} (1 for the current status), {@code .dead.letters}, and counters
     * {@code .stops} and {@code .rebuilds}.
     */
    public MeterBinding bind(Projection<?> projection, EventStore store) {
        Objects.requireNonNull(projection, "projection must not be null");
        Objects.requireNonNull(store, "store must not be null");
        return bindOnce(projection, b -> {
            Tags tags = Tags.of("name", projection.name());
            b.gauge("microlab.projection.position", "the last position committed with the read model", null, tags,
                    projection, p -> p.position().current());
            b.gauge("microlab.projection.lag", "positions behind the store's head", "events", tags, projection,
                    p -> Math.max(0, store.lastPosition() - p.position().current()));
            for (ProjectionStatus status : ProjectionStatus.values()) {
                b.gauge("microlab.projection.status", "1 when the projection is in this status", null,
                        tags.and("status", lower(status)), projection, p -> p.status() == status ? 1 : 0);
            }
            b.gauge("microlab.projection.dead.letters", "events parked by the poison-event policy", "events", tags,
                    projection, p -> p.deadLetters().size());
            Counter stops = b.counter("microlab.projection.stops", "times the projection stopped on a failure", tags);
            Counter rebuilds = b.counter("microlab.projection.rebuilds", "rebuilds started", tags);
            b.subscribe(projection.eventPublisher(), (ProjectionEvent event) -> {
                if (event instanceof ProjectionEvent.Stopped) {
                    stops.increment();
                } else if (event instanceof ProjectionEvent.RebuildStarted) {
                    rebuilds.increment();
                }
            });
        });
    }

    // ---------------------------------------------------------------- saga

    /**
     * {@code microlab.saga.started} by {@code type}, {@code microlab.saga.ended} by {@code type}
     * and {@code state} (completed/compensated/failed), the gauge {@code microlab.saga.running},
     * and the timer {@code microlab.saga.step} by {@code type}, {@code step}, {@code phase}
     * (action/compensation) and {@code outcome} (success/failure), measured on this binder's
     * time source from a step's start to its outcome. Saga ids are never tags.
     */
    public MeterBinding bind(SagaOrchestrator orchestrator) {
        Objects.requireNonNull(orchestrator, "orchestrator must not be null");
        return bindOnce(orchestrator, b -> {
            b.gauge("microlab.saga.running", "sagas running in this orchestrator", "sagas", Tags.empty(), orchestrator,
                    SagaOrchestrator::runningCount);
            SagaMeters meters = new SagaMeters(timeSource, b);
            b.subscribe(orchestrator.eventPublisher(), meters::onEvent);
        });
    }

    /** The saga binder's per-run bookkeeping: the type of each running saga and its open steps. */
    private static final class SagaMeters {
        private final TimeSource time;
        private final MeterBinding binding;
        private final Map<String, String> typeOf = new ConcurrentHashMap<>();
        private final Map<String, Long> stepStartedAt = new ConcurrentHashMap<>();

        SagaMeters(TimeSource time, MeterBinding binding) {
            this.time = time;
            this.binding = binding;
        }

        void onEvent(SagaEvent event) {
            if (event instanceof SagaEvent.SagaStarted s) {
                typeOf.put(s.sagaId(), s.sagaType());
                binding.counter("microlab.saga.started", "sagas started", Tags.of("type", s.sagaType())).increment();
            } else if (event instanceof SagaEvent.StepStarted s) {
                stepStartedAt.put(key(s.sagaId(), s.step(), "action"), time.nanoTime());
            } else if (event instanceof SagaEvent.StepSucceeded s) {
                step(s.sagaId(), s.step(), "action", "success");
            } else if (event instanceof SagaEvent.StepFailed f) {
                step(f.sagaId(), f.step(), "action", "failure");
            } else if (event instanceof SagaEvent.CompensationStarted s) {
                stepStartedAt.put(key(s.sagaId(), s.step(), "compensation"), time.nanoTime());
            } else if (event instanceof SagaEvent.CompensationSucceeded s) {
                step(s.sagaId(), s.step(), "compensation", "success");
            } else if (event instanceof SagaEvent.CompensationFailed f) {
                step(f.sagaId(), f.step(), "compensation", "failure");
            } else if (event instanceof SagaEvent.SagaEnded e) {
                String type = typeOf.remove(e.sagaId());
                stepStartedAt.keySet().removeIf(k -> k.startsWith(e.sagaId() + '\u0000'));
                binding.counter("microlab.saga.ended", "sagas ended, by final state",
                        Tags.of("type", type == null ? "unknown" : type, "state", lower(e.state()))).increment();
            }
        }

        private void step(String sagaId, String step, String phase, String outcome) {
            Long started = stepStartedAt.remove(key(sagaId, step, phase));
            if (started == null) {
                return; // the binder was bound after the step started: no duration to report
            }
            String type = typeOf.getOrDefault(sagaId, "unknown");
            binding.timer("microlab.saga.step", "a saga step's action or compensation, start to outcome",
                            Tags.of("type", type, "step", step, "phase", phase, "outcome", outcome))
                    .record(time.nanoTime() - started, TimeUnit.NANOSECONDS);
        }

        private static String key(String sagaId, String step, String phase) {
            return sagaId + '\u0000' + step + '\u0000' + phase;
        }
    }

    // ---------------------------------------------------------------- registry

    /**
     * {@code microlab.registry.instances} by {@code service} and {@code status} (passing,
     * warning, critical), a gauge per service the registry has seen, read at scrape time;
     * {@code microlab.registry.registrations} and {@code .deregistrations} by {@code service}.
     */
    public MeterBinding bind(ServiceRegistry serviceRegistry) {
        Objects.requireNonNull(serviceRegistry, "serviceRegistry must not be null");
        return bindOnce(serviceRegistry, b -> {
            Set<String> known = ConcurrentHashMap.newKeySet();
            Consumer<String> addService = service -> {
                if (known.add(service)) {
                    for (HealthStatus status : HealthStatus.values()) {
                        b.gauge("microlab.registry.instances", "instances of a service, by health status", "instances",
                                Tags.of("service", service, "status", lower(status)), serviceRegistry,
                                r -> countWithStatus(r, service, status));
                    }
                }
            };
            serviceRegistry.services().forEach(addService);
            b.subscribe(serviceRegistry.eventPublisher(), (RegistryEvent event) -> {
                if (event instanceof RegistryEvent.InstanceRegistered r) {
                    addService.accept(r.instance().service());
                    b.counter("microlab.registry.registrations", "instances registered",
                            Tags.of("service", r.instance().service())).increment();
                } else if (event instanceof RegistryEvent.InstanceDeregistered d) {
                    b.counter("microlab.registry.deregistrations", "instances removed (deregistered or evicted)",
                            Tags.of("service", d.instance().service(), "reason", lower(d.reason()))).increment();
                }
            });
        });
    }

    private static double countWithStatus(ServiceRegistry registry, String service, HealthStatus status) {
        long n = 0;
        for (var entry : registry.snapshot(service).entries()) {
            if (entry.status() == status) {
                n++;
            }
        }
        return n;
    }

    /**
     * {@code microlab.registry.outlier.ejected} (hosts ejected now), {@code .hosts}, and the
     * counters {@code .ejections} by {@code reason} and {@code .ejections.skipped} (outliers kept
     * by the max-ejection cap).
     *
     * @param service the service whose hosts the detector watches, the {@code service} tag
     */
    public MeterBinding bind(OutlierDetector detector, String service) {
        Objects.requireNonNull(detector, "detector must not be null");
        Objects.requireNonNull(service, "service must not be null");
        return bindOnce(detector, b -> {
            Tags tags = Tags.of("service", service);
            b.gauge("microlab.registry.outlier.ejected", "hosts ejected now", "hosts", tags, detector,
                    OutlierDetector::ejectedCount);
            b.gauge("microlab.registry.outlier.hosts", "hosts the detector watches", "hosts", tags, detector,
                    OutlierDetector::hostCount);
            Map<OutlierEvent.Reason, Counter> ejections = new EnumMap<>(OutlierEvent.Reason.class);
            for (OutlierEvent.Reason reason : OutlierEvent.Reason.values()) {
                ejections.put(reason, b.counter("microlab.registry.outlier.ejections", "hosts ejected, by reason",
                        tags.and("reason", lower(reason))));
            }
            Counter skipped = b.counter("microlab.registry.outlier.ejections.skipped",
                    "outliers kept because ejecting them would pass the max ejection percent", tags);
            b.subscribe(detector.eventPublisher(), (OutlierEvent event) -> {
                if (event instanceof OutlierEvent.HostEjected e) {
                    ejections.get(e.reason()).increment();
                } else if (event instanceof OutlierEvent.EjectionSkipped s && s.overflow()) {
                    skipped.increment();
                }
            });
        });
    }

    // ---------------------------------------------------------------- plumbing

    private MeterBinding bindOnce(Object component, Consumer<MeterBinding> register) {
        return bindOnce(component, "", register);
    }

    /**
     * The binding of {@code component} for {@code what} (the same component can be bound in
     * several ways: a broker instrumented, and each of its queues), made on the first call.
     */
    private MeterBinding bindOnce(Object component, String what, Consumer<MeterBinding> register) {
        BindingKey key = new BindingKey(component, what);
        synchronized (bindings) {
            MeterBinding existing = bindings.get(key);
            if (existing != null) {
                return existing;
            }
            MeterBinding binding = new MeterBinding(registry, () -> {
                synchronized (bindings) {
                    bindings.remove(key);
                }
            });
            try {
                register.accept(binding);
            } catch (RuntimeException | Error e) {
                binding.close();
                throw e;
            }
            bindings.put(key, binding);
            return binding;
        }
    }

    /** A component by identity (two equal breakers are still two breakers), and what of it is bound. */
    private record BindingKey(Object component, String what) {
        @Override
        public boolean equals(Object o) {
            return o instanceof BindingKey other && other.component == component && other.what.equals(what);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(component) + what.hashCode();
        }
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** For tests and the guide: the meters currently registered by this binder's bindings. */
    List<Meter> boundMeters() {
        List<Meter> all = new ArrayList<>();
        synchronized (bindings) {
            bindings.values().forEach(b -> all.addAll(b.meters()));
        }
        return all;
    }
}
