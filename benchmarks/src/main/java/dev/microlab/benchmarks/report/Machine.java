package dev.microlab.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine a benchmark ran on, as the report states it: cores, operating system, CPU model.
 *
 * <p>JMH's JSON does not record the machine, so the report generator describes the machine
 * it runs on; {@code benchmarks/run} runs it right after JMH, on the same machine.
 *
 * <pre>{@code
 * Machine here = Machine.current();   // e.g. 2 cores, Linux 6.1.0 (amd64), Intel(R) Xeon(R) ...
 * }</pre>
 *
 * <p>This class is immutable and threadsafe.
 *
 * @param cores the processors available to the JVM
 * @param os operating system name, version and architecture
 * @param cpuModel the CPU's model name, or {@code "unknown"}
 */
public record Machine(int cores, String os, String cpuModel) {

    public Machine {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, but was " + cores);
        }
        Objects.requireNonNull(os, "os must not be null");
        Objects.requireNonNull(cpuModel, "cpuModel must not be null");
    }

    /** The machine this JVM runs on; the CPU model comes from {@code /proc/cpuinfo} where there is one. */
    public static Machine current() {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " (" + System.getProperty("os.arch") + ")";
        String cpu = "unknown";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                cpu = cpuModel(Files.readAllLines(cpuinfo)).orElse(cpu);
            } catch (IOException | RuntimeException e) {
                // The CPU model is a nicety; a report without it is still a report.
                cpu = "unknown (" + e.getClass().getSimpleName() + " reading /proc/cpuinfo)";
            }
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), os, cpu);
    }

    /** The first {@code model name} (x86) or {@code Model}/{@code Hardware} (ARM) entry of cpuinfo lines. */
    static Optional<String> cpuModel(List<String> cpuinfoLines) {
        for (String key : List.of("model name", "Model", "Hardware", "cpu model")) {
            for (String line : cpuinfoLines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    String value = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                    if (!value.isEmpty()) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** One line for the report, e.g. {@code 2 cores, Linux 6.1.0 (amd64), Intel(R) Xeon(R) ...}. */
    public String describe() {
        return cores + (cores == 1 ? " core" : " cores") + ", " + os + ", " + cpuModel;
    }
}
