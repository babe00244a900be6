package otto.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of the report, each as SVG markup. */
final class Figures {
    /** Points of a trace plot per chain, at most. */
    static final int TRACE_POINTS = 1000;
    /** Points of a pair-plot panel, at most (the run's; the reference gets half). */
    static final int PAIR_POINTS = 800;
    /** Chains drawn in trace and rank plots, at most. */
    static final int MAX_CHAINS = 8;

    private Figures() {
    }

    /** The position of iteration i on a log axis that also shows 0: i ≥ 1 at i, 0 half a decade below 1. */
    static double iterationAxis(double i) {
        return i >= 1 ? i : i >= 0 ? Math.pow(10, -0.5) : Double.NaN;
    }

    /**
     * A quantity of the trace against the iterations on a log scale (0 shown half a decade below
     * 1), or against the elapsed seconds (log scale).
     */
    static Svg.Plot traceAgainst(double[] x, boolean iterations, double[] y, double[] se, String name, double width,
            double height) {
        double[] xs = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xs[i] = iterations ? iterationAxis(x[i]) : x[i] > 0 ? x[i] : Double.NaN;
        }
        double[] lo = null;
        double[] hi = null;
        if (se != null) {
            lo = new double[y.length];
            hi = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                lo[i] = y[i] - 2 * se[i];
                hi[i] = y[i] + 2 * se[i];
            }
        }
        double[] yr = finiteRange(y, lo, hi);
        double[] xr = logRange(xs);
        Svg.Plot p = new Svg.Plot(width, height).x(xr[0], xr[1], true).y(yr[0], yr[1], false);
        if (iterations) {
            boolean zero = false;
            for (double v : x) {
                zero |= v == 0;
            }
            double[] decades = Svg.ticks(Math.max(1, xr[0]), Math.max(xr[1], 1.0001), true, 6);
            List<Double> at = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            if (zero) {
                at.add(iterationAxis(0));
                labels.add("0");
            }
            for (double d : decades) {
                at.add(d);
                labels.add(Svg.tickLabel(d, decades, true));
            }
            p.xTicks(at.stream().mapToDouble(Double::doubleValue).toArray(), labels.toArray(new String[0]));
        }
        if (se != null) {
            p.band(xs, lo, hi, Svg.RUN, 0.2);
        }
        p.line(xs, y, Svg.RUN, 1.4, null);
        p.labels(iterations ? "iteration (log scale)" : "elapsed seconds (log scale)", name);
        return p;
    }

    /** A quantity of the trace against the iterations on a linear scale, over the given rows. */
    static Svg.Plot traceLinear(double[] x, double[] y, double[] se, int from, String name, double width, double height) {
        int n = x.length - from;
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] lo = se == null ? null : new double[n];
        double[] hi = se == null ? null : new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[from + i];
            ys[i] = y[from + i];
            if (se != null) {
                lo[i] = ys[i] - 2 * se[from + i];
                hi[i] = ys[i] + 2 * se[from + i];
            }
        }
        double[] xr = finiteRange(xs);
        double[] yr = finiteRange(ys, lo, hi);
        Svg.Plot p = new Svg.Plot(width, height).x(xr[0], xr[1], false).y(yr[0], yr[1], false);
        if (se != null) {
            p.band(xs, lo, hi, Svg.RUN, 0.2);
        }
        return p.line(xs, ys, Svg.RUN, 1.4, null).labels("iteration", name);
    }

    /** The range of the positive finite values, padded by 4 % of it on a log scale. */
    static double[] logRange(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x) && x > 0) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        if (!(hi >= lo)) {
            return new double[] {1, 10};
        }
        if (hi == lo) {
            return new double[] {lo / 2, hi * 2};
        }
        double pad = Math.pow(hi / lo, 0.04);
        return new double[] {lo / pad, hi * pad};
    }

    /** The range of the finite values of all the arrays (padded by 4 %). */
    static double[] finiteRange(double[]... arrays) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) {
            if (a == null) {
                continue;
            }
            for (double v : a) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi >= lo)) {
            return new double[] {0, 1};
        }
        double pad = (hi - lo) * 0.04;
        return new double[] {lo - pad, hi + pad};
    }

    /** The marginal of a quantity: a histogram (as a density) and a KDE of the run, the reference's KDE dashed. */
    static Svg.Plot marginal(String name, double[] run, double[] reference, double width, double height, boolean labels) {
        double[] r = Stats.range(run, reference);
        int bins = Stats.histogramBins(run, r[0], r[1]);
        int[] counts = Stats.histogram(run, r[0], r[1], bins);
        double binWidth = (r[1] - r[0]) / bins;
        double n = Stats.sorted(run).length;
        double[] edges = new double[bins + 1];
        double[] heights = new double[bins];
        double top = 0;
        for (int k = 0; k <= bins; k++) {
            edges[k] = r[0] + k * binWidth;
        }
        for (int k = 0; k < bins; k++) {
            heights[k] = counts[k] / (n * binWidth);
            top = Math.max(top, heights[k]);
        }
        double[] at = Stats.grid(r[0], r[1], 160);
        double[] kde = Stats.sorted(run).length > 1 ? Stats.kde(Stats.sorted(run), at) : new double[at.length];
        double[] ref = reference == null || Stats.sorted(reference).length < 2 ? null : Stats.kde(Stats.sorted(reference), at);
        for (int k = 0; k < at.length; k++) {
            top = Math.max(top, kde[k]);
            if (ref != null) {
                top = Math.max(top, ref[k]);
            }
        }
        Svg.Plot p = new Svg.Plot(width, height).x(r[0], r[1], false).y(0, top * 1.08, false).title(name)
                .data("quantity", name).data("reference", ref == null ? "no" : "yes").cssClass("plot marginal");
        if (!labels) {
            p.margins(4, 4, 4, 4).noAxes(true, true).title("").overlay("<text x=\"8\" y=\"16\" font-size=\"11\" "
                    + "font-weight=\"600\">" + Html.escape(name) + "</text>");
        }
        p.bars(edges, heights, Svg.RUN, 0.35).line(at, kde, Svg.RUN, 1.6, null);
        if (ref != null) {
            p.line(at, ref, Svg.REFERENCE, 1.4, "stroke-dasharray=\"4 3\" class=\"reference\"");
        }
        return p;
    }

    /** A trace plot: each chain's draws against the draw number (the first MAX_CHAINS chains, thinned). */
    static Svg.Plot tracePlot(String name, double[][] chains, double width, double height) {
        int shown = Math.min(MAX_CHAINS, chains.length);
        double[][] sub = new double[shown][];
        System.arraycopy(chains, 0, sub, 0, shown);
        double[] r = Stats.range(pooled(sub));
        int n = 0;
        for (double[] c : sub) {
            n = Math.max(n, c.length);
        }
        Svg.Plot p = new Svg.Plot(width, height).x(1, Math.max(2, n), false).y(r[0], r[1], false).title(name)
                .labels("draw", "").data("quantity", name).data("chains", Integer.toString(chains.length))
                .cssClass("plot trace-plot");
        for (int c = 0; c < shown; c++) {
            int[] idx = Stats.thin(sub[c].length, TRACE_POINTS);
            double[] xs = new double[idx.length];
            double[] ys = new double[idx.length];
            for (int k = 0; k < idx.length; k++) {
                xs[k] = idx[k] + 1;
                ys[k] = sub[c][idx[k]];
            }
            p.line(xs, ys, Svg.CHAINS[c % Svg.CHAINS.length], 0.9, "stroke-opacity=\"0.8\"");
        }
        return p;
    }

    /**
     * A rank plot as ArviZ and bayesplot draw it: the ranks of all draws pooled, histogrammed per
     * chain (one row per chain). Each row has a dashed line at the expected count and a grey band,
     * the central 99 % of Binomial(draws, 1/bins) each bar stays in when the chains mix; bars outside
     * it are red.
     */
    static Svg.Plot rankPlot(String name, double[][] chains, double width, double rowHeight) {
        int shown = Math.min(MAX_CHAINS, chains.length);
        double[][] ranks = Stats.ranks(chains);
        int total = 0;
        int perChain = Integer.MAX_VALUE;
        for (double[] c : chains) {
            total += c.length;
            perChain = Math.min(perChain, c.length);
        }
        int bins = Stats.rankBins(perChain);
        double expected = perChain / (double) bins;
        int[] band = Stats.binomialInterval(perChain, 1.0 / bins, 0.99);
        double height = shown * rowHeight + 18 + 30;
        Svg.Plot p = new Svg.Plot(width, height).x(0, total, false).y(0, shown, false).title(name)
                .labels("rank (all chains pooled)", "").noAxes(false, true).margins(46, 10, 18, 30)
                .data("quantity", name).data("bins", Integer.toString(bins)).cssClass("plot rank-plot");
        double scale = 0.42 / expected;   // the expected count reaches 42 % of a row
        StringBuilder s = new StringBuilder();
        int outside = 0;
        for (int c = 0; c < shown; c++) {
            double row = shown - 1 - c;   // chain 1 on top
            int[] counts = Stats.rankHistogram(ranks[c], total, bins);
            s.append("<rect x=\"").append(Svg.f(p.px(0))).append("\" y=\"").append(Svg.f(p.py(row + band[1] * scale)))
                    .append("\" width=\"").append(Svg.f(p.px(total) - p.px(0))).append("\" height=\"")
                    .append(Svg.f(p.py(row + band[0] * scale) - p.py(row + band[1] * scale)))
                    .append("\" fill=\"#999\" fill-opacity=\"0.18\"/>");
            StringBuilder inside = new StringBuilder();
            StringBuilder out = new StringBuilder();
            for (int b = 0; b < bins; b++) {
                double x0 = p.px(b * (double) total / bins) + 0.5;
                double x1 = p.px((b + 1) * (double) total / bins) - 0.5;
                double y0 = p.py(row);
                double y1 = p.py(row + Math.min(counts[b] * scale, 0.96));
                boolean bad = counts[b] < band[0] || counts[b] > band[1];
                outside += bad ? 1 : 0;
                (bad ? out : inside).append('M').append(Svg.f(x0)).append(' ').append(Svg.f(y0)).append('V').append(Svg.f(y1))
                        .append('H').append(Svg.f(x1)).append('V').append(Svg.f(y0)).append('Z');
            }
            String colour = Svg.CHAINS[c % Svg.CHAINS.length];
            if (inside.length() > 0) {
                s.append("<path fill=\"").append(colour).append("\" fill-opacity=\"0.75\" d=\"").append(inside).append("\"/>");
            }
            if (out.length() > 0) {
                s.append("<path class=\"outside\" fill=\"#d62728\" d=\"").append(out).append("\"/>");
            }
            s.append("<line x1=\"").append(Svg.f(p.px(0))).append("\" x2=\"").append(Svg.f(p.px(total))).append("\" y1=\"")
                    .append(Svg.f(p.py(row + expected * scale))).append("\" y2=\"").append(Svg.f(p.py(row + expected * scale)))
                    .append("\" stroke=\"#333\" stroke-width=\"0.8\" stroke-dasharray=\"3 2\"/>");
            p.overlay("<text x=\"" + Svg.f(p.left - 4) + "\" y=\"" + Svg.f(p.py(row + 0.3))
                    + "\" font-size=\"9\" text-anchor=\"end\" fill=\"" + colour + "\">chain " + (c + 1) + "</text>");
        }
        p.raw(s.toString()).data("outside", Integer.toString(outside));
        return p;
    }

    /** The draws of all chains, pooled. */
    static double[] pooled(double[][] chains) {
        int n = 0;
        for (double[] c : chains) {
            n += c.length;
        }
        double[] out = new double[n];
        int k = 0;
        for (double[] c : chains) {
            System.arraycopy(c, 0, out, k, c.length);
            k += c.length;
        }
        return out;
    }

    /** One scatter panel of a pair plot: the reference's draws in grey beneath the run's. */
    static Svg.Plot scatter(String xName, double[] x, double[] refX, String yName, double[] y, double[] refY, double size,
            boolean xLabel, boolean yLabel) {
        return scatter(xName, x, refX, yName, y, refY, null, size, xLabel, yLabel);
    }

    /**
     * As {@link #scatter(String, double[], double[], String, double[], double[], double, boolean, boolean)}, with the
     * draws flagged in {@code divergent} (Stan's {@code divergent__} = 1; may be null) drawn on top in magenta, every one
     * of them (they are few, and where they fall is the point).
     */
    static Svg.Plot scatter(String xName, double[] x, double[] refX, String yName, double[] y, double[] refY,
            double[] divergent, double size, boolean xLabel, boolean yLabel) {
        double[] xr = Stats.range(x, refX);
        double[] yr = Stats.range(y, refY);
        Svg.Plot p = new Svg.Plot(size, size).margins(4, 4, 4, 4).x(xr[0], xr[1], false)
                .y(yr[0], yr[1], false).noAxes(true, true).tooltip(yName + " against " + xName)
                .labels(xLabel ? xName : "", yLabel ? yName : "").data("x", xName).data("y", yName).cssClass("plot pair");
        if (refX != null && refY != null) {
            int[] idx = Stats.thin(Math.min(refX.length, refY.length), PAIR_POINTS / 2);
            p.dots(pick(refX, idx), pick(refY, idx), "#888", 2.2, 0.35);
        }
        int[] idx = Stats.thin(x.length, PAIR_POINTS);
        p.dots(pick(x, idx), pick(y, idx), Svg.RUN, 2.2, 0.45);
        if (divergent != null) {
            int[] marked = java.util.stream.IntStream.range(0, Math.min(divergent.length, x.length))
                    .filter(i -> divergent[i] == 1.0).toArray();
            if (marked.length > 0) {
                p.dots(pick(x, marked), pick(y, marked), DIVERGENT, 3.0, 0.9);
            }
        }
        return p;
    }

    /** The colour of divergent draws in a pair plot. */
    static final String DIVERGENT = "#e6007e";

    /** The correlation of two quantities as text, for the upper triangle of a pair plot. */
    static Svg.Plot correlation(double[] x, double[] y, double size) {
        double r = correlation(x, y);
        Svg.Plot p = new Svg.Plot(size, size).margins(4, 4, 4, 4).noAxes(true, true).cssClass("plot pair-r");
        String colour = Math.abs(r) > 0.5 ? "#b00" : "#555";
        p.raw("<text x=\"" + Svg.f(size / 2) + "\" y=\"" + Svg.f(size / 2 + 5) + "\" text-anchor=\"middle\" font-size=\""
                + Svg.f(10 + 8 * (Double.isNaN(r) ? 0 : Math.abs(r))) + "\" fill=\"" + colour + "\">"
                + (Double.isNaN(r) ? "" : String.format(Locale.ROOT, "r = %.2f", r)) + "</text>");
        return p;
    }

    /** Pearson's correlation of the finite pairs. */
    static double correlation(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        int n = 0;
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                mx += x[i];
                my += y[i];
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
                syy += (y[i] - my) * (y[i] - my);
            }
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
    }

    private static double[] pick(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            out[k] = v[idx[k]];
        }
        return out;
    }

    /** A 1-D grid density at several times, one line per time (viridis from the first time to the last). */
    static Svg.Plot density1d(RunFolder.Density d, int[] times, double width, double height) {
        double[] x = d.centres()[0];
        double top = 0;
        for (int t : times) {
            for (double v : d.values().get(t)) {
                if (Double.isFinite(v)) {
                    top = Math.max(top, v);
                }
            }
        }
        Svg.Plot p = new Svg.Plot(width, height).x(x[0], x[x.length - 1], false).y(0, top * 1.05, false)
                .labels(d.axes().get(0) + (d.axes().get(0).startsWith("z.") ? " (grid coordinates)" : " (unconstrained scale)"), "density").cssClass("plot density-1d")
                .data("times", Integer.toString(times.length));
        List<String[]> legend = new ArrayList<>();
        for (int k = 0; k < times.length; k++) {
            String colour = String.format("#%06x", Png.viridis(times.length == 1 ? 0.8 : 0.9 * k / (times.length - 1)));
            p.line(x, d.values().get(times[k]), colour, 1.6, null);
            legend.add(new String[] {"t = " + Html.num(d.times()[times[k]]), colour});
        }
        return p.legend(legend);
    }

    /**
     * A 2-D grid density (or the (x.1, x.2) marginal of a 3-D one) at one time as a heat map:
     * viridis from 0 to the largest value, embedded as a PNG one pixel per cell.
     */
    static Svg.Plot heatMap(RunFolder.Density d, int time, double width, double height) {
        double[][] c = d.centres();
        int n1 = c[0].length;
        int n2 = c[1].length;
        int n3 = d.dimension() > 2 ? c[2].length : 1;
        double[] v = d.values().get(time);
        double[] m = new double[n1 * n2];
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                double s = 0;
                for (int k = 0; k < n3; k++) {
                    double x = v[(i * n2 + j) * n3 + k];
                    s += Double.isFinite(x) ? x : 0;
                }
                m[i * n2 + j] = s;
            }
        }
        double max = 0;
        for (double x : m) {
            max = Math.max(max, x);
        }
        int[] rgb = new int[n1 * n2];
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                rgb[(n2 - 1 - j) * n1 + i] = Png.viridis(max > 0 ? m[i * n2 + j] / max : 0);
            }
        }
        double h1 = n1 > 1 ? (c[0][n1 - 1] - c[0][0]) / (n1 - 1) / 2 : 0.5;
        double h2 = n2 > 1 ? (c[1][n2 - 1] - c[1][0]) / (n2 - 1) / 2 : 0.5;
        double xa = c[0][0] - h1;
        double xb = c[0][n1 - 1] + h1;
        double ya = c[1][0] - h2;
        double yb = c[1][n2 - 1] + h2;
        Svg.Plot p = new Svg.Plot(width, height).margins(46, 10, 18, 30).x(xa, xb, false).y(ya, yb, false)
                .title("t = " + Html.num(d.times()[time]) + (d.dimension() > 2 ? " (summed over " + d.axes().get(2) + ")" : ""))
                .labels(d.axes().get(0), d.axes().get(1)).cssClass("plot heat-map").data("time", Html.num(d.times()[time]));
        return p.image(Png.encode(n1, n2, rgb), xa, xb, ya, yb);
    }
}
