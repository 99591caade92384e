package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ServiceInstance")
class ServiceInstanceTest {

    @Test
    @DisplayName("exposes version, zone and weight from its metadata")
    void labels() {
        // Given
        ServiceInstance instance = ServiceInstance.builder("orders", "orders-1").host("10.0.0.1").port(8080)
                .version("v2").zone("eu-1").weight(3).build();

        // Then
        assertThat(instance.version()).as("version label").isEqualTo("v2");
        assertThat(instance.zone()).as("zone label").isEqualTo("eu-1");
        assertThat(instance.weight()).as("weight label").isEqualTo(3);
        assertThat(instance.address()).as("host:port").isEqualTo("10.0.0.1:8080");
    }

    @Test
    @DisplayName("has weight 1 when no weight label is set")
    void defaultWeight() {
        assertThat(ServiceInstance.of("orders", "o-1", "h", 1).weight()).as("default weight").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 70000})
    @DisplayName("rejects a port outside [1, 65535] and names the range")
    void badPort(int port) {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceInstance.of("orders", "o-1", "h", port))
                .withMessage("port must be in [1, 65535], but was " + port);
    }

    @Test
    @DisplayName("rejects blank service names, instance ids and hosts")
    void blankNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceInstance.of(" ", "o-1", "h", 80))
                .withMessageContaining("service must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceInstance.of("orders", "", "h", 80))
                .withMessageContaining("instanceId must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceInstance.of("orders", "o-1", "", 80))
                .withMessageContaining("host must not be blank");
        assertThatNullPointerException().isThrownBy(() -> ServiceInstance.of(null, "o-1", "h", 80))
                .withMessage("service must not be null");
    }

    @Test
    @DisplayName("rejects a weight label that is not a positive integer")
    void badWeight() {
        assertThatIllegalArgumentException().isThrownBy(
                        () -> new ServiceInstance("orders", "o-1", "h", 80, Map.of("weight", "0")))
                .withMessage("weight must be in [1, 2147483647], but was 0");
        assertThatIllegalArgumentException().isThrownBy(
                        () -> new ServiceInstance("orders", "o-1", "h", 80, Map.of("weight", "heavy")))
                .withMessageContaining("weight must be an integer");
        assertThatIllegalArgumentException().isThrownBy(
                        () -> ServiceInstance.builder("orders", "o-1").port(80).weight(-2))
                .withMessage("weight must be in [1, 2147483647], but was -2");
    }
}
