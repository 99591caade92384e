package dev.microlab.exercises.trafficpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("traffic-policy")
@Tag("task:1")
@DisplayName("Exercise 3 · Traffic policy · weighted split")
class TrafficSplitterTest {

    private static final int REQUESTS = 10_000;

    private static int countV2(TrafficSplitter splitter, Map<String, String> headers) {
        int v2 = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String subset = splitter.route(headers);
            assertThat(subset).as("route() answers \"v1\" or \"v2\"").isIn(TrafficSplitter.V1, TrafficSplitter.V2);
            if (TrafficSplitter.V2.equals(subset)) {
                v2++;
            }
        }
        return v2;
    }

    @Test
    @DisplayName("weighted split: 90/10 sends about 10 % of the requests to v2")
    void splitsNinetyTen() {
        // Given
        TrafficSplitter splitter = new TrafficSplitter(90, 10, new Random(42));

        // When
        int v2 = countV2(splitter, Map.of());

        // Then
        assertThat(v2).as("of %d requests about 1000 should go to v2 (seeded random)", REQUESTS).isBetween(900, 1100);
    }

    @Test
    @DisplayName("weighted split: the weights are honoured for other splits too (50/50, 25/75)")
    void honoursOtherWeights() {
        assertThat(countV2(new TrafficSplitter(50, 50, new Random(7)), Map.of())).as("50/50: about half to v2")
                .isBetween(4_800, 5_200);
        assertThat(countV2(new TrafficSplitter(25, 75, new Random(7)), Map.of())).as("25/75: about 3/4 to v2")
                .isBetween(7_300, 7_700);
    }

    @Test
    @DisplayName("weighted split: 100/0 always picks v1 and 0/100 always picks v2")
    void extremeWeights() {
        assertThat(countV2(new TrafficSplitter(100, 0, new Random(1)), Map.of())).as("weight 0 for v2: never v2")
                .isZero();
        assertThat(countV2(new TrafficSplitter(0, 100, new Random(1)), Map.of())).as("weight 0 for v1: always v2")
                .isEqualTo(REQUESTS);
    }

    @Test
    @DisplayName("canary: a request with the header canary: true always goes to v2")
    void canaryHeaderGoesToV2() {
        // Given: v1 would get every request by weight
        TrafficSplitter splitter = new TrafficSplitter(100, 0, new Random(3));

        // When
        int v2 = countV2(splitter, Map.of("canary", "true", "accept", "application/json"));

        // Then
        assertThat(v2).as("canary: true overrides the weights: all %d requests to v2", REQUESTS).isEqualTo(REQUESTS);
    }

    @Test
    @DisplayName("canary: the header name matches in any case (HTTP header names are case-insensitive)")
    void headerNameIgnoresCase() {
        TrafficSplitter splitter = new TrafficSplitter(100, 0, new Random(3));
        assertThat(splitter.route(Map.of("Canary", "true"))).as("Canary: true").isEqualTo(TrafficSplitter.V2);
        assertThat(splitter.route(Map.of("CANARY", "true"))).as("CANARY: true").isEqualTo(TrafficSplitter.V2);
    }

    @Test
    @DisplayName("canary: any other value of the header uses the normal split (exact match on \"true\")")
    void otherValuesUseTheSplit() {
        TrafficSplitter splitter = new TrafficSplitter(100, 0, new Random(3));
        assertThat(countV2(splitter, Map.of("canary", "false"))).as("canary: false").isZero();
        assertThat(countV2(splitter, Map.of("canary", "yes"))).as("canary: yes").isZero();
        assertThat(countV2(splitter, Map.of("canary", "TRUE")))
                .as("canary: TRUE (the value must be exactly \"true\"; only the header name ignores case)").isZero();
        assertThat(countV2(splitter, Map.of("canary", "True"))).as("canary: True").isZero();
        assertThat(countV2(splitter, Map.of("canary", " true"))).as("canary: \" true\" (with a space)").isZero();
        assertThat(countV2(splitter, Map.of("x-canary", "true"))).as("another header named x-canary").isZero();
    }

    @Test
    @DisplayName("weighted split: rejects negative weights and weights that do not add up to 100")
    void validation() {
        Random random = new Random(0);
        assertThatThrownBy(() -> new TrafficSplitter(90, 20, random)).as("90 + 20 = 110")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100");
        assertThatThrownBy(() -> new TrafficSplitter(110, -10, random)).as("a negative weight")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrafficSplitter(-10, 110, random)).as("a negative weight")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrafficSplitter(50, 40, random)).as("50 + 40 = 90")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
