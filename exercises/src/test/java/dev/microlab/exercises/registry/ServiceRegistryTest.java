package dev.microlab.exercises.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("service-registry")
@DisplayName("Exercise 11 · Service registry with TTL heartbeats")
class ServiceRegistryTest {

    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration REMOVE_AFTER = Duration.ofSeconds(60);

    private static final ServiceInstance ORDERS_1 = new ServiceInstance("order-service", "order-service-1", "10.0.0.5", 8000);
    private static final ServiceInstance ORDERS_2 = new ServiceInstance("order-service", "order-service-2", "10.0.0.6", 8000);
    private static final ServiceInstance USERS_1 = new ServiceInstance("user-service", "user-service-1", "10.0.0.7", 8000);

    private final ManualTimeSource time = new ManualTimeSource();
    private final ServiceRegistry registry = new ServiceRegistry(TTL, REMOVE_AFTER, time);

    @Test
    @DisplayName("a registered instance is passing and can be discovered")
    void registeredIsDiscovered() {
        // When
        registry.register(ORDERS_1);

        // Then
        assertThat(registry.discover("order-service")).as("registering counts as a first heartbeat").containsExactly(ORDERS_1);
        assertThat(registry.health("order-service-1")).isEqualTo(HealthStatus.PASSING);
    }

    @Test
    @DisplayName("discover() returns only the asked service's instances, sorted by instance id")
    void discoversByService() {
        // When
        registry.register(ORDERS_2);
        registry.register(USERS_1);
        registry.register(ORDERS_1);

        // Then
        assertThat(registry.discover("order-service")).as("both order-service instances, by id, not the user service")
                .containsExactly(ORDERS_1, ORDERS_2);
        assertThat(registry.discover("payment-service")).as("a service nobody registered").isEmpty();
    }

    @Test
    @DisplayName("without a heartbeat for a whole TTL an instance turns critical and disappears from discovery")
    void turnsCriticalAfterTtl() {
        // Given
        registry.register(ORDERS_1);

        // When / Then
        time.advance(TTL.minusNanos(1));
        assertThat(registry.discover("order-service")).as("1 ns before the TTL: still passing").containsExactly(ORDERS_1);
        time.advanceNanos(1);
        assertThat(registry.discover("order-service")).as("a whole TTL (10 s) without a heartbeat: hidden").isEmpty();
        assertThat(registry.health("order-service-1")).as("critical, but still registered").isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    @DisplayName("heartbeats keep an instance passing for another TTL each time")
    void heartbeatsKeepItPassing() {
        // Given
        registry.register(ORDERS_1);

        // When
        for (int i = 0; i < 5; i++) {
            time.advance(Duration.ofSeconds(8));
            registry.heartbeat("order-service-1");
        }
        time.advance(Duration.ofSeconds(9));

        // Then
        assertThat(registry.discover("order-service")).as("49 s after registering, but 9 s after the last heartbeat")
                .containsExactly(ORDERS_1);
    }

    @Test
    @DisplayName("a critical instance that sends a heartbeat is passing again")
    void criticalComesBack() {
        // Given
        registry.register(ORDERS_1);
        time.advance(TTL.plusSeconds(5));

        // When
        registry.heartbeat("order-service-1");

        // Then
        assertThat(registry.health("order-service-1")).as("the TTL check passes again").isEqualTo(HealthStatus.PASSING);
        assertThat(registry.discover("order-service")).containsExactly(ORDERS_1);
    }

    @Test
    @DisplayName("an instance critical for deregisterCriticalAfter is removed and must register again")
    void removedAfterBeingCriticalTooLong() {
        // Given
        registry.register(ORDERS_1);

        // When / Then: critical from 10 s, removed at 10 s + 60 s
        time.advance(TTL.plus(REMOVE_AFTER).minusNanos(1));
        assertThat(registry.health("order-service-1")).as("1 ns before removal: critical, still there")
                .isEqualTo(HealthStatus.CRITICAL);
        time.advanceNanos(1);
        assertThatThrownBy(() -> registry.health("order-service-1")).as("70 s without a heartbeat: removed")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.heartbeat("order-service-1")).as("a removed instance cannot just heartbeat")
                .isInstanceOf(IllegalArgumentException.class);
        registry.register(ORDERS_1);
        assertThat(registry.discover("order-service")).as("registering again brings it back").containsExactly(ORDERS_1);
    }

    @Test
    @DisplayName("deregister() removes an instance at once")
    void deregisters() {
        // Given
        registry.register(ORDERS_1);
        registry.register(ORDERS_2);

        // When
        registry.deregister("order-service-1");

        // Then
        assertThat(registry.discover("order-service")).as("a clean shutdown does not wait for the TTL").containsExactly(ORDERS_2);
        assertThatThrownBy(() -> registry.health("order-service-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("registering an id again replaces the old registration and counts as a heartbeat")
    void reRegisterReplaces() {
        // Given
        registry.register(ORDERS_1);
        time.advance(TTL.plusSeconds(1));
        ServiceInstance moved = new ServiceInstance("order-service", "order-service-1", "10.0.0.99", 9000);

        // When
        registry.register(moved);

        // Then
        assertThat(registry.discover("order-service")).as("the new address, passing, and only once").containsExactly(moved);
    }

    @Test
    @DisplayName("a heartbeat for an unknown instance is refused, naming it")
    void unknownHeartbeat() {
        assertThatThrownBy(() -> registry.heartbeat("ghost-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghost-1");
    }

    @Test
    @DisplayName("rejects a TTL or deregisterCriticalAfter that is not positive, and bad instances")
    void validation() {
        assertThatThrownBy(() -> new ServiceRegistry(Duration.ZERO, REMOVE_AFTER, time)).as("ttl 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> new ServiceRegistry(Duration.ofSeconds(-10), REMOVE_AFTER, time)).as("negative ttl")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        assertThatThrownBy(() -> new ServiceRegistry(TTL, Duration.ZERO, time)).as("deregisterCriticalAfter 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deregisterCriticalAfter");
        assertThatThrownBy(() -> new ServiceRegistry(TTL, Duration.ofSeconds(-1), time)).as("negative deregisterCriticalAfter")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deregisterCriticalAfter");
        assertThatThrownBy(() -> registry.register(new ServiceInstance("order-service", "x", "10.0.0.5", 0))).as("port 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> registry.register(new ServiceInstance("order-service", "x", "10.0.0.5", 65_536)))
                .as("port 65536").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> registry.register(new ServiceInstance(" ", "x", "10.0.0.5", 80))).as("blank serviceName")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serviceName");
        assertThatThrownBy(() -> registry.register(new ServiceInstance("s", "", "10.0.0.5", 80))).as("blank instanceId")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instanceId");
        assertThatThrownBy(() -> registry.register(new ServiceInstance("s", "x", " ", 80))).as("blank address")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
    }

    @Test
    @DisplayName("accepts the edge ports 1 and 65535")
    void edgePorts() {
        registry.register(new ServiceInstance("s", "low", "h", 1));
        registry.register(new ServiceInstance("s", "high", "h", 65_535));
        assertThat(registry.discover("s")).as("both are valid ports").hasSize(2);
    }
}
