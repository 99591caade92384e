package dev.microlab.docs.diagram;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A dashboard in the manner of Grafana, as one dependency-free SVG: small panels in a grid, each
 * a time series of meters sampled over a run. Series are told apart without colour too (each has
 * its own dash pattern), and every legend entry shows the series' last value.
 *
 * <pre>{@code
 * double[] seconds = {0, 1, 2};
 * String svg = new SvgDashboard("the shop, one run", seconds, List.of(
 *         new SvgDashboard.Panel("read-model lag", "events", List.of(
 *                 new SvgDashboard.Series("order-views", new double[] {0, 3, 0}))))).render();
 * }</pre>
 *
 * <p>The benchmarks' charts ({@code SvgLineChart}) plot measured points with error bars on log
 * axes; docs may not depend on the benchmarks module, and a dashboard needs neither, so this is
 * its own small renderer. This class is immutable and threadsafe.
 */
public final class SvgDashboard {

    /**
     * One line of a panel: a value per sample time (NaN: no value, a gap in the line).
     *
     * @param name the legend's text
     */
    public record Series(String name, double[] values) {
        /** Copies the values. */
        public Series {
            Objects.requireNonNull(name, "name must not be null");
            values = values.clone();
        }
    }

    /**
     * One panel.
     *
     * @param title what the panel shows
     * @param unit  the y axis' unit, e.g. {@code "events"}
     * @param series its lines, at least one
     */
    public record Panel(String title, String unit, List<Series> series) {
        /** Copies the series. */
        public Panel {
            Objects.requireNonNull(title, "title must not be null");
            Objects.requireNonNull(unit, "unit must not be null");
            series = List.copyOf(series);
            if (series.isEmpty()) {
                throw new IllegalArgumentException("panel '" + title + "' has no series");
            }
        }
    }

    /** Colours of Grafana's classic palette, one per series in turn. */
    private static final String[] COLOURS = {"#73bf69", "#f2cc0c", "#f2495c", "#5794f2", "#b877d9", "#ff9830"};
    /** Dash patterns, one per series in turn, so the lines differ without colour. */
    private static final String[] DASHES = {"", "6 3", "2 3", "9 3 2 3"};
    private static final int COLUMNS = 2;
    private static final int PANEL_WIDTH = 440;
    private static final int PANEL_HEIGHT = 190;
    private static final int GAP = 10;
    private static final int HEADER = 36;
    private static final int PLOT_LEFT = 46;
    private static final int PLOT_RIGHT = 14;
    private static final int PLOT_TOP = 30;
    private static final int PLOT_BOTTOM = 58;

    private final String title;
    private final double[] seconds;
    private final List<Panel> panels;

    /**
     * A dashboard of {@code panels}, whose series hold one value per entry of {@code seconds}.
     *
     * @throws IllegalArgumentException if there are no samples or panels, the times do not
     *                                  increase, or a series' length differs from the times'
     */
    public SvgDashboard(String title, double[] seconds, List<Panel> panels) {
        this.title = Objects.requireNonNull(title, "title must not be null");
        this.seconds = seconds.clone();
        this.panels = List.copyOf(panels);
        if (this.seconds.length < 2 || this.panels.isEmpty()) {
            throw new IllegalArgumentException("a dashboard needs at least 2 samples and 1 panel, but has "
                    + this.seconds.length + " samples and " + this.panels.size() + " panels");
        }
        for (int i = 1; i < this.seconds.length; i++) {
            if (this.seconds[i] < this.seconds[i - 1]) {
                throw new IllegalArgumentException("sample times must not decrease, but " + this.seconds[i]
                        + " s follows " + this.seconds[i - 1] + " s");
            }
        }
        for (Panel panel : this.panels) {
            for (Series s : panel.series()) {
                if (s.values().length != this.seconds.length) {
                    throw new IllegalArgumentException("series '" + s.name() + "' of panel '" + panel.title()
                            + "' has " + s.values().length + " values for " + this.seconds.length + " sample times");
                }
            }
        }
    }

    /** The SVG document. */
    public String render() {
        int rows = (panels.size() + COLUMNS - 1) / COLUMNS;
        int width = COLUMNS * PANEL_WIDTH + (COLUMNS + 1) * GAP;
        int height = HEADER + rows * (PANEL_HEIGHT + GAP);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<title>%s</title>%n", escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#111217\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\" fill=\"#d8d9da\">%s</text>%n",
                GAP, escape(title)));
        for (int i = 0; i < panels.size(); i++) {
            int x = GAP + (i % COLUMNS) * (PANEL_WIDTH + GAP);
            int y = HEADER + (i / COLUMNS) * (PANEL_HEIGHT + GAP);
            panel(svg, panels.get(i), x, y);
        }
        return svg.append("</svg>\n").toString();
    }

    private void panel(StringBuilder svg, Panel panel, int x, int y) {
        svg.append(String.format(Locale.ROOT, "<g class=\"panel\" transform=\"translate(%d,%d)\">%n", x, y));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" rx=\"3\" fill=\"#181b1f\""
                + " stroke=\"#2c3235\"/>%n", PANEL_WIDTH, PANEL_HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"19\" font-size=\"13\" fill=\"#d8d9da\">%s"
                + " <tspan fill=\"#8e8e8e\" font-size=\"11\">(%s)</tspan></text>%n", escape(panel.title()),
                escape(panel.unit())));
        double max = niceMax(panel);
        int plotWidth = PANEL_WIDTH - PLOT_LEFT - PLOT_RIGHT;
        int plotHeight = PANEL_HEIGHT - PLOT_TOP - PLOT_BOTTOM;
        double t0 = seconds[0];
        double span = Math.max(seconds[seconds.length - 1] - t0, 1e-9);
        for (int g = 0; g <= 2; g++) {
            double gy = PLOT_TOP + plotHeight - plotHeight * g / 2.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#2c3235\"/>%n",
                    PLOT_LEFT, gy, PLOT_LEFT + plotWidth, gy));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"#8e8e8e\""
                    + " text-anchor=\"end\">%s</text>%n", PLOT_LEFT - 5, gy + 3, number(max * g / 2)));
        }
        for (int g = 0; g <= 2; g++) {
            double at = t0 + span * g / 2;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#8e8e8e\""
                    + " text-anchor=\"middle\">%s s</text>%n", PLOT_LEFT + plotWidth * g / 2.0,
                    PLOT_TOP + plotHeight + 13, number(at)));
        }
        List<Series> series = panel.series();
        for (int s = 0; s < series.size(); s++) {
            StringBuilder points = new StringBuilder();
            double[] values = series.get(s).values();
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(values[i])) {
                    continue;
                }
                double px = PLOT_LEFT + plotWidth * (seconds[i] - t0) / span;
                double py = PLOT_TOP + plotHeight - plotHeight * Math.max(0, values[i]) / max;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            String dash = DASHES[s % DASHES.length];
            svg.append(String.format(Locale.ROOT, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\""
                    + " stroke-width=\"1.8\"%s points=\"%s\"/>%n", COLOURS[s % COLOURS.length],
                    dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"", points.toString().strip()));
            int ly = PANEL_HEIGHT - PLOT_BOTTOM + 30 + (s / 2) * 13;
            int lx = 10 + (s % 2) * (PANEL_WIDTH / 2);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"2\"%s/>%n", lx, ly - 4, lx + 18, ly - 4, COLOURS[s % COLOURS.length],
                    dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#c7d0d9\">%s:"
                    + " %s</text>%n", lx + 24, ly, escape(series.get(s).name()), number(last(values))));
        }
        svg.append("</g>\n");
    }

    /** The y axis' top: the largest value rounded up to 1, 2 or 5 times a power of ten (1 for an all-zero panel). */
    private static double niceMax(Panel panel) {
        double max = 0;
        for (Series s : panel.series()) {
            for (double v : s.values()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        if (max <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (max <= step * magnitude) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static double last(double[] values) {
        for (int i = values.length - 1; i >= 0; i--) {
            if (!Double.isNaN(values[i])) {
                return values[i];
            }
        }
        return Double.NaN;
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Text made safe inside SVG markup. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
