package dev.microlab.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SvgBarChartTest {

    private static final SvgBarChart CHART = new SvgBarChart("closedCall by threads", "threads", "ops/µs", List.of(
            new SvgBarChart.Series("resilience4j", false, List.of(
                    new SvgBarChart.Bar("1 thread", 10, 0.5), new SvgBarChart.Bar("2 threads", 12, 0.6))),
            new SvgBarChart.Series("microlab", true, List.of(
                    new SvgBarChart.Bar("1 thread", 8, 2), new SvgBarChart.Bar("2 threads", 4, Double.NaN)))));

    @Test
    @DisplayName("puts the highlighted series first, whatever the order it was given in")
    void highlightedFirst() {
        assertThat(CHART.seriesNames()).containsExactly("microlab", "resilience4j");
        assertThat(CHART.categories()).containsExactly("1 thread", "2 threads");
    }

    @Test
    @DisplayName("bars start at zero, so their lengths compare: a bar of 8 is twice as tall as a bar of 4")
    void barsFromZero() {
        List<Double> heights = numbers(CHART.render(), "class=\"bar\"[^>]*height=\"([0-9.]+)\"");
        assertThat(heights).hasSize(4);
        assertThat(heights.get(0) / heights.get(1)).as("microlab: 8 at 1 thread, 4 at 2 threads (to SVG rounding)")
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    @DisplayName("draws an error bar for every bar whose error is known, spanning score ± error")
    void errorBars() {
        String svg = CHART.render();
        assertThat(numbers(svg, "class=\"error-bar\" d=\"M([0-9.]+),")).as("3 of the 4 bars have a known error").hasSize(3);
        assertThat(svg).contains("microlab, 1 thread: 8 ± 2 ops/µs");
    }

    @Test
    @DisplayName("rejects a chart without series and a series without bars")
    void rejectsEmpty() {
        assertThatThrownBy(() -> new SvgBarChart("t", "x", "y", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("series must not be empty");
        assertThatThrownBy(() -> new SvgBarChart.Series("s", false, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bars of series 's' must not be empty");
    }

    private static List<Double> numbers(String svg, String regex) {
        Matcher m = Pattern.compile(regex).matcher(svg);
        List<Double> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(Double.parseDouble(m.group(1)));
        }
        return found;
    }
}
