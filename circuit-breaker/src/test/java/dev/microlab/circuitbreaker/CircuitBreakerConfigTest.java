package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("CircuitBreakerConfig")
class CircuitBreakerConfigTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("failureRateThreshold 0", b -> b.failureRateThreshold(0),
                        "failureRateThreshold must be in (0, 100], but was 0.0"),
                bad("failureRateThreshold 150", b -> b.failureRateThreshold(150),
                        "failureRateThreshold must be in (0, 100], but was 150.0"),
                bad("failureRateThreshold NaN", b -> b.failureRateThreshold(Float.NaN),
                        "failureRateThreshold must be in (0, 100], but was NaN"),
                bad("slowCallRateThreshold -1", b -> b.slowCallRateThreshold(-1),
                        "slowCallRateThreshold must be in (0, 100], but was -1.0"),
                bad("slowCallDuration zero", b -> b.slowCallDuration(Duration.ZERO),
                        "slowCallDuration must be > 0, but was PT0S"),
                bad("count window size 0", b -> b.slidingWindow(SlidingWindowType.COUNT_BASED, 0),
                        "slidingWindowSize must be in [1, 1000000] for a COUNT_BASED window, but was 0"),
                bad("time window size too large", b -> b.slidingWindow(SlidingWindowType.TIME_BASED, 86_401),
                        "slidingWindowSize must be in [1, 86400] for a TIME_BASED window, but was 86401"),
                bad("minimumNumberOfCalls 0", b -> b.minimumNumberOfCalls(0),
                        "minimumNumberOfCalls must be >= 1, but was 0"),
                bad("permittedCallsInHalfOpen 0", b -> b.permittedCallsInHalfOpen(0),
                        "permittedCallsInHalfOpen must be in [1, 1000000], but was 0"),
                bad("successThresholdInHalfOpen 0", b -> b.successThresholdInHalfOpen(0),
                        "successThresholdInHalfOpen must be >= 1, but was 0"),
                bad("maxWaitInHalfOpen negative", b -> b.maxWaitInHalfOpen(Duration.ofSeconds(-1)),
                        "maxWaitInHalfOpen must be > 0, but was PT-1S"),
                bad("waitDurationInOpen zero", b -> b.waitDurationInOpen(Duration.ZERO),
                        "waitDurationInOpen must be > 0, but was PT0S"),
                bad("openWaitMultiplier below 1", b -> b.exponentialOpenWait(0.5, Duration.ofMinutes(5)),
                        "openWaitMultiplier must be in [1, 1000], but was 0.5"),
                bad("openWaitMultiplier NaN", b -> b.exponentialOpenWait(Double.NaN, Duration.ofMinutes(5)),
                        "openWaitMultiplier must be in [1, 1000], but was NaN"),
                bad("exception type that is not a Throwable", b -> b.ignoreExceptions(String.class),
                        "ignoreExceptions: types must be Throwable types, but contained java.lang.String"));
    }

    private static Arguments bad(String label, Consumer<CircuitBreakerConfig.Builder> setter, String message) {
        return Arguments.of(label, setter, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    @DisplayName("a bad value is rejected with a message naming the field, the value and the range")
    void rejectsBadValue(String label, Consumer<CircuitBreakerConfig.Builder> setter, String message) {
        // Given
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder();

        // When / Then
        assertThatThrownBy(() -> setter.accept(builder))
                .as("setting %s", label)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    @DisplayName("a count window cannot need more calls than it holds")
    void minimumCallsAboveCountWindow() {
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder()
                .slidingWindow(SlidingWindowType.COUNT_BASED, 10).minimumNumberOfCalls(20);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimumNumberOfCalls must be in [1, slidingWindowSize=10] for a COUNT_BASED window, but was 20");
    }

    @Test
    @DisplayName("a time window may need more calls than it has seconds")
    void minimumCallsAboveTimeWindowSeconds() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
                .slidingWindow(SlidingWindowType.TIME_BASED, 10).minimumNumberOfCalls(500).build();

        assertThat(config.minimumNumberOfCalls()).as("500 calls in 10 seconds is a normal requirement").isEqualTo(500);
    }

    @Test
    @DisplayName("the success threshold cannot exceed the permitted trial calls")
    void successThresholdAbovePermitted() {
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder()
                .permittedCallsInHalfOpen(3).successThresholdInHalfOpen(4);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("successThresholdInHalfOpen must be in [1, permittedCallsInHalfOpen=3], but was 4");
    }

    @Test
    @DisplayName("the open-wait cap cannot be below the first wait")
    void openWaitCapBelowWait() {
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder()
                .waitDurationInOpen(Duration.ofSeconds(10)).exponentialOpenWait(2, Duration.ofSeconds(5));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWaitDurationInOpen must be >= waitDurationInOpen=PT10S, but was PT5S");
    }

    @Test
    @DisplayName("a null argument is rejected with its name")
    void rejectsNull() {
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().slowCallDuration(null))
                .isInstanceOf(NullPointerException.class).hasMessage("slowCallDuration: duration must not be null");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().recordException(null))
                .isInstanceOf(NullPointerException.class).hasMessage("recordException: predicate must not be null");
    }

    @Test
    @DisplayName("the defaults match the documented values")
    void defaults() {
        CircuitBreakerConfig config = CircuitBreakerConfig.ofDefaults();

        assertThat(config.failureRateThreshold()).isEqualTo(50f);
        assertThat(config.slowCallRateThreshold()).isEqualTo(100f);
        assertThat(config.slowCallDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.slidingWindowType()).isEqualTo(SlidingWindowType.COUNT_BASED);
        assertThat(config.slidingWindowSize()).isEqualTo(100);
        assertThat(config.minimumNumberOfCalls()).isEqualTo(100);
        assertThat(config.permittedCallsInHalfOpen()).isEqualTo(10);
        assertThat(config.successThresholdInHalfOpen()).isEmpty();
        assertThat(config.maxWaitInHalfOpen()).as("half-open must not be able to stick forever by default")
                .contains(Duration.ofSeconds(60));
        assertThat(config.waitDurationInOpen()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.openWaitMultiplier()).isEqualTo(1.0);
        assertThat(config.maxWaitDurationInOpen()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.automaticTransitionToHalfOpen()).isFalse();
        assertThat(config.writableStackTrace()).as("rejections are stackless by default").isFalse();
        assertThat(config.recordException().test(new IOException())).as("every exception is recorded").isTrue();
        assertThat(config.ignoreException().test(new IOException())).as("no exception is ignored").isFalse();
        assertThat(config.recordResult().test("anything")).as("no result is a failure").isFalse();
    }

    @Test
    @DisplayName("from(base) copies every value and lets one be changed")
    void derivesFromBase() {
        CircuitBreakerConfig base = CircuitBreakerConfig.builder()
                .failureRateThreshold(30).slidingWindow(SlidingWindowType.TIME_BASED, 20).minimumNumberOfCalls(5)
                .successThresholdInHalfOpen(2).noMaxWaitInHalfOpen().automaticTransitionToHalfOpen(true).build();

        CircuitBreakerConfig derived = CircuitBreakerConfig.from(base).failureRateThreshold(40).build();

        assertThat(derived.failureRateThreshold()).isEqualTo(40f);
        assertThat(derived.slidingWindowType()).isEqualTo(SlidingWindowType.TIME_BASED);
        assertThat(derived.slidingWindowSize()).isEqualTo(20);
        assertThat(derived.minimumNumberOfCalls()).isEqualTo(5);
        assertThat(derived.successThresholdInHalfOpen()).hasValue(2);
        assertThat(derived.maxWaitInHalfOpen()).isEmpty();
        assertThat(derived.automaticTransitionToHalfOpen()).isTrue();
        assertThat(base.failureRateThreshold()).as("the base is immutable").isEqualTo(30f);
    }

    /** Every option set away from its default, each as a builder call, so a test can replay them. */
    static List<Consumer<CircuitBreakerConfig.Builder>> everyOptionChanged() {
        return List.of(
                b -> b.failureRateThreshold(30),
                b -> b.slowCallRateThreshold(80),
                b -> b.slowCallDuration(Duration.ofSeconds(2)),
                b -> b.slidingWindow(SlidingWindowType.TIME_BASED, 20),
                b -> b.minimumNumberOfCalls(5),
                b -> b.permittedCallsInHalfOpen(4),
                b -> b.successThresholdInHalfOpen(2),
                b -> b.noMaxWaitInHalfOpen(),
                b -> b.waitDurationInOpen(Duration.ofSeconds(10)),
                b -> b.automaticTransitionToHalfOpen(true),
                b -> b.recordException(RECORD_IO),
                b -> b.ignoreException(IGNORE_ILLEGAL_ARGUMENT),
                b -> b.recordResult(NULL_IS_FAILURE),
                b -> b.writableStackTrace(!CircuitBreakerConfig.ofDefaults().writableStackTrace()));
    }

    private static final Predicate<Throwable> RECORD_IO = t -> t instanceof IOException;
    private static final Predicate<Throwable> IGNORE_ILLEGAL_ARGUMENT = t -> t instanceof IllegalArgumentException;
    private static final Predicate<Object> NULL_IS_FAILURE = Objects::isNull;

    static Stream<Arguments> oneOverride() {
        return Stream.of(
                Arguments.of("failureRateThreshold", (Consumer<CircuitBreakerConfig.Builder>) b -> b.failureRateThreshold(70)),
                Arguments.of("slowCallRateThreshold", (Consumer<CircuitBreakerConfig.Builder>) b -> b.slowCallRateThreshold(60)),
                Arguments.of("slowCallDuration", (Consumer<CircuitBreakerConfig.Builder>) b -> b.slowCallDuration(Duration.ofSeconds(9))),
                Arguments.of("slidingWindow", (Consumer<CircuitBreakerConfig.Builder>) b -> b.slidingWindow(SlidingWindowType.COUNT_BASED, 50)),
                Arguments.of("minimumNumberOfCalls", (Consumer<CircuitBreakerConfig.Builder>) b -> b.minimumNumberOfCalls(7)),
                Arguments.of("permittedCallsInHalfOpen", (Consumer<CircuitBreakerConfig.Builder>) b -> b.permittedCallsInHalfOpen(6)),
                Arguments.of("successThresholdInHalfOpen", (Consumer<CircuitBreakerConfig.Builder>) b -> b.successThresholdInHalfOpen(3)),
                Arguments.of("noSuccessThresholdInHalfOpen", (Consumer<CircuitBreakerConfig.Builder>) b -> b.noSuccessThresholdInHalfOpen()),
                Arguments.of("maxWaitInHalfOpen", (Consumer<CircuitBreakerConfig.Builder>) b -> b.maxWaitInHalfOpen(Duration.ofSeconds(5))),
                Arguments.of("waitDurationInOpen longer than the base's", (Consumer<CircuitBreakerConfig.Builder>) b -> b.waitDurationInOpen(Duration.ofSeconds(30))),
                Arguments.of("waitDurationInOpen shorter than the base's", (Consumer<CircuitBreakerConfig.Builder>) b -> b.waitDurationInOpen(Duration.ofSeconds(3))),
                Arguments.of("exponentialOpenWait", (Consumer<CircuitBreakerConfig.Builder>) b -> b.exponentialOpenWait(2, Duration.ofMinutes(5))),
                Arguments.of("automaticTransitionToHalfOpen", (Consumer<CircuitBreakerConfig.Builder>) b -> b.automaticTransitionToHalfOpen(false)),
                Arguments.of("recordException", (Consumer<CircuitBreakerConfig.Builder>) b -> b.recordException(t -> true)),
                Arguments.of("recordExceptions", (Consumer<CircuitBreakerConfig.Builder>) b -> b.recordExceptions(IllegalStateException.class)),
                Arguments.of("ignoreException", (Consumer<CircuitBreakerConfig.Builder>) b -> b.ignoreException(t -> false)),
                Arguments.of("ignoreExceptions", (Consumer<CircuitBreakerConfig.Builder>) b -> b.ignoreExceptions(IllegalStateException.class)),
                Arguments.of("recordResult", (Consumer<CircuitBreakerConfig.Builder>) b -> b.recordResult(r -> false)),
                Arguments.of("writableStackTrace", (Consumer<CircuitBreakerConfig.Builder>) b -> b.writableStackTrace(false)));
    }

    private static CircuitBreakerConfig.Builder replayed(List<Consumer<CircuitBreakerConfig.Builder>> calls) {
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder();
        calls.forEach(call -> call.accept(builder));
        return builder;
    }

    @Test
    @DisplayName("from(x).build() equals x, for the defaults and for a config with every option changed")
    void fromRoundTrips() {
        CircuitBreakerConfig changed = replayed(everyOptionChanged()).build();
        CircuitBreakerConfig growing = CircuitBreakerConfig.builder().waitDurationInOpen(Duration.ofSeconds(5))
                .exponentialOpenWait(3, Duration.ofMinutes(2)).build();

        for (CircuitBreakerConfig x : List.of(CircuitBreakerConfig.ofDefaults(), changed, growing)) {
            assertThat(CircuitBreakerConfig.from(x).build()).as("from(%s).build()", x).isEqualTo(x);
            assertThat(CircuitBreakerConfig.from(x).build().hashCode()).isEqualTo(x.hashCode());
        }
        assertThat(changed).as("a config with options changed differs from the defaults")
                .isNotEqualTo(CircuitBreakerConfig.ofDefaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneOverride")
    @DisplayName("from(base) with one option overridden equals the base's calls replayed plus that override")
    void overrideOneOption(String option, Consumer<CircuitBreakerConfig.Builder> override) {
        // Given a base that sets every option (and leaves derived defaults, like the open-wait cap, derived)
        CircuitBreakerConfig base = replayed(everyOptionChanged()).build();
        CircuitBreakerConfig.Builder expected = replayed(everyOptionChanged());
        override.accept(expected);

        // When
        CircuitBreakerConfig.Builder derived = CircuitBreakerConfig.from(base);
        override.accept(derived);

        // Then
        assertThat(derived.build()).as("from(base) then %s", option).isEqualTo(expected.build());
    }

    @Test
    @DisplayName("a derived default follows the option it derives from (Resilience4j-style from() bug)")
    void derivedDefaultIsNotFrozenByFrom() {
        CircuitBreakerConfig base = CircuitBreakerConfig.builder().waitDurationInOpen(Duration.ofSeconds(10)).build();

        CircuitBreakerConfig longer = CircuitBreakerConfig.from(base).waitDurationInOpen(Duration.ofSeconds(30)).build();
        CircuitBreakerConfig shorter = CircuitBreakerConfig.from(base).waitDurationInOpen(Duration.ofSeconds(3)).build();

        assertThat(longer.maxWaitDurationInOpen()).as("the cap defaults to the wait, not to the base's wait")
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(shorter.maxWaitDurationInOpen()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("recordExceptions() with no types is rejected: it would leave the breaker unable to open on exceptions")
    void recordExceptionsWithNoTypes() {
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().recordExceptions())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recordExceptions: types must name at least one exception type, but was empty "
                        + "(to record every exception, keep the default or use recordException(t -> true))");
    }

    @Test
    @DisplayName("ignoreExceptions() with no types ignores nothing, as the default does")
    void ignoreExceptionsWithNoTypes() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().ignoreExceptions().build();

        assertThat(config.ignoreException().test(new IOException())).isFalse();
    }
}
