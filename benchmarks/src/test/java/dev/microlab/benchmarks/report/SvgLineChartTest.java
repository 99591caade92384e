package dev.microlab.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SvgLineChartTest {

    private static SvgLineChart chart(double... xy) {
        List<SvgLineChart.Point> points = new ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) {
            points.add(new SvgLineChart.Point(xy[i], xy[i + 1]));
        }
        return new SvgLineChart("t", "x", "y", List.of(new SvgLineChart.Series("s", points)));
    }

    private static double[] xs(String svg) {
        Matcher m = Pattern.compile("points=\"([^\"]+)\"").matcher(svg);
        assertThat(m.find()).as("the chart has a polyline").isTrue();
        return Arrays.stream(m.group(1).split(" ")).mapToDouble(p -> Double.parseDouble(p.split(",")[0])).toArray();
    }

    @Test
    @DisplayName("uses a log x axis when x spans two decades, placing decades equally apart")
    void logAxis() {
        // Given
        SvgLineChart chart = chart(10, 1, 100, 2, 1000, 3);

        // When
        double[] xs = xs(chart.render());

        // Then
        assertThat(chart.logX()).isTrue();
        assertThat(xs[1] - xs[0]).as("10→100 and 100→1000 are the same distance on a log axis")
                .isCloseTo(xs[2] - xs[1], offset(0.2));
    }

    @Test
    @DisplayName("uses linear axes below two decades, with y starting at zero")
    void linearAxis() {
        // Given
        SvgLineChart chart = chart(0, 5, 1, 6, 4, 9);

        // When
        String svg = chart.render();
        double[] xs = xs(svg);

        // Then
        assertThat(chart.logX()).isFalse();
        assertThat(chart.logY()).isFalse();
        assertThat((xs[2] - xs[0]) / (xs[1] - xs[0])).as("x=4 is four times as far from 0 as x=1").isCloseTo(4.0,
                offset(0.01));
        assertThat(svg).contains(">0</text>").doesNotContain("log scale");
    }

    @Test
    @DisplayName("draws points by increasing x whatever their order")
    void sortsPoints() {
        double[] xs = xs(chart(4, 1, 1, 1, 2, 1).render());
        assertThat(xs).isSorted();
    }

    @Test
    @DisplayName("escapes text so that names with markup characters keep the SVG valid")
    void escapes() {
        String svg = new SvgLineChart("a<b & \"c\"", "x", "y",
                List.of(new SvgLineChart.Series("<impl>", List.of(new SvgLineChart.Point(1, 1))))).render();
        assertThat(svg).contains("a&lt;b &amp; &quot;c&quot;", "&lt;impl&gt;").doesNotContain("<impl>");
    }

    @Test
    @DisplayName("labels round large ticks with k, M and G")
    void tickLabels() {
        assertThat(Arrays.asList(SvgLineChart.formatTick(10), SvgLineChart.formatTick(1_000), SvgLineChart.formatTick(100_000),
                SvgLineChart.formatTick(1_000_000), SvgLineChart.formatTick(2.5e9), SvgLineChart.formatTick(0.05),
                SvgLineChart.formatTick(0.30000000000000004)))
                .containsExactly("10", "1k", "100k", "1M", "2.5G", "0.05", "0.3");
    }

    @Test
    @DisplayName("rejects a chart without series and a series without points")
    void rejectsEmpty() {
        assertThatThrownBy(() -> new SvgLineChart("t", "x", "y", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("series must not be empty");
        assertThatThrownBy(() -> new SvgLineChart.Series("s", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("points of series 's' must not be empty");
    }
}
