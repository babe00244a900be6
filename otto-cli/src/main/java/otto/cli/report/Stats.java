package otto.cli.report;

import java.util.Arrays;
import otto.math.SpecialFunctions;

/** The statistics behind the plots: ranks, histogram bins, kernel density estimates, quantiles. */
public final class Stats {
    private Stats() {
    }

    /**
     * The ranks of every draw among all draws of all chains pooled (1 … N; ties get their average
     * rank), per chain: what a rank plot histograms.
     */
    public static double[][] ranks(double[][] chains) {
        int n = 0;
        for (double[] c : chains) {
            n += c.length;
        }
        double[] values = new double[n];
        int[] chainOf = new int[n];
        int[] drawOf = new int[n];
        int k = 0;
        for (int c = 0; c < chains.length; c++) {
            for (int i = 0; i < chains[c].length; i++) {
                values[k] = chains[c][i];
                chainOf[k] = c;
                drawOf[k] = i;
                k++;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[][] out = new double[chains.length][];
        for (int c = 0; c < chains.length; c++) {
            out[c] = new double[chains[c].length];
        }
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Double.compare(values[order[j + 1]], values[order[i]]) == 0) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;   // positions i..j (from 0) hold ranks i+1 .. j+1
            for (int m = i; m <= j; m++) {
                out[chainOf[order[m]]][drawOf[order[m]]] = rank;
            }
            i = j + 1;
        }
        return out;
    }

    /**
     * The histogram of one chain's ranks in {@code bins} equal bins of {@code 1 … total}: a rank
     * r falls in bin {@code ⌊(r - ½) bins / total⌋}.
     */
    public static int[] rankHistogram(double[] ranks, int total, int bins) {
        int[] counts = new int[bins];
        for (double r : ranks) {
            int b = (int) Math.floor((r - 0.5) * bins / total);
            counts[Math.max(0, Math.min(bins - 1, b))]++;
        }
        return counts;
    }

    /** The number of rank bins for chains of n draws: 20 (as bayesplot), fewer so that a bin expects at least 5 draws. */
    public static int rankBins(int drawsPerChain) {
        return Math.max(2, Math.min(20, drawsPerChain / 5));
    }

    /**
     * The central interval holding {@code level} of Binomial(n, p): the counts a rank-histogram bar
     * stays within when the chains mix (n draws per chain, p = 1/bins).
     */
    public static int[] binomialInterval(int n, double p, double level) {
        double tail = (1 - level) / 2;
        double cdf = 0;
        int lo = -1;
        int hi = n;
        for (int k = 0; k <= n; k++) {
            double pmf = Math.exp(SpecialFunctions.logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
            double before = cdf;
            cdf += pmf;
            if (lo < 0 && cdf >= tail) {
                lo = k;
            }
            if (before < 1 - tail && cdf >= 1 - tail) {
                hi = k;
                break;
            }
        }
        return new int[] {Math.max(lo, 0), hi};
    }

    /** Counts of x in {@code bins} equal bins of [lo, hi] (values outside are left out). */
    public static int[] histogram(double[] x, double lo, double hi, int bins) {
        int[] counts = new int[bins];
        double width = (hi - lo) / bins;
        for (double v : x) {
            if (v < lo || v > hi || Double.isNaN(v)) {
                continue;
            }
            int b = width > 0 ? (int) Math.floor((v - lo) / width) : 0;
            counts[Math.min(bins - 1, b)]++;
        }
        return counts;
    }

    /** The number of histogram bins on [lo, hi]: Freedman–Diaconis width {@code 2 IQR n^(-1/3)}, 10 to 60 bins. */
    public static int histogramBins(double[] x, double lo, double hi) {
        double[] s = sorted(x);
        double iqr = quantile(s, 0.75) - quantile(s, 0.25);
        if (!(iqr > 0) || !(hi > lo)) {
            return 10;
        }
        double width = 2 * iqr * Math.pow(s.length, -1.0 / 3);
        return (int) Math.max(10, Math.min(60, Math.ceil((hi - lo) / width)));
    }

    /** Silverman's rule of thumb, {@code 0.9 min(sd, IQR/1.34) n^(-1/5)}; a small positive width for constant draws. */
    public static double bandwidth(double[] x) {
        double[] s = sorted(x);
        double sd = sd(x);
        double iqr = (quantile(s, 0.75) - quantile(s, 0.25)) / 1.34;
        double spread = iqr > 0 ? Math.min(sd, iqr) : sd;
        if (!(spread > 0)) {
            spread = Math.max(Math.abs(mean(x)) * 1e-3, 1e-9);
        }
        return 0.9 * spread * Math.pow(x.length, -0.2);
    }

    /**
     * A Gaussian kernel density estimate of x at the points {@code at}, with Silverman's bandwidth.
     * Draws that all lie in [0, ∞) (a scale, say) are reflected at 0 when they come within two
     * bandwidths of it, and likewise at 1 for draws in [0, 1], so the estimate does not sag at a
     * boundary of the support.
     */
    public static double[] kde(double[] x, double[] at) {
        double h = bandwidth(x);
        double[] s = sorted(x);
        boolean lower = s[0] >= 0 && s[0] < 2 * h;
        boolean upper = s[0] >= 0 && s[s.length - 1] <= 1 && 1 - s[s.length - 1] < 2 * h;
        double[] out = new double[at.length];
        double norm = 1 / (s.length * h * Math.sqrt(2 * Math.PI));
        for (int k = 0; k < at.length; k++) {
            double t = at[k];
            if (lower && t < 0 || upper && t > 1) {
                continue;
            }
            // only draws within 8 bandwidths matter: find them in the sorted draws
            double sum = sum(s, t, h);
            if (lower) {
                sum += sum(s, -t, h);
            }
            if (upper) {
                sum += sum(s, 2 - t, h);
            }
            out[k] = sum * norm;
        }
        return out;
    }

    private static double sum(double[] s, double t, double h) {
        int from = lowerBound(s, t - 8 * h);
        double sum = 0;
        for (int i = from; i < s.length && s[i] <= t + 8 * h; i++) {
            double z = (t - s[i]) / h;
            sum += Math.exp(-0.5 * z * z);
        }
        return sum;
    }

    private static int lowerBound(double[] s, double v) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** n equally spaced points from lo to hi. */
    public static double[] grid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = lo + (hi - lo) * i / (n - 1);
        }
        return g;
    }

    /** The finite values, sorted. */
    public static double[] sorted(double[] x) {
        return Arrays.stream(x).filter(Double::isFinite).sorted().toArray();
    }

    /** The p-quantile of sorted values, interpolating linearly between order statistics (R's type 7). */
    public static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * p;
        int i = (int) Math.floor(h);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
    }

    /** The mean of the finite values. */
    public static double mean(double[] x) {
        double sum = 0;
        int n = 0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The standard deviation (n - 1) of the finite values. */
    public static double sd(double[] x) {
        double m = mean(x);
        double ss = 0;
        int n = 0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                ss += (v - m) * (v - m);
                n++;
            }
        }
        return n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
    }

    /** The indices 0 … n-1 thinned evenly to at most {@code max} of them (all of them when n ≤ max). */
    public static int[] thin(int n, int max) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[max];
        for (int k = 0; k < max; k++) {
            out[k] = (int) ((long) k * n / max);
        }
        return out;
    }

    /**
     * A plotting range for draws (and reference draws): the 0.5 % and 99.5 % quantiles of both,
     * widened by 5 %, so one far draw does not squash the plot.
     */
    public static double[] range(double[]... xs) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] x : xs) {
            if (x == null) {
                continue;
            }
            double[] s = sorted(x);
            if (s.length == 0) {
                continue;
            }
            lo = Math.min(lo, quantile(s, 0.005));
            hi = Math.max(hi, quantile(s, 0.995));
        }
        if (!(hi > lo)) {
            double c = Double.isFinite(lo) ? lo : 0;
            double w = Math.max(Math.abs(c) * 0.05, 1e-6);
            return new double[] {c - w, c + w};
        }
        double pad = 0.05 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }
}
