package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ServiceSnapshot and CallOutcome")
class ServiceSnapshotTest {

    private final ServiceInstance b = ServiceInstance.builder("svc", "b").port(2).version("v1").build();
    private final ServiceInstance a = ServiceInstance.builder("svc", "a").port(1).version("v2").build();

    @Test
    @DisplayName("orders instances by id and keeps the passing ones apart")
    void ordering() {
        // Given
        ServiceSnapshot s = new ServiceSnapshot("svc", 7, List.of(
                new RegisteredInstance(b, HealthStatus.PASSING), new RegisteredInstance(a, HealthStatus.WARNING)));

        // Then
        assertThat(s.instances()).as("ordered by id").containsExactly(a, b);
        assertThat(s.passing()).as("passing").containsExactly(b);
        assertThat(s.statusOf("a")).as("status of a").isEqualTo(HealthStatus.WARNING);
        assertThat(s.select(false, Map.of())).as("no labels: the list itself").isSameAs(s.instances());
        assertThat(s.select(false, Map.of("version", "v2"))).as("by label").containsExactly(a);
    }

    @Test
    @DisplayName("refuses an instance of another service and a negative index")
    void badInput() {
        ServiceInstance other = ServiceInstance.of("other", "x", "h", 1);
        assertThatIllegalArgumentException().isThrownBy(() -> new ServiceSnapshot("svc", 1,
                List.of(new RegisteredInstance(other, HealthStatus.PASSING)))).withMessageContaining("does not belong");
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceSnapshot.empty("svc", -1))
                .withMessage("index must be >= 0, but was -1");
    }

    @Test
    @DisplayName("classifies HTTP statuses as Envoy does")
    void outcomes() {
        assertThat(CallOutcome.ofHttpStatus(200)).isEqualTo(CallOutcome.SUCCESS);
        assertThat(CallOutcome.ofHttpStatus(404)).as("4xx is the caller's fault").isEqualTo(CallOutcome.SUCCESS);
        assertThat(CallOutcome.ofHttpStatus(500)).isEqualTo(CallOutcome.SERVER_ERROR);
        assertThat(CallOutcome.ofHttpStatus(502)).isEqualTo(CallOutcome.GATEWAY_ERROR);
        assertThat(CallOutcome.ofHttpStatus(504)).isEqualTo(CallOutcome.GATEWAY_ERROR);
        assertThat(CallOutcome.LOCAL_ORIGIN_ERROR.isGatewayFailure()).as("local origin counts as gateway").isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> CallOutcome.ofHttpStatus(99))
                .withMessage("status must be in [100, 599], but was 99");
    }
}
