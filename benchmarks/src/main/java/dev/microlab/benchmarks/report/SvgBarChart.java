package dev.microlab.benchmarks.report;

import static dev.microlab.benchmarks.report.SvgLineChart.escape;
import static dev.microlab.benchmarks.report.SvgLineChart.fmt;
import static dev.microlab.benchmarks.report.SvgLineChart.formatTick;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A small, dependency-free SVG grouped bar chart, for comparisons at a few discrete settings
 * (1 thread, 2 threads): one group per category, one bar per series in each group, each bar with
 * its error bar (JMH's 99.9 % confidence interval). A line between two thread counts would
 * suggest values in between that were never measured; bars do not.
 *
 * <p>Series are told apart without colour: each has its own fill pattern (solid, hatched,
 * dotted, ...). The highlighted series (microlab's) comes first in every group and in the
 * legend, outlined in black and named in bold. The y axis starts at zero, so bar lengths compare.
 *
 * <pre>{@code
 * String svg = new SvgBarChart("closedCall by threads", "threads", "ops/µs, higher is better", List.of(
 *         new SvgBarChart.Series("microlab", true, List.of(new SvgBarChart.Bar("1", 12.0, 0.4))))).render();
 * }</pre>
 *
 * <p>This class is immutable and threadsafe.
 */
public final class SvgBarChart {

    /**
     * One measured bar.
     *
     * @param category the group it belongs to (e.g. {@code "2 threads"})
     * @param value its height
     * @param error half the width of its confidence interval; NaN when unknown (no error bar)
     */
    public record Bar(String category, double value, double error) {
        public Bar {
            Objects.requireNonNull(category, "category must not be null");
        }
    }

    /**
     * The bars of one implementation.
     *
     * @param name the legend's text
     * @param highlighted whether this is the series the chart is about (drawn first, marked)
     * @param bars its bars, at most one per category
     */
    public record Series(String name, boolean highlighted, List<Bar> bars) {
        public Series {
            Objects.requireNonNull(name, "name must not be null");
            bars = List.copyOf(bars);
            if (bars.isEmpty()) {
                throw new IllegalArgumentException("bars of series '" + name + "' must not be empty");
            }
        }
    }

    static final int WIDTH = 760;
    static final int HEIGHT = 420;
    private static final int LEFT = 90;
    private static final int RIGHT = 230;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final String[] COLORS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    };
    /** The fill patterns, one per series in turn: what tells bars apart in grey. */
    static final String[] PATTERNS = {"solid", "diagonal", "dots", "crosshatch", "horizontal", "vertical"};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series;
    private final List<String> categories;
    private final double yMax;

    /**
     * A chart of {@code series}; categories appear in the order they are first met.
     *
     * @throws IllegalArgumentException if there is no series
     */
    public SvgBarChart(String title, String xLabel, String yLabel, List<Series> series) {
        this.title = Objects.requireNonNull(title, "title must not be null");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel must not be null");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel must not be null");
        this.series = Objects.requireNonNull(series, "series must not be null").stream()
                .sorted(Comparator.comparing((Series s) -> !s.highlighted())).toList();
        if (this.series.isEmpty()) {
            throw new IllegalArgumentException("series must not be empty");
        }
        Set<String> cats = new LinkedHashSet<>();
        double max = 0;
        for (Series s : this.series) {
            for (Bar b : s.bars()) {
                cats.add(b.category());
                max = Math.max(max, b.value() + (Double.isFinite(b.error()) ? b.error() : 0));
            }
        }
        this.categories = List.copyOf(cats);
        this.yMax = max;
    }

    /** The categories, in drawing order. */
    public List<String> categories() {
        return categories;
    }

    /** The chart as a standalone SVG document. */
    public String render() {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        double step = yMax > 0 ? niceStep(yMax) : 1;
        double top = yMax > 0 ? Math.ceil(yMax / step) * step : 1;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("  <title>").append(escape(title)).append("</title>\n");
        svg.append("  <defs>\n");
        for (int i = 0; i < series.size(); i++) {
            svg.append(pattern(i, COLORS[i % COLORS.length]));
        }
        svg.append("  </defs>\n");
        svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("  <text x=\"").append(LEFT).append("\" y=\"28\" font-size=\"15\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n");

        svg.append("  <g class=\"y-axis\">\n");
        for (int i = 0; i * step <= top + step * 1e-9; i++) {
            double v = i * step;
            double py = TOP + (1 - v / top) * plotH;
            svg.append("    <line x1=\"").append(LEFT).append("\" y1=\"").append(fmt(py)).append("\" x2=\"")
                    .append(LEFT + plotW).append("\" y2=\"").append(fmt(py)).append("\" stroke=\"#e0e0e0\"/>\n");
            svg.append("    <text class=\"tick\" x=\"").append(LEFT - 8).append("\" y=\"").append(fmt(py + 4))
                    .append("\" text-anchor=\"end\">").append(escape(formatTick(v))).append("</text>\n");
        }
        double midY = TOP + plotH / 2.0;
        svg.append("    <text x=\"20\" y=\"").append(fmt(midY)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 20 ")
                .append(fmt(midY)).append(")\">").append(escape(yLabel)).append("</text>\n");
        svg.append("  </g>\n");

        double groupW = (double) plotW / categories.size();
        double barW = Math.min(40, groupW * 0.8 / series.size());
        svg.append("  <g class=\"x-axis\">\n");
        for (int c = 0; c < categories.size(); c++) {
            svg.append("    <text class=\"tick\" x=\"").append(fmt(LEFT + (c + 0.5) * groupW)).append("\" y=\"")
                    .append(TOP + plotH + 18).append("\" text-anchor=\"middle\">").append(escape(categories.get(c)))
                    .append("</text>\n");
        }
        svg.append("    <text x=\"").append(fmt(LEFT + plotW / 2.0)).append("\" y=\"").append(HEIGHT - 15)
                .append("\" text-anchor=\"middle\">").append(escape(xLabel)).append("</text>\n");
        svg.append("  </g>\n");

        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = COLORS[i % COLORS.length];
            String outline = s.highlighted() ? "#000" : color;
            String outlineWidth = s.highlighted() ? "2.5" : "1";
            svg.append("  <g class=\"series").append(s.highlighted() ? " highlighted" : "").append("\" data-pattern=\"")
                    .append(PATTERNS[i % PATTERNS.length]).append("\">\n");
            for (Bar b : s.bars()) {
                int c = categories.indexOf(b.category());
                double x0 = LEFT + c * groupW + (groupW - barW * series.size()) / 2 + i * barW;
                double h = b.value() / top * plotH;
                double y0 = TOP + plotH - h;
                svg.append("    <rect class=\"bar\" x=\"").append(fmt(x0 + 1)).append("\" y=\"").append(fmt(y0))
                        .append("\" width=\"").append(fmt(barW - 2)).append("\" height=\"").append(fmt(h))
                        .append("\" fill=\"url(#pattern-").append(i).append(")\" stroke=\"").append(outline)
                        .append("\" stroke-width=\"").append(outlineWidth).append("\"><title>")
                        .append(escape(s.name() + ", " + b.category() + ": " + formatTick(b.value())
                                + (Double.isFinite(b.error()) ? " ± " + formatTick(b.error()) : "") + " " + yLabel))
                        .append("</title></rect>\n");
                if (Double.isFinite(b.error()) && b.error() > 0) {
                    double cx = x0 + barW / 2;
                    double errTop = TOP + (1 - (b.value() + b.error()) / top) * plotH;
                    double errBottom = TOP + (1 - Math.max(0, b.value() - b.error()) / top) * plotH;
                    svg.append(SvgLineChart.errorBar(cx, errTop, errBottom, "#000"));
                }
            }
            double ly = TOP + 10 + i * 22;
            int lx = LEFT + plotW + 15;
            svg.append("    <rect x=\"").append(lx).append("\" y=\"").append(fmt(ly - 7)).append("\" width=\"22\" height=\"14\" fill=\"url(#pattern-")
                    .append(i).append(")\" stroke=\"").append(outline).append("\" stroke-width=\"").append(outlineWidth).append("\"/>\n");
            svg.append("    <text class=\"legend\" x=\"").append(lx + 28).append("\" y=\"").append(fmt(ly + 4)).append('"')
                    .append(s.highlighted() ? " font-weight=\"bold\"" : "").append('>').append(escape(s.name()))
                    .append("</text>\n");
            svg.append("  </g>\n");
        }
        svg.append("  <rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\" fill=\"none\" stroke=\"#333\"/>\n");
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The fill of series {@code i}: its colour, under the i-th pattern. */
    private static String pattern(int i, String color) {
        String kind = PATTERNS[i % PATTERNS.length];
        StringBuilder p = new StringBuilder("    <pattern id=\"pattern-").append(i)
                .append("\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">\n");
        p.append("      <rect width=\"8\" height=\"8\" fill=\"").append(kind.equals("solid") ? color : "white").append("\"/>\n");
        String stroke = "\" stroke=\"" + color + "\" stroke-width=\"2\"/>\n";
        switch (kind) {
            case "solid" -> { }
            case "diagonal" -> p.append("      <path d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4").append(stroke);
            case "dots" -> p.append("      <circle cx=\"4\" cy=\"4\" r=\"2\" fill=\"").append(color).append("\"/>\n");
            case "crosshatch" -> p.append("      <path d=\"M0,0 l8,8 M8,0 l-8,8").append(stroke);
            case "horizontal" -> p.append("      <path d=\"M0,4 h8").append(stroke);
            case "vertical" -> p.append("      <path d=\"M4,0 v8").append(stroke);
            default -> throw new IllegalStateException("unknown pattern " + kind);
        }
        return p.append("    </pattern>\n").toString();
    }

    /** A round step (1, 2 or 5 times a power of ten) giving about five intervals from zero to {@code max}. */
    static double niceStep(double max) {
        double raw = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** The series names, in drawing order (highlighted first). */
    List<String> seriesNames() {
        List<String> names = new ArrayList<>();
        series.forEach(s -> names.add(s.name()));
        return names;
    }
}
