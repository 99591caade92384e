package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    @DisplayName("an added entry lands in id order and a replaced one keeps its place, old snapshot untouched")
    void incrementalInsert() {
        // Given
        ServiceInstance c = ServiceInstance.builder("svc", "c").port(3).build();
        ServiceSnapshot before = new ServiceSnapshot("svc", 1, List.of(
                new RegisteredInstance(a, HealthStatus.PASSING), new RegisteredInstance(c, HealthStatus.PASSING)));

        // When
        ServiceSnapshot added = before.with(2, new RegisteredInstance(b, HealthStatus.CRITICAL));
        ServiceSnapshot replaced = added.with(3, new RegisteredInstance(a, HealthStatus.WARNING));
        ServiceSnapshot passingAgain = replaced.with(4, new RegisteredInstance(b, HealthStatus.PASSING));

        // Then
        assertThat(added.instances()).as("b inserted between a and c").containsExactly(a, b, c);
        assertThat(added.passing()).as("a critical instance is not passing").containsExactly(a, c);
        assertThat(added.index()).as("the new index").isEqualTo(2);
        assertThat(replaced.instances()).as("replacing keeps one entry per id").containsExactly(a, b, c);
        assertThat(replaced.passing()).as("a left the passing list").containsExactly(c);
        assertThat(replaced.statusOf("a")).as("a's new status").isEqualTo(HealthStatus.WARNING);
        assertThat(passingAgain.passing()).as("b joined the passing list in id order").containsExactly(b, c);
        assertThat(before.instances()).as("the earlier snapshot is immutable").containsExactly(a, c);
        assertThat(added.passing()).as("an earlier passing list is immutable").containsExactly(a, c);
    }

    @Test
    @DisplayName("agrees with a snapshot built from scratch after many out-of-order registrations")
    void incrementalMatchesFullBuild() {
        // Given
        java.util.Random random = new java.util.Random(42);
        ServiceSnapshot incremental = ServiceSnapshot.empty("svc", 0);
        java.util.Map<String, RegisteredInstance> latest = new java.util.HashMap<>();

        // When
        for (int i = 1; i <= 500; i++) {
            String id = "i-" + random.nextInt(200);
            HealthStatus status = random.nextInt(4) == 0 ? HealthStatus.CRITICAL : HealthStatus.PASSING;
            RegisteredInstance entry = new RegisteredInstance(ServiceInstance.of("svc", id, "h", 80), status);
            latest.put(id, entry);
            incremental = incremental.with(i, entry);
        }
        ServiceSnapshot full = new ServiceSnapshot("svc", 500, List.copyOf(latest.values()));

        // Then
        assertThat(incremental.entries()).as("same entries, same order").containsExactlyElementsOf(full.entries());
        assertThat(incremental.passing()).as("same passing list").containsExactlyElementsOf(full.passing());
    }

    @Test
    @DisplayName("the lists a snapshot hands out are read-only")
    void readOnlyLists() {
        // Given
        ServiceSnapshot s = ServiceSnapshot.empty("svc", 0)
                .with(1, new RegisteredInstance(a, HealthStatus.PASSING))
                .with(2, new RegisteredInstance(b, HealthStatus.CRITICAL));

        // Then
        assertThatThrownBy(() -> s.instances().add(b)).as("instances").isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.passing().set(0, b)).as("passing").isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.entries().remove(0)).as("entries").isInstanceOf(UnsupportedOperationException.class);
        assertThat(s.entries()).as("entries carry each status")
                .containsExactly(new RegisteredInstance(a, HealthStatus.PASSING),
                        new RegisteredInstance(b, HealthStatus.CRITICAL));
    }

    @Test
    @DisplayName("an incremental change refuses an instance of another service")
    void incrementalRejectsOtherService() {
        ServiceSnapshot s = ServiceSnapshot.empty("svc", 0);
        assertThatIllegalArgumentException().isThrownBy(() -> s.with(1,
                new RegisteredInstance(ServiceInstance.of("other", "x", "h", 1), HealthStatus.PASSING)))
                .withMessageContaining("does not belong");
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
