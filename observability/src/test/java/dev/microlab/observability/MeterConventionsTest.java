package dev.microlab.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.timeout.TimeLimiter;
import dev.microlab.registry.OutlierDetector;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import dev.microlab.saga.SagaOrchestrator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every meter a binder registers follows Micrometer's naming conventions and keeps its tag
 * cardinality bounded: a registry scraped by Prometheus must not grow a series per saga, event or
 * request.
 */
@DisplayName("every microlab meter")
class MeterConventionsTest {

    /** microlab.<pattern>.<what>: lower case, dot-separated, no units in the name (they are base units). */
    private static final Pattern NAME = Pattern.compile("microlab(\\.[a-z][a-z0-9]*)+");
    /** The tag keys binders may use; each has a bounded set of values. */
    private static final Set<String> TAG_KEYS = Set.of("name", "state", "kind", "outcome", "type", "step", "phase",
            "service", "status", "reason", "queue");

    @Test
    @DisplayName("has a lower-case dotted name under microlab., a description, and only bounded tag keys")
    void followsMicrometerConventions() throws Exception {
        // Given: every binder bound, and a little traffic so that lazily created meters exist too
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Fixtures fixtures = new Fixtures();
        MicrolabMetrics metrics = MicrolabMetrics.of(registry, fixtures.time);
        metrics.bind(CircuitBreaker.ofDefaults("payments"));
        metrics.bind(Retry.ofDefaults("inventory"));
        metrics.bind(Bulkhead.ofDefaults("db"));
        metrics.bind(RateLimiter.ofDefaults("api"));
        metrics.bind(TimeLimiter.ofDefaults("slow"));
        metrics.instrument("orders", fixtures.store);
        ServiceRegistry serviceRegistry = ServiceRegistry.builder().timeSource(fixtures.time).build();
        metrics.bind(serviceRegistry);
        serviceRegistry.register(ServiceInstance.of("users", "u-1", "10.0.0.1", 80));
        metrics.bind(OutlierDetector.builder().timeSource(fixtures.time).build(), "users");
        try (SagaOrchestrator orchestrator = fixtures.orchestrator()) {
            metrics.bind(orchestrator);
            orchestrator.start(fixtures.saga, "p-1", new Fixtures.Parcel("p-1")).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
        }

        // Then
        assertThat(registry.getMeters()).as("meters registered").hasSizeGreaterThan(40);
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            assertThat(id.getName()).as("meter name").matches(NAME);
            assertThat(id.getDescription()).as("description of %s", id.getName()).isNotBlank();
            for (Tag tag : id.getTags()) {
                assertThat(TAG_KEYS).as("tag key %s of %s (unbounded keys make a series per value)", tag.getKey(),
                        id.getName()).contains(tag.getKey());
                assertThat(tag.getValue()).as("tag %s of %s", tag.getKey(), id.getName())
                        .doesNotMatch("p-\\d+|[0-9a-f]{8}-[0-9a-f]{4}-.*|\\d+\\.\\d+\\.\\d+\\.\\d+.*");
            }
            if (meter.getId().getType() == Meter.Type.TIMER) {
                assertThat(id.getBaseUnit()).as("timers report in seconds, the base unit").isEqualTo("seconds");
            }
        }
    }
}
