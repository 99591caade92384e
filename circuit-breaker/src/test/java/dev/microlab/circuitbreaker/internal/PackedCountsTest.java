package dev.microlab.circuitbreaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("PackedCounts")
class PackedCountsTest {

    @ParameterizedTest(name = "calls={0}, failed={1}, slow={2}")
    @CsvSource({"0,0,0", "1,0,0", "5,3,2", "999999,999999,999999", "-1,0,0", "0,-1,0", "0,0,-1", "-3,2,-5",
            "1048575,-1048576,1048575"})
    @DisplayName("decodes exactly what was added, even transiently negative fields")
    void roundTrip(long calls, long failed, long slow) {
        // Given a packed value built by adding deltas in any order
        long packed = 0;
        packed += slow * PackedCounts.SLOW;
        packed += calls * PackedCounts.CALL;
        packed += failed * PackedCounts.FAILED;

        // Then
        assertThat(PackedCounts.calls(packed)).as("calls").isEqualTo(calls);
        assertThat(PackedCounts.failed(packed)).as("failed").isEqualTo(failed);
        assertThat(PackedCounts.slow(packed)).as("slow").isEqualTo(slow);
    }

    @ParameterizedTest(name = "failed={0}, slow={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    @DisplayName("one outcome contributes one call and its own flags")
    void outcome(boolean failed, boolean slow) {
        long packed = PackedCounts.of(failed, slow);

        assertThat(PackedCounts.counts(packed)).isEqualTo(new WindowCounts(1, failed ? 1 : 0, slow ? 1 : 0));
    }
}
