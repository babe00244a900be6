package otto.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG plotting kit: one {@link Plot} is one panel with its axes (linear or log₁₀ scales,
 * "nice" ticks), onto which lines, bands, dots, bars, rules and images are drawn. The page lays
 * panels out with CSS; every panel is a standalone {@code <svg>} element.
 */
final class Svg {
    /** Colours of chains (Okabe–Ito, colour-blind safe, without its yellow). */
    static final String[] CHAINS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F7F7F", "#8C564B"};
    /** The run's colour. */
    static final String RUN = "#0072B2";
    /** The reference's colour. */
    static final String REFERENCE = "#111111";

    /** Numbers the clip paths of a page (reset per page, so a page is the same from run to run). */
    private static final ThreadLocal<int[]> CLIPS = ThreadLocal.withInitial(() -> new int[1]);

    private Svg() {
    }

    /** Starts numbering the panels' clip paths afresh, for a new page. */
    static void resetIds() {
        CLIPS.get()[0] = 0;
    }

    /** One panel. */
    static final class Plot {
        final double width;
        final double height;
        double left = 46;
        double right = 16;
        double top = 18;
        double bottom = 30;
        private double x0 = 0;
        private double x1 = 1;
        private double y0 = 0;
        private double y1 = 1;
        private boolean xLog;
        private boolean yLog;
        private boolean xAxis = true;
        private boolean yAxis = true;
        private String title = "";
        private String tooltip = "";
        private String xLabel = "";
        private String yLabel = "";
        private String cssClass = "plot";
        private final List<String[]> data = new ArrayList<>();
        private final StringBuilder body = new StringBuilder();
        private final StringBuilder overlay = new StringBuilder();
        private double[] xTicks;
        private String[] xTickLabels;

        Plot(double width, double height) {
            this.width = width;
            this.height = height;
        }

        Plot margins(double left, double right, double top, double bottom) {
            this.left = left;
            this.right = right;
            this.top = top;
            this.bottom = bottom;
            return this;
        }

        Plot x(double lo, double hi, boolean log) {
            double[] r = widen(lo, hi, log);
            x0 = r[0];
            x1 = r[1];
            xLog = log;
            return this;
        }

        Plot y(double lo, double hi, boolean log) {
            double[] r = widen(lo, hi, log);
            y0 = r[0];
            y1 = r[1];
            yLog = log;
            return this;
        }

        /** Ticks of the x axis at given positions with given labels (a log axis with a 0, say). */
        Plot xTicks(double[] at, String[] labels) {
            xTicks = at;
            xTickLabels = labels;
            return this;
        }

        Plot title(String t) {
            title = t;
            return this;
        }

        /** The accessible name (the svg's {@code <title>}) when the panel shows no title. */
        Plot tooltip(String t) {
            tooltip = t;
            return this;
        }

        Plot labels(String x, String y) {
            xLabel = x;
            yLabel = y;
            return this;
        }

        Plot noAxes(boolean x, boolean y) {
            xAxis = !x;
            yAxis = !y;
            return this;
        }

        Plot cssClass(String c) {
            cssClass = c;
            return this;
        }

        /** A data attribute of the svg element, for scripts and tests ({@code data-name="value"}). */
        Plot data(String name, String value) {
            data.add(new String[] {name, value});
            return this;
        }

        double px(double x) {
            double u = xLog ? (Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0)) : (x - x0) / (x1 - x0);
            return left + u * (width - left - right);
        }

        double py(double y) {
            double u = yLog ? (Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) : (y - y0) / (y1 - y0);
            return height - bottom - u * (height - top - bottom);
        }

        private boolean drawable(double x, double y) {
            return Double.isFinite(x) && Double.isFinite(y) && (!xLog || x > 0) && (!yLog || y > 0);
        }

        /** A polyline through the points; NaN (or non-positive on a log axis) breaks it. */
        Plot line(double[] xs, double[] ys, String colour, double strokeWidth, String extra) {
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < xs.length; i++) {
                if (!drawable(xs[i], ys[i])) {
                    pen = false;
                    continue;
                }
                d.append(pen ? 'L' : 'M').append(f(px(xs[i]))).append(' ').append(f(clampY(py(ys[i]))));
                pen = true;
            }
            if (d.length() > 0) {
                body.append("<path fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"").append(f(strokeWidth))
                        .append("\" stroke-linejoin=\"round\"").append(extra == null ? "" : " " + extra).append(" d=\"")
                        .append(d).append("\"/>");
            }
            return this;
        }

        private double clampY(double y) {
            return Math.max(top - 4, Math.min(height - bottom + 4, y));
        }

        /** A filled band between lo and hi; NaN breaks it into pieces. */
        Plot band(double[] xs, double[] lo, double[] hi, String colour, double opacity) {
            int i = 0;
            while (i < xs.length) {
                while (i < xs.length && !(drawable(xs[i], lo[i]) && drawable(xs[i], hi[i]))) {
                    i++;
                }
                int start = i;
                while (i < xs.length && drawable(xs[i], lo[i]) && drawable(xs[i], hi[i])) {
                    i++;
                }
                if (i - start >= 2) {
                    StringBuilder d = new StringBuilder();
                    for (int k = start; k < i; k++) {
                        d.append(k == start ? 'M' : 'L').append(f(px(xs[k]))).append(' ').append(f(clampY(py(hi[k]))));
                    }
                    for (int k = i - 1; k >= start; k--) {
                        d.append('L').append(f(px(xs[k]))).append(' ').append(f(clampY(py(lo[k]))));
                    }
                    body.append("<path fill=\"").append(colour).append("\" fill-opacity=\"").append(f(opacity))
                            .append("\" stroke=\"none\" d=\"").append(d).append("Z\"/>");
                }
            }
            return this;
        }

        /** Dots: one path of zero-length segments with round caps (light even for thousands of points). */
        Plot dots(double[] xs, double[] ys, String colour, double diameter, double opacity) {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < xs.length; i++) {
                if (drawable(xs[i], ys[i])) {
                    double x = px(xs[i]);
                    double y = py(ys[i]);
                    if (x >= left - 1 && x <= width - right + 1 && y >= top - 1 && y <= height - bottom + 1) {
                        d.append('M').append(f(x)).append(' ').append(f(y)).append("h0");
                    }
                }
            }
            if (d.length() > 0) {
                body.append("<path class=\"dots\" stroke=\"").append(colour).append("\" stroke-opacity=\"").append(f(opacity))
                        .append("\" stroke-width=\"").append(f(diameter)).append("\" stroke-linecap=\"round\" d=\"").append(d)
                        .append("\"/>");
            }
            return this;
        }

        /** Bars over bins [edges[k], edges[k+1]] of the given heights. */
        Plot bars(double[] edges, double[] heights, String colour, double opacity) {
            StringBuilder d = new StringBuilder();
            double base = py(yLog ? y0 : Math.max(y0, 0));
            for (int k = 0; k < heights.length; k++) {
                if (!(heights[k] > 0) || !drawable(edges[k], heights[k])) {
                    continue;
                }
                double a = px(edges[k]);
                double b = px(edges[k + 1]);
                double top = clampY(py(heights[k]));
                d.append('M').append(f(a)).append(' ').append(f(base)).append('V').append(f(top)).append('H').append(f(b))
                        .append('V').append(f(base)).append('Z');
            }
            if (d.length() > 0) {
                body.append("<path class=\"bars\" fill=\"").append(colour).append("\" fill-opacity=\"").append(f(opacity))
                        .append("\" stroke=\"white\" stroke-width=\"0.5\" d=\"").append(d).append("\"/>");
            }
            return this;
        }

        /** A vertical rule at x, with an optional label at its top. */
        Plot vline(double x, String colour, String dash, String label) {
            if (!Double.isFinite(x) || xLog && x <= 0 || x < Math.min(x0, x1) || x > Math.max(x0, x1)) {
                return this;
            }
            double p = px(x);
            body.append("<line x1=\"").append(f(p)).append("\" x2=\"").append(f(p)).append("\" y1=\"").append(f(top))
                    .append("\" y2=\"").append(f(height - bottom)).append("\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"1\"").append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>");
            if (label != null) {
                boolean leftOfLine = p > (left + width - right) / 2;   // keep the label inside the plot area
                overlay.append("<text x=\"").append(f(leftOfLine ? p - 3 : p + 3)).append("\" y=\"").append(f(height - bottom - 4))
                        .append("\" text-anchor=\"").append(leftOfLine ? "end" : "start").append("\" font-size=\"9\" fill=\"")
                        .append(colour).append("\">").append(Html.escape(label)).append("</text>");
            }
            return this;
        }

        /** A horizontal rule at y. */
        Plot hline(double y, String colour, String dash) {
            if (!Double.isFinite(y) || yLog && y <= 0) {
                return this;
            }
            double p = py(y);
            body.append("<line x1=\"").append(f(left)).append("\" x2=\"").append(f(width - right)).append("\" y1=\"").append(f(p))
                    .append("\" y2=\"").append(f(p)).append("\" stroke=\"").append(colour).append("\" stroke-width=\"1\"")
                    .append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>");
            return this;
        }

        /** A PNG (bytes) stretched over [xa, xb] × [ya, yb] in data coordinates, pixels kept sharp. */
        Plot image(byte[] png, double xa, double xb, double ya, double yb) {
            double a = px(xa);
            double b = px(xb);
            double c = py(yb);
            double d = py(ya);
            body.append("<image class=\"raster\" x=\"").append(f(a)).append("\" y=\"").append(f(c)).append("\" width=\"")
                    .append(f(b - a)).append("\" height=\"").append(f(d - c))
                    .append("\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,")
                    .append(java.util.Base64.getEncoder().encodeToString(png)).append("\"/>");
            return this;
        }

        /** Legend entries {@code {label, colour[, dash]}}, stacked at the bottom left of the plot area. */
        Plot legend(List<String[]> entries) {
            double y = height - bottom - 6 - 12 * entries.size();
            for (String[] e : entries) {
                double x = left + 104;
                overlay.append("<line x1=\"").append(f(x - 96)).append("\" x2=\"").append(f(x - 80)).append("\" y1=\"").append(f(y + 4))
                        .append("\" y2=\"").append(f(y + 4)).append("\" stroke=\"").append(e[1]).append("\" stroke-width=\"2\"")
                        .append(e.length > 2 && e[2] != null ? " stroke-dasharray=\"" + e[2] + "\"" : "").append("/>");
                overlay.append("<text x=\"").append(f(x - 76)).append("\" y=\"").append(f(y + 7)).append("\" font-size=\"9\">")
                        .append(Html.escape(e[0])).append("</text>");
                y += 12;
            }
            return this;
        }

        /** Raw SVG in data coordinates' pixel space (for special marks). */
        Plot raw(String svg) {
            body.append(svg);
            return this;
        }

        /** Raw SVG drawn above the axes, not clipped to the plot area (labels in the margins). */
        Plot overlay(String svg) {
            overlay.append(svg);
            return this;
        }

        /** The panel as an {@code <svg>} element. */
        String render() {
            StringBuilder s = new StringBuilder();
            s.append("<svg class=\"").append(cssClass).append("\" width=\"").append(f(width))
                    .append("\" height=\"").append(f(height)).append("\" viewBox=\"0 0 ").append(f(width)).append(' ')
                    .append(f(height)).append('"');
            for (String[] d : data) {
                s.append(" data-").append(d[0]).append("=\"").append(Html.escape(d[1])).append('"');
            }
            s.append(" role=\"img\"><title>").append(Html.escape(!title.isEmpty() ? title : !tooltip.isEmpty() ? tooltip : yLabel + " against " + xLabel))
                    .append("</title>");
            double pl = left;
            double pr = width - right;
            double pt = top;
            double pb = height - bottom;
            s.append("<rect x=\"").append(f(pl)).append("\" y=\"").append(f(pt)).append("\" width=\"").append(f(pr - pl))
                    .append("\" height=\"").append(f(pb - pt)).append("\" fill=\"#fbfbfb\" stroke=\"#bbb\" stroke-width=\"0.8\"/>");
            StringBuilder grid = new StringBuilder();
            StringBuilder labels = new StringBuilder();
            if (xAxis) {
                double[] at = xTicks != null ? xTicks : ticks(x0, x1, xLog, Math.max(3, (int) ((pr - pl) / 55)));
                for (int i = 0; i < at.length; i++) {
                    double p = px(at[i]);
                    if (p < pl - 0.5 || p > pr + 0.5) {
                        continue;
                    }
                    grid.append("M").append(f(p)).append(' ').append(f(pt)).append("V").append(f(pb));
                    String label = xTickLabels != null ? xTickLabels[i] : tickLabel(at[i], at, xLog);
                    labels.append("<text x=\"").append(f(p)).append("\" y=\"").append(f(pb + 11))
                            .append("\" text-anchor=\"middle\">").append(Html.escape(label)).append("</text>");
                }
            }
            if (yAxis) {
                double[] at = ticks(y0, y1, yLog, Math.max(3, (int) ((pb - pt) / 30)));
                for (double v : at) {
                    double p = py(v);
                    if (p < pt - 0.5 || p > pb + 0.5) {
                        continue;
                    }
                    grid.append("M").append(f(pl)).append(' ').append(f(p)).append("H").append(f(pr));
                    labels.append("<text x=\"").append(f(pl - 3)).append("\" y=\"").append(f(p + 3))
                            .append("\" text-anchor=\"end\">").append(Html.escape(tickLabel(v, at, yLog))).append("</text>");
                }
            }
            if (grid.length() > 0) {
                s.append("<path stroke=\"#e6e6e6\" stroke-width=\"0.8\" d=\"").append(grid).append("\"/>");
            }
            String clip = "clip" + ++CLIPS.get()[0];
            s.append("<clipPath id=\"").append(clip).append("\"><rect x=\"").append(f(pl - 2)).append("\" y=\"").append(f(pt - 2))
                    .append("\" width=\"").append(f(pr - pl + 4)).append("\" height=\"").append(f(pb - pt + 4)).append("\"/></clipPath>");
            s.append("<g clip-path=\"url(#").append(clip).append(")\">").append(body).append("</g>");
            s.append("<g class=\"axes\" font-size=\"9\" fill=\"#333\">").append(labels).append("</g>");
            if (!title.isEmpty()) {
                s.append("<text class=\"panel-title\" x=\"").append(f(pl)).append("\" y=\"").append(f(pt - 5))
                        .append("\" font-size=\"11\" font-weight=\"600\">").append(Html.escape(title)).append("</text>");
            }
            if (!xLabel.isEmpty()) {
                s.append("<text x=\"").append(f((pl + pr) / 2)).append("\" y=\"").append(f(height - 3))
                        .append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333\">").append(Html.escape(xLabel)).append("</text>");
            }
            if (!yLabel.isEmpty()) {
                s.append("<text transform=\"translate(10 ").append(f((pt + pb) / 2)).append(") rotate(-90)\" font-size=\"10\" ")
                        .append("text-anchor=\"middle\" fill=\"#333\">").append(Html.escape(yLabel)).append("</text>");
            }
            s.append(overlay);
            s.append("</svg>");
            return s.toString();
        }
    }

    /** A range that is not empty (and positive on a log axis). */
    static double[] widen(double lo, double hi, boolean log) {
        if (log) {
            if (!(lo > 0)) {
                lo = hi > 0 ? hi / 10 : 1;
            }
            if (!(hi > lo)) {
                return new double[] {lo / 2, lo * 2};
            }
            return new double[] {lo, hi};
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new double[] {0, 1};
        }
        if (!(hi > lo)) {
            double w = Math.max(Math.abs(lo) * 0.05, 1e-9);
            return new double[] {lo - w, hi + w};
        }
        return new double[] {lo, hi};
    }

    /** Nice tick positions: steps of 1, 2 or 5 × 10^k (linear), or the decades (log). */
    static double[] ticks(double lo, double hi, boolean log, int target) {
        if (log) {
            int a = (int) Math.ceil(Math.log10(lo) - 1e-9);
            int b = (int) Math.floor(Math.log10(hi) + 1e-9);
            if (b - a >= 1) {
                int every = Math.max(1, (int) Math.ceil((b - a + 1) / (double) Math.max(target, 2)));
                List<Double> out = new ArrayList<>();
                for (int k = a; k <= b; k += every) {
                    out.add(Math.pow(10, k));
                }
                return out.stream().mapToDouble(Double::doubleValue).toArray();
            }
            // less than a decade: linear ticks within it
        }
        double step = niceStep((hi - lo) / Math.max(1, target));
        double first = Math.ceil(lo / step - 1e-9) * step;
        List<Double> out = new ArrayList<>();
        for (double v = first; v <= hi + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
            if (out.size() > 50) {
                break;
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / mag;
        double nice = r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10;
        return nice * mag;
    }

    /** A tick label as short as its spacing allows: {@code 0.25}, {@code 1e+04}, {@code 100}. */
    static String tickLabel(double v, double[] all, boolean log) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (log && all.length > 1 && all[1] / all[0] >= 9.99) {
            return a >= 1e-3 && a < 1e5 ? trim(String.format(Locale.ROOT, "%.3f", v)) : String.format(Locale.ROOT, "1e%d", Math.round(Math.log10(a)));
        }
        double step = all.length > 1 ? Math.abs(all[1] - all[0]) : a;
        if (a >= 1e5 || a < 1e-4) {
            return String.format(Locale.ROOT, "%.2g", v).replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        }
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        return trim(String.format(Locale.ROOT, "%." + Math.min(decimals, 8) + "f", v));
    }

    private static String trim(String s) {
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            s = s.replaceAll("\\.$", "");
        }
        return s;
    }

    /** A coordinate with one decimal. */
    static String f(double v) {
        long r = Math.round(v * 10);
        if (r % 10 == 0) {
            return Long.toString(r / 10);
        }
        return (r < 0 ? "-" : "") + Math.abs(r) / 10 + "." + Math.abs(r) % 10;
    }
}
