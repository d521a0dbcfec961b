package io.fw443.lab.traffic;

import java.util.List;
import java.util.Locale;

/**
 * Draws a fleet time series as an SVG: per-bucket maximum and median echo latency over time (linear or log y axis),
 * buckets in which no echo arrived (after the first echo) shaded, and a dashed vertical line per {@link Marker}.
 * Plain string building; the picture is meant for a README and a test report, so only structure is tested, not
 * pixels.
 * <p>Elements a reader (or test) can find by id/class: {@code polyline#max-latency}, {@code polyline#median-latency}
 * (one point per bucket that had echoes), {@code g.marker} (one per marker, its {@code text} the label),
 * {@code rect.no-echo}, {@code g#legend}, {@code text#title}.
 */
public final class TimelineSvg {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 60;
    private static final int BOTTOM = 50;
    private static final double LOG_FLOOR_MS = 0.1;

    private TimelineSvg() {}

    public static String render(List<SeriesRow> rows, List<Marker> markers, String title, boolean logY) {
        long originEpochMs = rows.isEmpty() ? markers.stream().mapToLong(Marker::epochMs).min().orElse(0)
                : rows.get(0).epochMs();
        double endS = rows.isEmpty() ? 1 : (rows.get(rows.size() - 1).epochMs() + LatencySeries.BUCKET_MS
                - originEpochMs) / 1000.0;
        for (Marker m : markers) {
            endS = Math.max(endS, (m.epochMs() - originEpochMs) / 1000.0);
        }
        double maxMs = rows.stream().mapToDouble(SeriesRow::maxMs).max().orElse(1);
        Axis x = new Axis(0, niceCeiling(Math.max(endS, 0.1)), LEFT, WIDTH - RIGHT, false);
        Axis y = logY ? new Axis(LOG_FLOOR_MS, Math.pow(10, Math.ceil(Math.log10(Math.max(maxMs, 1)))), HEIGHT - BOTTOM,
                TOP, true) : new Axis(0, niceCeiling(Math.max(maxMs, 1)), HEIGHT - BOTTOM, TOP, false);

        StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text id=\"title\" x=\"%d\" y=\"24\" font-size=\"16\""
                + " font-weight=\"bold\">%s</text>\n", LEFT, escape(title)));
        noEchoBands(svg, rows, originEpochMs, x, y);
        axes(svg, x, y, logY);
        svg.append(polyline("max-latency", "#d62728", rows, originEpochMs, x, y, true));
        svg.append(polyline("median-latency", "#1f77b4", rows, originEpochMs, x, y, false));
        for (Marker m : markers) {
            double px = x.map((m.epochMs() - originEpochMs) / 1000.0);
            svg.append(String.format(Locale.ROOT, "<g class=\"marker\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\""
                    + " y2=\"%d\" stroke=\"#444\" stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\""
                    + " font-size=\"11\">%s</text></g>\n", px, TOP, px, HEIGHT - BOTTOM, px + 3, TOP - 4,
                    escape(m.label())));
        }
        legend(svg);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void noEchoBands(StringBuilder svg, List<SeriesRow> rows, long originEpochMs, Axis x, Axis y) {
        boolean started = false;
        for (SeriesRow r : rows) {
            // Before the first echo the sessions are still opening: start-up, not an outage.
            started |= r.echoes() > 0;
            if (started && r.echoes() == 0) {
                double x0 = x.map((r.epochMs() - originEpochMs) / 1000.0);
                double x1 = x.map((r.epochMs() + LatencySeries.BUCKET_MS - originEpochMs) / 1000.0);
                svg.append(String.format(Locale.ROOT, "<rect class=\"no-echo\" x=\"%.1f\" y=\"%d\" width=\"%.1f\""
                        + " height=\"%d\" fill=\"#f4c7c3\"/>\n", x0, TOP, Math.max(0.5, x1 - x0),
                        HEIGHT - BOTTOM - TOP));
            }
        }
    }

    private static void axes(StringBuilder svg, Axis x, Axis y, boolean logY) {
        svg.append(String.format(Locale.ROOT, "<g id=\"axes\" stroke=\"#000\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\""
                + " y2=\"%d\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>\n", LEFT, HEIGHT - BOTTOM,
                WIDTH - RIGHT, HEIGHT - BOTTOM, LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        svg.append("<g id=\"x-ticks\">");
        double step = niceCeiling(x.max / 10);
        for (double t = 0; t <= x.max + 1e-9; t += step) {
            double px = x.map(t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", px, HEIGHT - BOTTOM, px,
                    HEIGHT - BOTTOM + 5, px, HEIGHT - BOTTOM + 18, label(t)));
        }
        svg.append("</g>\n<g id=\"y-ticks\">");
        if (logY) {
            for (double v = y.min; v <= y.max * 1.0001; v *= 10) {
                yTick(svg, y, v);
            }
        } else {
            double ystep = y.max / 5;
            for (int i = 0; i <= 5; i++) {
                yTick(svg, y, i * ystep);
            }
        }
        svg.append("</g>\n");
        svg.append(String.format(Locale.ROOT, "<text id=\"x-label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                + "time since the fleet started (s)</text>\n", (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 10));
        svg.append(String.format(Locale.ROOT, "<text id=\"y-label\" transform=\"translate(16,%d) rotate(-90)\""
                + " text-anchor=\"middle\">echo latency (ms%s)</text>\n", (TOP + HEIGHT - BOTTOM) / 2,
                logY ? ", log scale" : ""));
    }

    private static void yTick(StringBuilder svg, Axis y, double v) {
        double py = y.map(v);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, py, WIDTH - RIGHT, py, LEFT - 6,
                py + 4, label(v)));
    }

    private static String polyline(String id, String colour, List<SeriesRow> rows, long originEpochMs, Axis x, Axis y,
                                   boolean max) {
        StringBuilder points = new StringBuilder(rows.size() * 14);
        for (SeriesRow r : rows) {
            if (r.echoes() > 0) {
                double t = (r.epochMs() + LatencySeries.BUCKET_MS / 2.0 - originEpochMs) / 1000.0;
                double ms = max ? r.maxMs() : r.medianMs();
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.map(t), y.map(ms)));
            }
        }
        return String.format(Locale.ROOT, "<polyline id=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\""
                + " points=\"%s\"/>\n", id, colour, points.toString().trim());
    }

    private static void legend(StringBuilder svg) {
        int lx = WIDTH - RIGHT - 330;
        svg.append(String.format(Locale.ROOT, "<g id=\"legend\" transform=\"translate(%d,34)\">"
                + "<line x1=\"0\" y1=\"0\" x2=\"20\" y2=\"0\" stroke=\"#d62728\" stroke-width=\"2\"/>"
                + "<text x=\"24\" y=\"4\">max per 50 ms</text>"
                + "<line x1=\"120\" y1=\"0\" x2=\"140\" y2=\"0\" stroke=\"#1f77b4\" stroke-width=\"2\"/>"
                + "<text x=\"144\" y=\"4\">median</text>"
                + "<rect x=\"200\" y=\"-6\" width=\"14\" height=\"12\" fill=\"#f4c7c3\"/>"
                + "<text x=\"218\" y=\"4\">no echo</text></g>\n", lx));
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v - 1e-12) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A value range mapped onto pixels (y runs downwards, so its pixel range is given bottom first). */
    private record Axis(double min, double max, double fromPx, double toPx, boolean log) {
        double map(double v) {
            double f;
            if (log) {
                double c = Math.max(v, min);
                f = (Math.log10(c) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
            } else {
                f = (v - min) / (max - min);
            }
            return fromPx + Math.min(1, Math.max(0, f)) * (toPx - fromPx);
        }
    }
}
