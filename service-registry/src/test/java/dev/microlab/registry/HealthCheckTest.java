package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.registry.RegistryEvent.RemovalReason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Health checks: active probes, thresholds, timeouts, TTL checks, critical deregistration")
class HealthCheckTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final ServiceRegistry registry = ServiceRegistry.builder().timeSource(time).scheduler(scheduler)
            .defaultLeaseTtl(Duration.ZERO).build();
    private final List<RegistryEvent> events = new ArrayList<>();
    private final ServiceInstance instance = ServiceInstance.of("users", "u1", "10.0.0.1", 8080);

    {
        registry.eventPublisher().subscribe(events::add);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    /** A probe that answers from a script, then keeps answering the last status. */
    private static HealthProbe scripted(HealthStatus... answers) {
        Deque<HealthStatus> script = new ArrayDeque<>(List.of(answers));
        return HealthProbe.of(() -> script.size() > 1 ? script.poll() : script.peek());
    }

    private HealthStatus status() {
        return registry.snapshot("users").statusOf("u1");
    }

    @Test
    @DisplayName("an active check starts critical and turns passing after its first pass (Consul's default)")
    void startsCritical() {
        // Given
        registry.register(Registration.of(instance)
                .withCheck(HealthCheck.active("http", scripted(HealthStatus.PASSING)).interval(INTERVAL).build()));

        // Then
        assertThat(status()).as("before the first probe").isEqualTo(HealthStatus.CRITICAL);
        assertThat(registry.passingInstances("users")).as("not passing yet").isEmpty();

        // When
        scheduler.runDueTasks();

        // Then
        assertThat(status()).as("after the first probe").isEqualTo(HealthStatus.PASSING);
        assertThat(registry.passingInstances("users")).as("discoverable as passing").containsExactly(instance);
    }

    @Test
    @DisplayName("a passing check needs failuresBeforeCritical failures in a row to turn critical")
    void failThreshold() {
        // Given: passes once, then fails
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http",
                        scripted(HealthStatus.PASSING, HealthStatus.CRITICAL, HealthStatus.CRITICAL, HealthStatus.CRITICAL))
                .interval(INTERVAL).failuresBeforeCritical(3).build()));
        scheduler.runDueTasks();
        assertThat(status()).as("after the pass").isEqualTo(HealthStatus.PASSING);

        // When: two failures
        scheduler.advance(INTERVAL.multipliedBy(2));

        // Then
        assertThat(status()).as("two failures are below the threshold of 3").isEqualTo(HealthStatus.PASSING);

        // When: the third
        scheduler.advance(INTERVAL);

        // Then
        assertThat(status()).as("three failures reach it").isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    @DisplayName("a critical check needs successBeforePassing passes in a row to turn passing")
    void passThreshold() {
        // Given
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http",
                        scripted(HealthStatus.PASSING, HealthStatus.CRITICAL, HealthStatus.PASSING))
                .interval(INTERVAL).successBeforePassing(2).build()));

        // When: pass at 0 (1 of 2), fail at 10 (streak broken), pass at 20 (1 of 2)
        scheduler.advance(INTERVAL.multipliedBy(2));

        // Then
        assertThat(status()).as("streak of 1 after a failure").isEqualTo(HealthStatus.CRITICAL);

        // When: pass at 30 (2 of 2)
        scheduler.advance(INTERVAL);

        // Then
        assertThat(status()).as("two passes in a row").isEqualTo(HealthStatus.PASSING);
    }

    @Test
    @DisplayName("a warning answer makes the instance non-passing but keeps it registered")
    void warning() {
        // Given
        registry.register(Registration.of(instance).withCheck(
                HealthCheck.active("http", scripted(HealthStatus.WARNING)).interval(INTERVAL).build()));

        // When
        scheduler.runDueTasks();

        // Then
        assertThat(status()).as("status").isEqualTo(HealthStatus.WARNING);
        assertThat(registry.passingInstances("users")).as("passing only").isEmpty();
        assertThat(registry.instances("users")).as("all").containsExactly(instance);
    }

    @Test
    @DisplayName("a probe whose stage fails counts as critical, and the output names the failure, not the future's wrapper")
    void failedProbeReportsItsCause() {
        // Given: the probe's stage fails with an ExecutionException around the real failure (as
        // Future.get() reports one)
        HealthProbe failing = () -> CompletableFuture.failedFuture(
                new ExecutionException(new IOException("connection refused")));
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http", failing)
                .interval(INTERVAL).initialStatus(HealthStatus.PASSING).build()));

        // When
        scheduler.runDueTasks();

        // Then
        assertThat(status()).as("after the failed probe").isEqualTo(HealthStatus.CRITICAL);
        assertThat(events).filteredOn(RegistryEvent.CheckStatusChanged.class::isInstance)
                .map(e -> ((RegistryEvent.CheckStatusChanged) e).output())
                .as("the output shows the failure itself, as every other component unwraps it")
                .containsExactly("java.io.IOException: connection refused");
    }

    @Test
    @DisplayName("a probe that does not answer within its timeout counts as critical, and its late answer is ignored")
    void timeout() {
        // Given: the probe answers only when the test says so
        List<CompletableFuture<HealthStatus>> pending = new ArrayList<>();
        HealthProbe slow = () -> {
            CompletableFuture<HealthStatus> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        };
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http", slow)
                .interval(INTERVAL).timeout(Duration.ofSeconds(2)).initialStatus(HealthStatus.PASSING).build()));
        scheduler.runDueTasks();

        // When
        scheduler.advance(Duration.ofSeconds(2));

        // Then
        assertThat(status()).as("after the timeout").isEqualTo(HealthStatus.CRITICAL);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                RegistryEvent.CheckStatusChanged.class, c -> assertThat(c.output()).contains("timed out")));

        // When: the late answer arrives
        pending.get(0).complete(HealthStatus.PASSING);

        // Then
        assertThat(status()).as("a late answer does not count").isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    @DisplayName("a probe that throws counts as critical")
    void throwingProbe() {
        // Given
        HealthProbe broken = HealthProbe.of(() -> {
            throw new java.io.IOException("connection refused");
        });
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http", broken)
                .initialStatus(HealthStatus.PASSING).build()));

        // When
        scheduler.runDueTasks();

        // Then
        assertThat(status()).as("status after an exception").isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    @DisplayName("a probe on an executor that never runs it times out, so a hung check cannot hold the scheduler")
    void executorProbeTimesOut() {
        // Given: an executor that only queues work
        List<Runnable> queued = new ArrayList<>();
        HealthProbe onExecutor = HealthProbe.of(() -> HealthStatus.PASSING, queued::add);
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http", onExecutor)
                .interval(INTERVAL).timeout(Duration.ofSeconds(1)).initialStatus(HealthStatus.PASSING).build()));
        scheduler.runDueTasks();

        // When
        scheduler.advance(Duration.ofSeconds(1));

        // Then
        assertThat(queued).as("work handed to the executor").hasSize(1);
        assertThat(status()).as("timed out").isEqualTo(HealthStatus.CRITICAL);

        // When: the executor finally runs it; the next probe uses a direct executor path
        queued.get(0).run();

        // Then
        assertThat(status()).as("the late pass is ignored").isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    @DisplayName("a probe on an executor reports its answer")
    void executorProbe() {
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http",
                HealthProbe.of(() -> HealthStatus.PASSING, Runnable::run)).interval(INTERVAL).build()));
        scheduler.runDueTasks();
        assertThat(status()).as("passing via executor").isEqualTo(HealthStatus.PASSING);
    }

    @Test
    @DisplayName("the probe runs every interval")
    void interval() {
        // Given
        AtomicInteger runs = new AtomicInteger();
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http", HealthProbe.of(() -> {
            runs.incrementAndGet();
            return HealthStatus.PASSING;
        })).interval(Duration.ofSeconds(5)).build()));

        // When
        scheduler.advance(Duration.ofSeconds(20));

        // Then
        assertThat(runs).as("runs at 0, 5, 10, 15, 20 s").hasValue(5);
    }

    @Test
    @DisplayName("an instance critical for longer than deregisterCriticalAfter is deregistered")
    void deregisterCriticalAfter() {
        // Given
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http",
                        scripted(HealthStatus.PASSING, HealthStatus.CRITICAL))
                .interval(INTERVAL).deregisterCriticalAfter(Duration.ofSeconds(60)).build()));
        scheduler.runDueTasks();                 // passing at 0
        scheduler.advance(INTERVAL);             // critical from 10 s

        // When: 59 s later
        scheduler.advance(Duration.ofSeconds(59));

        // Then
        assertThat(registry.instances("users")).as("still there before 60 s critical").hasSize(1);

        // When
        scheduler.advance(Duration.ofSeconds(1));

        // Then
        assertThat(registry.instances("users")).as("gone after 60 s critical").isEmpty();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                RegistryEvent.InstanceDeregistered.class,
                d -> assertThat(d.reason()).isEqualTo(RemovalReason.CRITICAL_TOO_LONG)));
    }

    @Test
    @DisplayName("recovering before deregisterCriticalAfter keeps the instance")
    void recoveryCancelsDeregistration() {
        // Given: critical from the start, passing from the fourth probe
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http",
                        scripted(HealthStatus.CRITICAL, HealthStatus.CRITICAL, HealthStatus.CRITICAL, HealthStatus.PASSING))
                .interval(INTERVAL).deregisterCriticalAfter(Duration.ofSeconds(60)).build()));

        // When
        scheduler.advance(Duration.ofMinutes(5));

        // Then
        assertThat(registry.instances("users")).as("recovered at 30 s, never reaped").hasSize(1);
        assertThat(status()).isEqualTo(HealthStatus.PASSING);
    }

    @Test
    @DisplayName("a TTL check passes while reported and turns critical when its TTL runs out")
    void ttlCheck() {
        // Given
        registry.register(Registration.of(instance).withCheck(HealthCheck.ttl("heartbeat", Duration.ofSeconds(15))
                .build()));
        assertThat(status()).as("before any report").isEqualTo(HealthStatus.CRITICAL);

        // When
        registry.updateTtlCheck("users", "u1", "heartbeat", HealthStatus.PASSING, "ok");
        scheduler.advance(Duration.ofSeconds(14));
        registry.updateTtlCheck("users", "u1", "heartbeat", HealthStatus.PASSING, "ok");
        scheduler.advance(Duration.ofSeconds(14));

        // Then
        assertThat(status()).as("reported every 14 s with a 15 s TTL").isEqualTo(HealthStatus.PASSING);

        // When
        scheduler.advance(Duration.ofSeconds(1));

        // Then
        assertThat(status()).as("15 s without a report").isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    @DisplayName("reporting an unknown TTL check is refused with the known checks named")
    void unknownTtlCheck() {
        // Given
        registry.register(Registration.of(instance).withCheck(HealthCheck.ttl("heartbeat", Duration.ofSeconds(15))
                .build()));

        // When / Then
        assertThatIllegalArgumentException()
                .isThrownBy(() -> registry.updateTtlCheck("users", "u1", "nope", HealthStatus.PASSING, ""))
                .withMessageContaining("no TTL check named 'nope'").withMessageContaining("[heartbeat]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> registry.updateTtlCheck("users", "ghost", "heartbeat", HealthStatus.PASSING, ""))
                .withMessageContaining("no instance 'ghost'");
    }

    @Test
    @DisplayName("the instance status is the worst of its checks")
    void worstOfChecks() {
        // Given
        registry.register(Registration.of(instance)
                .withCheck(HealthCheck.active("http", scripted(HealthStatus.PASSING)).build())
                .withCheck(HealthCheck.ttl("heartbeat", Duration.ofSeconds(30)).initialStatus(HealthStatus.WARNING)
                        .build()));

        // When
        scheduler.runDueTasks();

        // Then
        assertThat(status()).as("passing + warning").isEqualTo(HealthStatus.WARNING);
    }

    @Test
    @DisplayName("deregistering stops the instance's checks")
    void deregisterStopsChecks() {
        // Given
        AtomicInteger runs = new AtomicInteger();
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http", HealthProbe.of(() -> {
            runs.incrementAndGet();
            return HealthStatus.PASSING;
        })).interval(INTERVAL).build()));
        scheduler.runDueTasks();

        // When
        registry.deregister("users", "u1");
        scheduler.advance(Duration.ofMinutes(1));

        // Then
        assertThat(runs).as("no probe after deregistration").hasValue(1);
    }

    @Test
    @DisplayName("checks without a scheduler are refused")
    void checksNeedScheduler() {
        ServiceRegistry bare = ServiceRegistry.builder().timeSource(time).build();
        assertThatIllegalStateException().isThrownBy(() -> bare.register(Registration.of(instance)
                        .withCheck(HealthCheck.ttl("t", Duration.ofSeconds(1)).build())))
                .withMessageContaining("scheduler");
    }

    @Test
    @DisplayName("bad check settings are refused with the field and the range named")
    void badSettings() {
        HealthProbe probe = scripted(HealthStatus.PASSING);
        assertThatIllegalArgumentException().isThrownBy(() -> HealthCheck.active("h", probe).interval(Duration.ZERO))
                .withMessage("interval must be in (0, PT8760H], but was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> HealthCheck.active("h", probe).failuresBeforeCritical(0))
                .withMessage("failuresBeforeCritical must be in [1, 1000], but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> HealthCheck.ttl("h", Duration.ofSeconds(-1)))
                .withMessage("ttl must be in (0, PT8760H], but was PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> Registration.of(instance)
                        .withCheck(HealthCheck.ttl("h", Duration.ofSeconds(1)).build())
                        .withCheck(HealthCheck.ttl("h", Duration.ofSeconds(2)).build()))
                .withMessageContaining("'h' appears twice");
    }

    @Test
    @DisplayName("Consul's HTTP mapping: 2xx passing, 429 warning, others critical")
    void httpMapping() {
        assertThat(HealthProbe.statusOfHttp(200)).isEqualTo(HealthStatus.PASSING);
        assertThat(HealthProbe.statusOfHttp(204)).isEqualTo(HealthStatus.PASSING);
        assertThat(HealthProbe.statusOfHttp(429)).isEqualTo(HealthStatus.WARNING);
        assertThat(HealthProbe.statusOfHttp(503)).isEqualTo(HealthStatus.CRITICAL);
        assertThat(HealthProbe.statusOfHttp(301)).isEqualTo(HealthStatus.CRITICAL);
    }

    // ------------------------------------------------------------ Consul's StatusHandler, to the number

    @Test
    @DisplayName("Consul: thresholds start satisfied, so the first pass applies at once even with successBeforePassing 3")
    void firstResultAppliesAtOnce() {
        // Given
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http", scripted(HealthStatus.PASSING))
                .interval(INTERVAL).successBeforePassing(3).build()));

        // When: the first probe
        scheduler.runDueTasks();

        // Then
        assertThat(status()).as("counter started at 3: 4 >= 3").isEqualTo(HealthStatus.PASSING);
    }

    @Test
    @DisplayName("Consul: the first critical answer applies at once even with failuresBeforeCritical 3")
    void firstFailureAppliesAtOnce() {
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http", scripted(HealthStatus.CRITICAL))
                .interval(INTERVAL).failuresBeforeCritical(3).initialStatus(HealthStatus.PASSING).build()));
        scheduler.runDueTasks();
        assertThat(status()).isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    @DisplayName("Consul: a warning counts as a success: it resets the failure count and applies after successBeforePassing")
    void warningIsASuccess() {
        // Given: pass, then critical, warning, critical, critical with failuresBeforeCritical 3
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http", scripted(
                        HealthStatus.PASSING, HealthStatus.CRITICAL, HealthStatus.WARNING, HealthStatus.CRITICAL,
                        HealthStatus.CRITICAL, HealthStatus.CRITICAL))
                .interval(INTERVAL).failuresBeforeCritical(3).build()));
        scheduler.runDueTasks();
        assertThat(status()).isEqualTo(HealthStatus.PASSING);

        // When: critical, warning (a success: the check turns warning and the failure run restarts)
        scheduler.advance(INTERVAL.multipliedBy(2));

        // Then
        assertThat(status()).as("the warning applied").isEqualTo(HealthStatus.WARNING);

        // When: two critical answers: 2 < 3
        scheduler.advance(INTERVAL.multipliedBy(2));

        // Then
        assertThat(status()).as("two failures after the warning").isEqualTo(HealthStatus.WARNING);

        // When: the third
        scheduler.advance(INTERVAL);

        // Then
        assertThat(status()).isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    @DisplayName("Consul: between failuresBeforeWarning and failuresBeforeCritical the check is warning")
    void failuresBeforeWarning() {
        registry.register(Registration.of(instance).withCheck(HealthCheck.active("http", scripted(
                        HealthStatus.PASSING, HealthStatus.CRITICAL))
                .interval(INTERVAL).failuresBeforeWarning(1).failuresBeforeCritical(3).build()));
        scheduler.runDueTasks();
        scheduler.advance(INTERVAL);
        assertThat(status()).as("1 failure").isEqualTo(HealthStatus.WARNING);
        scheduler.advance(INTERVAL.multipliedBy(2));
        assertThat(status()).as("3 failures").isEqualTo(HealthStatus.CRITICAL);
    }
}
