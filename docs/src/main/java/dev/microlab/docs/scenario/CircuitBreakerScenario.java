package dev.microlab.docs.scenario;

import dev.microlab.circuitbreaker.CallNotPermittedException;
import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.circuitbreaker.CircuitBreakerConfig;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.circuitbreaker.CircuitBreakerEvent;
import dev.microlab.docs.diagram.StateDiagram;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The circuit breaker's whole cycle on virtual time: calls succeed, the payments service
 * starts failing, the failure rate crosses 50% and the breaker opens, calls are rejected fast
 * without touching the service, the 30 s wait ends, three trial calls succeed and the breaker
 * closes again.
 *
 * <p>The breaker reads {@code narrator.time()} and schedules its automatic OPEN → HALF_OPEN
 * transition on {@code narrator.scheduler()}; one call is made every 100 ms of virtual time.
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class CircuitBreakerScenario implements Scenario {

    private static final Duration BETWEEN_CALLS = Duration.ofMillis(100);

    @Override
    public String name() {
        return "circuit-breaker";
    }

    @Override
    public String title() {
        return "closed, open on 50% failures, rejected fast, half-open trials, closed again";
    }

    @Override
    public List<String> patterns() {
        return List.of("circuit-breaker");
    }

    @Override
    public void run(Narrator narrator) {
        CircuitBreaker breaker = CircuitBreaker.builder("payments")
                .config(CircuitBreakerConfig.builder()
                        .failureRateThreshold(50)
                        .slidingWindow(SlidingWindowType.COUNT_BASED, 10)
                        .minimumNumberOfCalls(10)
                        .waitDurationInOpen(Duration.ofSeconds(30))
                        .permittedCallsInHalfOpen(3)
                        .automaticTransitionToHalfOpen(true)
                        .build())
                .timeSource(narrator.time())
                .scheduler(narrator.scheduler())
                .build();
        StateDiagram states = new StateDiagram("circuit breaker 'payments'").start("CLOSED");
        breaker.eventPublisher().subscribe(event -> {
            if (event instanceof CircuitBreakerEvent.StateTransition t) {
                String at = "+" + Narrator.stamp(narrator.elapsed());
                states.transition(t.from().name(), t.to().name(), at);
                switch (t.to()) {
                    case OPEN -> narrator.milestone("breaker-opened", "the failure rate reached the 50% threshold — the breaker opens");
                    case HALF_OPEN -> narrator.milestone("breaker-half-open",
                            "the 30 s wait is over — the breaker goes half-open and lets 3 trial calls through");
                    case CLOSED -> narrator.milestone("breaker-closed", "the 3 trial calls succeeded — the breaker closes");
                    default -> narrator.say("the breaker goes " + t.to());
                }
            } else if (event instanceof CircuitBreakerEvent.FailureRateExceeded exceeded) {
                narrator.say("failure rate over the last 10 calls: " + Math.round(exceeded.failureRate()) + "%");
            }
        });
        states.describe("OPEN", "calls rejected without reaching payments");

        AtomicBoolean healthy = new AtomicBoolean(true);
        AtomicInteger reachedPayments = new AtomicInteger();
        Runnable charge = breaker.decorateRunnable(() -> {
            reachedPayments.incrementAndGet();
            if (!healthy.get()) {
                throw new IllegalStateException(new IOException("payments: 503 Service Unavailable"));
            }
        });

        int ok = 0;
        for (int i = 0; i < 6; i++) {
            ok += call(narrator, charge) == null ? 1 : 0;
        }
        narrator.milestone("calls-succeed", ok + " calls succeed; the breaker is " + breaker.state());

        healthy.set(false);
        narrator.say("payments starts failing with 503s");
        int failures = 0;
        while (breaker.state() == CircuitBreaker.State.CLOSED && failures < 20) {
            if (call(narrator, charge) != null) {
                failures++;
            }
        }
        narrator.say(failures + " calls failed before the breaker opened");

        int reachedBefore = reachedPayments.get();
        int rejected = 0;
        for (int i = 0; i < 5; i++) {
            if (call(narrator, charge) instanceof CallNotPermittedException) {
                rejected++;
            }
        }
        narrator.milestone("calls-rejected-fast", rejected + " calls are rejected at once with CallNotPermittedException;"
                + " payments saw " + (reachedPayments.get() - reachedBefore) + " of them");

        Duration openedAt = narrator.milestone("breaker-opened").at();
        narrator.scheduler().advance(openedAt.plusSeconds(10).minus(narrator.elapsed()));
        healthy.set(true);
        narrator.say("payments recovers (the breaker does not know yet: it waits out its 30 s)");
        narrator.scheduler().advance(openedAt.plusSeconds(30).minus(narrator.elapsed()));

        for (int i = 0; i < 3; i++) {
            call(narrator, charge);
        }
        if (breaker.state() != CircuitBreaker.State.CLOSED) {
            throw new IllegalStateException("three successful trial calls should close the breaker, but it is "
                    + breaker.state());
        }
        narrator.draw(states);
    }

    /** One call, then 100 ms of virtual time; returns the exception, or null on success. */
    private static RuntimeException call(Narrator narrator, Runnable charge) {
        RuntimeException failure = null;
        try {
            charge.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        narrator.scheduler().advance(BETWEEN_CALLS);
        return failure;
    }
}
