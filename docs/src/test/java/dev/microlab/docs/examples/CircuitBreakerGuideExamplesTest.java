package dev.microlab.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.circuitbreaker.CircuitBreakerConfig;
import dev.microlab.circuitbreaker.PolicyStack;
import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The code of {@code docs/circuit-breaker.md} that is not already quoted from the module's own
 * tests, run against the real policies; {@code GuidesTest} checks the guide still quotes it.
 */
@DisplayName("The examples of the circuit breaker guide")
class CircuitBreakerGuideExamplesTest {

    record Order(String id) {
    }

    /** A payments client that is down: every charge fails. */
    static final class Client {
        final AtomicInteger charges = new AtomicInteger();

        String charge(Order order) throws IOException {
            charges.incrementAndGet();
            throw new IOException("payments is down");
        }
    }

    private final Client client = new Client();
    private final Order order = new Order("order-42");

    @Test
    @DisplayName("a policy stack runs retry, breaker, rate limiter and bulkhead, and falls back when all fail")
    void policyStack() throws Exception {
        ManualTimeSource time = new ManualTimeSource();
        Retry retry = Retry.builder("payments").maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(100)))
                .timeSource(time).sleeper(time.sleeper()).build();
        CircuitBreaker breaker = CircuitBreaker.builder("payments")
                .config(CircuitBreakerConfig.builder().minimumNumberOfCalls(10).build())
                .timeSource(time).build();
        RateLimiter limiter = RateLimiter.builder("payments").timeSource(time).build();
        Bulkhead bulkhead = Bulkhead.builder("payments").build();

        PolicyStack stack = PolicyStack.builder("payments")
                .retry(retry).circuitBreaker(breaker).rateLimiter(limiter).bulkhead(bulkhead)
                .build();                                  // absent layers are skipped
        String result = stack.execute(() -> client.charge(order), failure -> "queued for later");

        assertThat(result).as("the fallback answers once every attempt failed").isEqualTo("queued for later");
        assertThat(client.charges).as("the retry made its 3 attempts through the stack").hasValue(3);
        assertThat(breaker.metrics().failedCalls()).as("the breaker saw each attempt").isEqualTo(3);
    }
}
