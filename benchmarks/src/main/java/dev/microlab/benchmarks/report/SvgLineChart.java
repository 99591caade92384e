package dev.microlab.benchmarks.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A small, dependency-free SVG line chart for benchmark scale curves: one line per series,
 * a marker per point with its error bar (JMH's 99.9 % confidence interval), a legend, and a
 * logarithmic axis where the values span two decades or more (so that 1e3, 1e5 and 1e6 stored
 * events sit at readable distances).
 *
 * <p>Series are told apart without colour too: each has its own marker shape and dash pattern
 * (a reader who prints the chart in grey, or does not see red and green apart, still can). A
 * <em>highlighted</em> series (microlab's own) comes first in the legend, in bold, with a thicker
 * line.
 *
 * <pre>{@code
 * String svg = new SvgLineChart("readStream", "storedEvents", "us/op", List.of(
 *         new SvgLineChart.Series("baseline-list-scan", List.of(
 *                 new SvgLineChart.Point(1_000, 2.1), new SvgLineChart.Point(1_000_000, 2_400))))).render();
 * }</pre>
 *
 * <p>This class is immutable and threadsafe.
 */
public final class SvgLineChart {

    /**
     * One measured point.
     *
     * @param error half the width of the confidence interval around {@code y} (JMH's score
     *              error); NaN when unknown, and then no error bar is drawn
     */
    public record Point(double x, double y, double error) {
        /** A point without a known error. */
        public Point(double x, double y) {
            this(x, y, Double.NaN);
        }

        /** Whether an error bar can be drawn. */
        boolean hasError() {
            return Double.isFinite(error) && error > 0;
        }
    }

    /**
     * One line of the chart.
     *
     * @param name the legend's text
     * @param points the points, in any order (they are drawn by increasing x)
     * @param highlighted whether this is the series the chart is about (microlab's): listed
     *                    first, bold in the legend, drawn with a thicker line
     */
    public record Series(String name, List<Point> points, boolean highlighted) {
        public Series {
            Objects.requireNonNull(name, "name must not be null");
            points = points.stream().sorted(Comparator.comparingDouble(Point::x)).toList();
            if (points.isEmpty()) {
                throw new IllegalArgumentException("points of series '" + name + "' must not be empty");
            }
        }

        /** A series that is not highlighted. */
        public Series(String name, List<Point> points) {
            this(name, points, false);
        }
    }

    /** Dash patterns, one per series in turn ("" is a solid line). */
    static final String[] DASHES = {"", "7 4", "2 3", "9 3 2 3", "12 4", "4 2 4 6"};
    /** Marker shapes, one per series in turn. */
    static final String[] MARKERS = {"circle", "square", "triangle", "diamond", "cross", "triangle-down"};

    /** An axis uses a log scale when all its values are positive and the largest is at least this many times the smallest. */
    static final double LOG_SCALE_RATIO = 100;

    static final int WIDTH = 760;
    static final int HEIGHT = 420;
    private static final int LEFT = 90;
    private static final int RIGHT = 230;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final String[] COLORS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    };

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series;
    private final Axis x;
    private final Axis y;

    /**
     * A chart of {@code series}.
     *
     * @throws IllegalArgumentException if there is no series
     */
    public SvgLineChart(String title, String xLabel, String yLabel, List<Series> series) {
        this.title = Objects.requireNonNull(title, "title must not be null");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel must not be null");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel must not be null");
        // highlighted series first (a stable sort: the others keep the caller's order)
        this.series = Objects.requireNonNull(series, "series must not be null").stream()
                .sorted(Comparator.comparing((Series s) -> !s.highlighted())).toList();
        if (this.series.isEmpty()) {
            throw new IllegalArgumentException("series must not be empty");
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Series s : this.series) {
            for (Point p : s.points()) {
                xs.add(p.x());
                ys.add(p.y());
                if (p.hasError()) {
                    ys.add(p.y() + p.error());
                    if (p.y() - p.error() > 0) {
                        ys.add(p.y() - p.error());   // a bar reaching zero or below is clipped on a log axis
                    }
                }
            }
        }
        this.x = Axis.of(xs, false);
        this.y = Axis.of(ys, true);
    }

    /** Whether the x axis is logarithmic. */
    public boolean logX() {
        return x.log;
    }

    /** Whether the y axis is logarithmic. */
    public boolean logY() {
        return y.log;
    }

    /** The chart as a standalone SVG document. */
    public String render() {
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("  <title>").append(escape(title)).append("</title>\n");
        svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("  <text x=\"").append(LEFT).append("\" y=\"28\" font-size=\"15\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n");

        svg.append("  <g class=\"x-axis\">\n");
        for (double tick : x.ticks()) {
            double px = LEFT + x.position(tick) * plotW;
            svg.append("    <line x1=\"").append(fmt(px)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(fmt(px))
                    .append("\" y2=\"").append(TOP + plotH).append("\" stroke=\"#e0e0e0\"/>\n");
            svg.append("    <text class=\"tick\" x=\"").append(fmt(px)).append("\" y=\"").append(TOP + plotH + 18)
                    .append("\" text-anchor=\"middle\">").append(escape(formatTick(tick))).append("</text>\n");
        }
        svg.append("    <text x=\"").append(fmt(LEFT + plotW / 2.0)).append("\" y=\"").append(HEIGHT - 15)
                .append("\" text-anchor=\"middle\">").append(escape(xLabel + (x.log ? " (log scale)" : "")))
                .append("</text>\n");
        svg.append("  </g>\n");

        svg.append("  <g class=\"y-axis\">\n");
        for (double tick : y.ticks()) {
            double py = TOP + (1 - y.position(tick)) * plotH;
            svg.append("    <line x1=\"").append(LEFT).append("\" y1=\"").append(fmt(py)).append("\" x2=\"")
                    .append(LEFT + plotW).append("\" y2=\"").append(fmt(py)).append("\" stroke=\"#e0e0e0\"/>\n");
            svg.append("    <text class=\"tick\" x=\"").append(LEFT - 8).append("\" y=\"").append(fmt(py + 4))
                    .append("\" text-anchor=\"end\">").append(escape(formatTick(tick))).append("</text>\n");
        }
        double midY = TOP + plotH / 2.0;
        svg.append("    <text x=\"20\" y=\"").append(fmt(midY)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 20 ")
                .append(fmt(midY)).append(")\">").append(escape(yLabel + (y.log ? " (log scale)" : ""))).append("</text>\n");
        svg.append("  </g>\n");

        svg.append("  <rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\" fill=\"none\" stroke=\"#333\"/>\n");

        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = COLORS[i % COLORS.length];
            String dashPattern = DASHES[i % DASHES.length];
            String dash = dashPattern.isEmpty() ? "" : " stroke-dasharray=\"" + dashPattern + "\"";
            String marker = MARKERS[i % MARKERS.length];
            String width = s.highlighted() ? "3" : "1.5";
            StringBuilder points = new StringBuilder();
            StringBuilder markers = new StringBuilder();
            for (Point p : s.points()) {
                double px = LEFT + x.position(p.x()) * plotW;
                double py = TOP + (1 - y.position(p.y())) * plotH;
                if (points.length() > 0) {
                    points.append(' ');
                }
                points.append(fmt(px)).append(',').append(fmt(py));
                if (p.hasError()) {
                    double top = TOP + (1 - y.position(p.y() + p.error())) * plotH;
                    double low = p.y() - p.error();
                    double bottom = low > 0 || !y.log ? TOP + (1 - y.position(Math.max(low, y.min))) * plotH : TOP + plotH;
                    markers.append(errorBar(px, top, bottom, color));
                }
                String tip = s.name() + ": " + formatTick(p.x()) + " → " + formatTick(p.y())
                        + (p.hasError() ? " ± " + formatTick(p.error()) : "") + " " + yLabel;
                markers.append(marker(marker, px, py, color, tip));
            }
            svg.append("  <g class=\"series").append(s.highlighted() ? " highlighted" : "").append("\">\n");
            svg.append("    <polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"").append(width)
                    .append('"').append(dash).append(" points=\"").append(points).append("\"/>\n");
            svg.append(markers);
            double ly = TOP + 10 + i * 20;
            int lx = LEFT + plotW + 15;
            svg.append("    <line x1=\"").append(lx).append("\" y1=\"").append(fmt(ly)).append("\" x2=\"").append(lx + 22)
                    .append("\" y2=\"").append(fmt(ly)).append("\" stroke=\"").append(color)
                    .append("\" stroke-width=\"").append(width).append('"').append(dash).append("/>\n");
            svg.append(marker(marker, lx + 11, ly, color, null));
            svg.append("    <text class=\"legend\" x=\"").append(lx + 28).append("\" y=\"").append(fmt(ly + 4)).append('"')
                    .append(s.highlighted() ? " font-weight=\"bold\"" : "").append('>')
                    .append(escape(s.name())).append("</text>\n");
            svg.append("  </g>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** A vertical error bar with caps, from {@code top} to {@code bottom} (SVG y coordinates). */
    static String errorBar(double px, double top, double bottom, String color) {
        return "    <path class=\"error-bar\" d=\"M" + fmt(px) + "," + fmt(top) + "V" + fmt(bottom)
                + "M" + fmt(px - 4) + "," + fmt(top) + "H" + fmt(px + 4) + "M" + fmt(px - 4) + "," + fmt(bottom)
                + "H" + fmt(px + 4) + "\" stroke=\"" + color + "\" stroke-width=\"1.2\" fill=\"none\"/>\n";
    }

    /** A marker of the given shape centred on (px, py), with a tooltip when {@code tip} is not null. */
    static String marker(String shape, double px, double py, String color, String tip) {
        String title = tip == null ? "" : "<title>" + escape(tip) + "</title>";
        double r = 4;
        String d = switch (shape) {
            case "circle" -> null;
            case "square" -> "M" + fmt(px - r) + "," + fmt(py - r) + "h" + fmt(2 * r) + "v" + fmt(2 * r) + "h" + fmt(-2 * r) + "Z";
            case "triangle" -> "M" + fmt(px) + "," + fmt(py - r - 1) + "L" + fmt(px + r + 1) + "," + fmt(py + r)
                    + "L" + fmt(px - r - 1) + "," + fmt(py + r) + "Z";
            case "triangle-down" -> "M" + fmt(px) + "," + fmt(py + r + 1) + "L" + fmt(px + r + 1) + "," + fmt(py - r)
                    + "L" + fmt(px - r - 1) + "," + fmt(py - r) + "Z";
            case "diamond" -> "M" + fmt(px) + "," + fmt(py - r - 1) + "L" + fmt(px + r + 1) + "," + fmt(py)
                    + "L" + fmt(px) + "," + fmt(py + r + 1) + "L" + fmt(px - r - 1) + "," + fmt(py) + "Z";
            case "cross" -> "M" + fmt(px - r) + "," + fmt(py - r) + "L" + fmt(px + r) + "," + fmt(py + r)
                    + "M" + fmt(px - r) + "," + fmt(py + r) + "L" + fmt(px + r) + "," + fmt(py - r);
            default -> throw new IllegalArgumentException("unknown marker shape '" + shape + "'");
        };
        if (d == null) {
            return "    <circle class=\"marker\" data-shape=\"circle\" cx=\"" + fmt(px) + "\" cy=\"" + fmt(py) + "\" r=\"" + fmt(r)
                    + "\" fill=\"" + color + "\">" + title + "</circle>\n";
        }
        boolean line = shape.equals("cross");
        return "    <path class=\"marker\" data-shape=\"" + shape + "\" d=\"" + d + "\" " + (line ? "fill=\"none\" stroke=\"" + color
                + "\" stroke-width=\"2\"" : "fill=\"" + color + "\"") + ">" + title + "</path>\n";
    }

    /** A tick label: 1k, 100k, 1M for round large numbers, plain digits otherwise. */
    static String formatTick(double v) {
        double abs = Math.abs(v);
        String[] suffixes = {"G", "M", "k"};
        double[] scales = {1e9, 1e6, 1e3};
        for (int i = 0; i < scales.length; i++) {
            if (abs >= scales[i]) {
                return plain(v / scales[i], 3) + suffixes[i];
            }
        }
        return plain(v, 3);
    }

    private static String plain(double v, int significant) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(significant)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** One axis: its range (in value space) and whether it is logarithmic. */
    private static final class Axis {
        final double min;
        final double max;
        final boolean log;
        final double step;

        private Axis(double min, double max, boolean log, double step) {
            this.min = min;
            this.max = max;
            this.log = log;
            this.step = step;
        }

        static Axis of(List<Double> values, boolean fromZero) {
            double lo = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double hi = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            if (lo > 0 && hi / lo >= LOG_SCALE_RATIO) {
                double decadeLo = Math.pow(10, Math.floor(Math.log10(lo)));
                double decadeHi = Math.pow(10, Math.ceil(Math.log10(hi)));
                return new Axis(decadeLo, decadeHi > decadeLo ? decadeHi : decadeLo * 10, true, 10);
            }
            if (fromZero && lo >= 0) {
                lo = 0;
            }
            if (hi == lo) {
                hi = lo == 0 ? 1 : lo + Math.abs(lo);
            }
            double step = step(lo, hi);
            if (!fromZero && values.stream().allMatch(v -> v == Math.rint(v))) {
                step = Math.max(1, step);   // counts (threads, listeners): no tick between 1 and 2
            }
            return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, false, step);
        }

        /** A round step (1, 2 or 5 times a power of ten) giving about five intervals. */
        static double step(double lo, double hi) {
            double raw = (hi - lo) / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 5, 10}) {
                if (m * magnitude >= raw) {
                    return m * magnitude;
                }
            }
            return 10 * magnitude;
        }

        /** Where {@code v} sits on the axis, from 0 (start) to 1 (end). */
        double position(double v) {
            if (log) {
                return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
            }
            return (v - min) / (max - min);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double t = min; t <= max * 1.0001; t *= 10) {
                    ticks.add(t);
                }
            } else {
                for (long i = 0; min + i * step <= max + step * 1e-9; i++) {
                    ticks.add(min + i * step);
                }
            }
            return ticks;
        }
    }
}
