package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.time.ManualTimeSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The example of docs/circuit-breaker.md, verbatim: if this test changes, update the guide. */
@DisplayName("The guide's example")
class GuideExampleTest {

    /** A stand-in for a remote payments client. */
    static final class PaymentsClient {
        boolean up = true;

        String charge(String order) {
            if (!up) {
                throw new UncheckedIOException(new IOException("connection refused"));
            }
            return "receipt for " + order;
        }
    }

    @Test
    @DisplayName("opens on failures, fails fast, probes after the wait and closes again")
    void lifecycle() {
        // --- guide example starts
        ManualTimeSource time = new ManualTimeSource();   // production: TimeSource.system() (the default)
        CircuitBreaker breaker = CircuitBreaker.builder("payments")
                .config(CircuitBreakerConfig.builder()
                        .slidingWindow(SlidingWindowType.COUNT_BASED, 10)   // the last 10 calls ...
                        .minimumNumberOfCalls(4)                            // ... once 4 were made
                        .failureRateThreshold(50)                           // open at >= 50 % failures
                        .waitDurationInOpen(Duration.ofSeconds(30))
                        .permittedCallsInHalfOpen(2)                        // 2 trial calls decide
                        .ignoreExceptions(IllegalArgumentException.class)   // caller bugs are not outages
                        .build())
                .timeSource(time)
                .build();
        List<String> transitions = new CopyOnWriteArrayList<>();
        breaker.eventPublisher().subscribe(event -> {
            if (event instanceof CircuitBreakerEvent.StateTransition t) {
                transitions.add(t.from() + " -> " + t.to());
            }
        });

        PaymentsClient payments = new PaymentsClient();
        Supplier<String> charge = breaker.decorateSupplier(() -> payments.charge("order-42"));

        payments.up = false;                                  // the backend goes down
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(charge::get).isInstanceOf(UncheckedIOException.class);
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);   // 4/4 failed: open
        assertThatThrownBy(charge::get)                       // fails fast, the backend is not called
                .isInstanceOf(CallNotPermittedException.class)
                .hasMessage("CircuitBreaker 'payments' is OPEN and does not permit further calls");

        payments.up = true;                                   // the backend recovers
        time.advance(Duration.ofSeconds(30));                 // the open wait is over
        assertThat(charge.get()).isEqualTo("receipt for order-42");   // trial 1 (now HALF_OPEN)
        assertThat(charge.get()).isEqualTo("receipt for order-42");   // trial 2: 0 % failures
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(transitions).containsExactly("CLOSED -> OPEN", "OPEN -> HALF_OPEN", "HALF_OPEN -> CLOSED");
        // --- guide example ends
    }
}
