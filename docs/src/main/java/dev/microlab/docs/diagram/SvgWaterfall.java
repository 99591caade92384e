package dev.microlab.docs.diagram;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A trace as a waterfall, the way Jaeger and Grafana Tempo draw one, as a dependency-free SVG:
 * one row per span in tree order (children indented under their parent), a bar from the span's
 * start to its end on a time axis that starts with the trace, and its duration beside it. A
 * failed span's bar is red and its label says ERROR, so the failure reads without colour too.
 *
 * <pre>{@code
 * String svg = new SvgWaterfall("an order's trace", List.of(
 *         new SvgWaterfall.Bar("saga order", 0, 0, 900_000, false),
 *         new SvgWaterfall.Bar("payment", 1, 100_000, 400_000, true))).render();
 * }</pre>
 *
 * <p>This class is immutable and threadsafe.
 */
public final class SvgWaterfall {

    /**
     * One span.
     *
     * @param label   the span's name (and kind)
     * @param depth   how deep in the tree (0: the root)
     * @param startNanos its start, in nanoseconds after the trace's start
     * @param endNanos   its end, likewise
     * @param error   whether the span ended with status ERROR
     */
    public record Bar(String label, int depth, long startNanos, long endNanos, boolean error) {
        /** Validates. */
        public Bar {
            Objects.requireNonNull(label, "label must not be null");
            if (depth < 0 || startNanos < 0 || endNanos < startNanos) {
                throw new IllegalArgumentException("span '" + label + "': depth " + depth + ", start " + startNanos
                        + " ns, end " + endNanos + " ns (need depth >= 0 and 0 <= start <= end)");
            }
        }
    }

    private static final int WIDTH = 900;
    private static final int LABEL_WIDTH = 330;
    private static final int DURATION_WIDTH = 80;
    private static final int ROW = 22;
    private static final int TOP = 52;

    private final String title;
    private final List<Bar> bars;

    /**
     * A waterfall of {@code bars}, drawn in the order given.
     *
     * @throws IllegalArgumentException if there are no bars
     */
    public SvgWaterfall(String title, List<Bar> bars) {
        this.title = Objects.requireNonNull(title, "title must not be null");
        this.bars = List.copyOf(bars);
        if (this.bars.isEmpty()) {
            throw new IllegalArgumentException("a waterfall needs at least one span");
        }
    }

    /** The SVG document. */
    public String render() {
        long end = bars.stream().mapToLong(Bar::endNanos).max().orElse(1);
        double scale = (WIDTH - LABEL_WIDTH - DURATION_WIDTH - 10) / (double) Math.max(end, 1);
        int height = TOP + bars.size() * ROW + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<title>%s</title>%n", SvgDashboard.escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"15\" fill=\"#222\">%s</text>%n",
                SvgDashboard.escape(title)));
        for (int g = 0; g <= 4; g++) {
            double x = LABEL_WIDTH + (WIDTH - LABEL_WIDTH - DURATION_WIDTH - 10) * g / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e3e3\"/>%n",
                    x, TOP - 8, x, height - 10));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#666\""
                    + " text-anchor=\"middle\">%s</text>%n", x, TOP - 12, duration(end * g / 4)));
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = TOP + i * ROW;
            double x = LABEL_WIDTH + bar.startNanos() * scale;
            double w = Math.max(2, (bar.endNanos() - bar.startNanos()) * scale);
            String colour = bar.error() ? "#d62728" : "#1f77b4";
            svg.append(String.format(Locale.ROOT, "<g class=\"span\"><text x=\"%d\" y=\"%d\" font-size=\"11\""
                    + " fill=\"#222\">%s%s</text>%n", 10 + bar.depth() * 14, y + 14, SvgDashboard.escape(bar.label()),
                    bar.error() ? " — ERROR" : ""));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>%n",
                    x, y + 3, w, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#444\">%s</text></g>%n",
                    x + w + 4, y + 14, duration(bar.endNanos() - bar.startNanos())));
        }
        return svg.append("</svg>\n").toString();
    }

    /** {@code 840 µs}, {@code 1.3 ms}, {@code 2.0 s}. */
    static String duration(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%d µs", nanos / 1_000);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
