package dev.microlab.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MachineTest {

    @Test
    @DisplayName("takes the CPU model from the first 'model name' line of /proc/cpuinfo")
    void x86CpuInfo() {
        // Given
        List<String> lines = List.of("processor\t: 0", "vendor_id\t: GenuineIntel",
                "model name\t: Intel(R) Xeon(R)   CPU @ 2.20GHz", "processor\t: 1", "model name\t: other");

        // When / Then
        assertThat(Machine.cpuModel(lines)).as("whitespace is collapsed and the first CPU wins")
                .contains("Intel(R) Xeon(R) CPU @ 2.20GHz");
    }

    @Test
    @DisplayName("falls back to ARM's 'Model' line and to nothing when cpuinfo names no model")
    void otherCpuInfo() {
        assertThat(Machine.cpuModel(List.of("processor : 0", "BogoMIPS : 50.00", "Model : Raspberry Pi 4 Model B")))
                .contains("Raspberry Pi 4 Model B");
        assertThat(Machine.cpuModel(List.of("processor : 0", "flags : fpu"))).isEmpty();
    }

    @Test
    @DisplayName("describes itself in one line with cores, OS and CPU")
    void describe() {
        assertThat(Samples.MACHINE.describe()).isEqualTo("2 cores, Linux 6.1.0 (amd64), Test CPU @ 2.00GHz");
        assertThat(Machine.current().cores()).as("the JVM sees at least one core").isPositive();
    }

    @Test
    @DisplayName("rejects a machine without cores")
    void rejectsZeroCores() {
        assertThatThrownBy(() -> new Machine(0, "os", "cpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cores must be >= 1, but was 0");
    }
}
