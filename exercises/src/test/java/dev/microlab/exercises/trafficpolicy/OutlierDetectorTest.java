package dev.microlab.exercises.trafficpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("traffic-policy")
@Tag("task:1")
@DisplayName("Exercise 3 · Traffic policy · outlier detection")
class OutlierDetectorTest {

    private static final Duration BASE = Duration.ofSeconds(30);
    private static final List<String> HOSTS = List.of("a", "b", "c", "d");

    private final ManualTimeSource time = new ManualTimeSource();

    /** 4 hosts, 3 consecutive errors eject, 30 s base ejection, at most 50 % ejected. */
    private OutlierDetector detector() {
        return new OutlierDetector(HOSTS, 3, BASE, 50, time);
    }

    private static void errors(OutlierDetector detector, String host, int times) {
        for (int i = 0; i < times; i++) {
            detector.recordError(host);
        }
    }

    @Test
    @DisplayName("outlier detection: ejects a host after consecutiveErrors errors in a row, not before")
    void ejectsAtTheThreshold() {
        // Given
        OutlierDetector detector = detector();

        // When / Then
        errors(detector, "a", 2);
        assertThat(detector.isEjected("a")).as("2 errors with consecutiveErrors = 3: not yet").isFalse();
        errors(detector, "a", 1);
        assertThat(detector.isEjected("a")).as("the 3rd error in a row ejects the host").isTrue();
    }

    @Test
    @DisplayName("outlier detection: a success resets the host's error streak")
    void successResetsTheStreak() {
        // Given
        OutlierDetector detector = detector();

        // When
        errors(detector, "a", 2);
        detector.recordSuccess("a");
        errors(detector, "a", 2);

        // Then
        assertThat(detector.isEjected("a")).as("error, error, success, error, error: never 3 in a row").isFalse();
    }

    @Test
    @DisplayName("outlier detection: each host has its own streak")
    void streaksArePerHost() {
        // Given
        OutlierDetector detector = detector();

        // When
        errors(detector, "a", 2);
        errors(detector, "b", 2);

        // Then
        assertThat(detector.healthyHosts()).as("2 errors on a and 2 on b must not add up to an ejection")
                .containsExactlyElementsOf(HOSTS);
    }

    @Test
    @DisplayName("outlier detection: healthyHosts() leaves out the ejected hosts and keeps the given order")
    void healthyHostsLeaveOutEjected() {
        // Given
        OutlierDetector detector = detector();

        // When
        errors(detector, "b", 3);

        // Then
        assertThat(detector.healthyHosts()).as("b is ejected; the others stay, in order")
                .containsExactly("a", "c", "d");
    }

    @Test
    @DisplayName("outlier detection: the first ejection lasts exactly baseEjectionTime")
    void firstEjectionLastsTheBaseTime() {
        // Given
        OutlierDetector detector = detector();
        errors(detector, "a", 3);

        // When / Then
        time.advance(BASE.minusNanos(1));
        assertThat(detector.isEjected("a")).as("1 ns before baseEjectionTime (30 s) the host is still out").isTrue();
        time.advanceNanos(1);
        assertThat(detector.healthyHosts()).as("after 30 s the host is routable again").contains("a");
        assertThat(detector.isEjected("a")).as("after 30 s the host is back").isFalse();
    }

    @Test
    @DisplayName("outlier detection: each new ejection lasts longer — base × number of ejections")
    void ejectionTimeGrows() {
        // Given
        OutlierDetector detector = detector();
        errors(detector, "a", 3);
        time.advance(BASE);

        // When: ejected a second time
        errors(detector, "a", 3);

        // Then
        time.advance(BASE.multipliedBy(2).minusNanos(1));
        assertThat(detector.isEjected("a")).as("the 2nd ejection lasts 2 × 30 s: still out just before 60 s").isTrue();
        time.advanceNanos(1);
        assertThat(detector.isEjected("a")).as("back after 60 s").isFalse();

        // And a third time
        errors(detector, "a", 3);
        time.advance(BASE.multipliedBy(3).minusNanos(1));
        assertThat(detector.isEjected("a")).as("the 3rd ejection lasts 3 × 30 s").isTrue();
    }

    @Test
    @DisplayName("outlier detection: errors reported while a host is ejected (calls already in flight) do not extend its ejection")
    void errorsWhileEjectedDoNotCount() {
        // Given
        OutlierDetector detector = detector();
        errors(detector, "a", 3);

        // When
        errors(detector, "a", 3);
        time.advance(BASE);

        // Then
        assertThat(detector.isEjected("a"))
                .as("the host was out; late errors from before the ejection must not eject it again").isFalse();
    }

    @Test
    @DisplayName("outlier detection: a host back from ejection needs a full new streak to be ejected again")
    void streakStartsOverAfterEjection() {
        // Given
        OutlierDetector detector = detector();
        errors(detector, "a", 3);
        time.advance(BASE);

        // When
        errors(detector, "a", 2);

        // Then
        assertThat(detector.isEjected("a")).as("the errors before the ejection do not count again").isFalse();
    }

    @Test
    @DisplayName("outlier detection: never ejects more than maxEjectionPercent of the hosts")
    void respectsMaxEjectionPercent() {
        // Given: 4 hosts, at most 50 % = 2 ejected
        OutlierDetector detector = detector();
        errors(detector, "a", 3);
        errors(detector, "b", 3);

        // When
        errors(detector, "c", 3);

        // Then
        assertThat(detector.isEjected("c"))
                .as("ejecting c would leave 3 of 4 hosts (75 %) out, above maxEjectionPercent = 50").isFalse();
        assertThat(detector.healthyHosts()).as("c and d keep serving").containsExactly("c", "d");
    }

    @Test
    @DisplayName("outlier detection: the cap counts the host being ejected (3 hosts at 50 %: only 1 may be out)")
    void theCapIncludesTheHostBeingEjected() {
        // Given: 3 hosts, at most 50 % ejected; a is out already (1 of 3 = 33 %)
        OutlierDetector detector = new OutlierDetector(List.of("a", "b", "c"), 3, BASE, 50, time);
        errors(detector, "a", 3);

        // When
        errors(detector, "b", 3);

        // Then
        assertThat(detector.isEjected("a")).as("1 of 3 hosts (33 %) out is within maxEjectionPercent = 50").isTrue();
        assertThat(detector.isEjected("b"))
                .as("ejecting b would leave 2 of 3 hosts (67 %) out, above maxEjectionPercent = 50: "
                        + "count the host you are about to eject")
                .isFalse();
    }

    @Test
    @DisplayName("outlier detection: a host coming back makes room under maxEjectionPercent")
    void expiredEjectionsFreeRoom() {
        // Given
        OutlierDetector detector = detector();
        errors(detector, "a", 3);
        errors(detector, "b", 3);
        time.advance(BASE);

        // When
        errors(detector, "c", 3);

        // Then
        assertThat(detector.isEjected("c")).as("a and b are back, so c may be ejected").isTrue();
    }

    @Test
    @DisplayName("outlier detection: maxEjectionPercent 0 never ejects; 100 may eject every host")
    void maxEjectionPercentBounds() {
        // Given
        OutlierDetector none = new OutlierDetector(List.of("a", "b"), 1, BASE, 0, time);
        OutlierDetector all = new OutlierDetector(List.of("a", "b"), 1, BASE, 100, time);

        // When
        for (String host : List.of("a", "b")) {
            none.recordError(host);
            all.recordError(host);
        }

        // Then
        assertThat(none.healthyHosts()).as("maxEjectionPercent = 0 turns ejection off").containsExactly("a", "b");
        assertThat(all.healthyHosts()).as("maxEjectionPercent = 100 lets every host be ejected").isEmpty();
    }

    @Test
    @DisplayName("outlier detection: rejects settings out of range and unknown hosts, naming them")
    void validation() {
        assertThatThrownBy(() -> new OutlierDetector(HOSTS, 0, BASE, 50, time)).as("consecutiveErrors = 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consecutiveErrors");
        assertThatThrownBy(() -> new OutlierDetector(HOSTS, 3, Duration.ZERO, 50, time)).as("baseEjectionTime = 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseEjectionTime");
        assertThatThrownBy(() -> new OutlierDetector(HOSTS, 3, Duration.ofSeconds(-1), 50, time)).as("negative baseEjectionTime")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseEjectionTime");
        assertThatThrownBy(() -> new OutlierDetector(List.of("a", "b", "a"), 3, BASE, 50, time)).as("a host listed twice")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hosts");
        assertThatThrownBy(() -> new OutlierDetector(HOSTS, 3, BASE, 101, time)).as("maxEjectionPercent = 101")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEjectionPercent");
        assertThatThrownBy(() -> new OutlierDetector(HOSTS, 3, BASE, -1, time)).as("maxEjectionPercent = -1")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEjectionPercent");
        assertThatThrownBy(() -> new OutlierDetector(List.of(), 3, BASE, 50, time)).as("no hosts")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hosts");
        assertThatThrownBy(() -> detector().recordError("zz")).as("a host that is not in the pool")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zz");
    }
}
