package dev.microlab.circuitbreaker;

import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helpers: calls that succeed, fail or take time on a manual clock. */
final class Calls {

    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom() {
            super("boom");
        }
    }

    private Calls() {
    }

    static void succeed(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            breaker.executeSupplier(() -> "ok");
        }
    }

    static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            try {
                breaker.executeSupplier(() -> {
                    throw new Boom();
                });
            } catch (Boom expected) {
                // recorded
            }
        }
    }

    static void throwing(CircuitBreaker breaker, RuntimeException error) {
        try {
            breaker.executeSupplier(() -> {
                throw error;
            });
        } catch (RuntimeException expected) {
            // recorded (or ignored)
        }
    }

    static void slow(CircuitBreaker breaker, ManualTimeSource time, Duration duration, int times) {
        for (int i = 0; i < times; i++) {
            breaker.executeSupplier(() -> {
                time.advance(duration);
                return "slow";
            });
        }
    }

    /** Records every event a breaker publishes. */
    static final class Recorder {
        final List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();

        Recorder(CircuitBreaker breaker) {
            breaker.eventPublisher().subscribe(events::add);
        }

        <E extends CircuitBreakerEvent> List<E> of(Class<E> type) {
            List<E> found = new ArrayList<>();
            for (CircuitBreakerEvent e : events) {
                if (type.isInstance(e)) {
                    found.add(type.cast(e));
                }
            }
            return found;
        }

        List<String> transitions() {
            List<String> found = new ArrayList<>();
            for (CircuitBreakerEvent.StateTransition t : of(CircuitBreakerEvent.StateTransition.class)) {
                found.add(t.from() + "->" + t.to());
            }
            return found;
        }
    }
}
