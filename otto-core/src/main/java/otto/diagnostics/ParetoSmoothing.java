package otto.diagnostics;

import java.util.Arrays;
import otto.math.SpecialFunctions;

/**
 * Pareto smoothed importance sampling (Vehtari, Simpson, Gelman, Yao, Gabry 2024), as ArviZ's
 * {@code psislw} computes it: the largest {@code M = ⌈min(0.2 S, 3√S)⌉} importance ratios are
 * replaced by the expected order statistics of a generalised Pareto distribution fitted to them
 * (Zhang & Stephens 2009, with a weak prior on the shape), and the fitted shape {@code k̂} says how
 * far the weights can be trusted: below 0.5 fine, up to 0.7 usable, above 0.7 not.
 */
public final class ParetoSmoothing {
    /** The k̂ above which importance sampling (and the proposal behind it) should not be trusted. */
    public static final double UNRELIABLE = 0.7;

    /**
     * Smoothed, normalised log weights ({@code log Σ exp = 0}) and the Pareto shape estimate k̂
     * (infinite when the tail has too few draws to fit).
     */
    public record Result(double[] logWeights, double khat) {
    }

    private ParetoSmoothing() {
    }

    /** Smooths the log importance ratios {@code logRatios} (any additive constant). */
    public static Result of(double[] logRatios) {
        int n = logRatios.length;
        if (n == 0) {
            throw new IllegalArgumentException("no log importance ratios to smooth");
        }
        for (double v : logRatios) {
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("log importance ratios must be finite or -inf, got " + v);
            }
        }
        double[] x = logRatios.clone();
        double max = Arrays.stream(x).max().orElse(0.0);
        for (int i = 0; i < n; i++) {
            x[i] -= max;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] xs = x;
        Arrays.sort(order, (a, b) -> Double.compare(xs[a], xs[b]));
        int tailLength = (int) Math.ceil(Math.min(0.2 * n, 3.0 * Math.sqrt(n)));
        if (tailLength <= 4 || tailLength >= n) {
            // too few draws for a tail fit (fewer than 25): k̂ is infinite, as ArviZ reports it, and nothing is smoothed
            double norm = SpecialFunctions.logSumExp(x);
            for (int i = 0; i < n; i++) {
                x[i] -= norm;
            }
            return new Result(x, Double.POSITIVE_INFINITY);
        }
        double cutoff = Math.max(x[order[n - tailLength - 1]], Math.log(Double.MIN_NORMAL));
        double expCutoff = Math.exp(cutoff);
        int tailStart = n;
        while (tailStart > 0 && x[order[tailStart - 1]] > cutoff) {
            tailStart--;
        }
        int m = n - tailStart;
        double khat;
        if (m <= 4) {
            khat = Double.POSITIVE_INFINITY;
        } else {
            double[] tail = new double[m];
            for (int j = 0; j < m; j++) {
                tail[j] = Math.exp(x[order[tailStart + j]]) - expCutoff;
            }
            double[] fit = generalisedParetoFit(tail);
            khat = fit[0];
            double sigma = fit[1];
            if (Double.isFinite(khat)) {
                for (int j = 0; j < m; j++) {
                    double p = (j + 0.5) / m;
                    double smoothed = Math.log(generalisedParetoQuantile(p, khat, sigma) + expCutoff);
                    x[order[tailStart + j]] = Math.min(smoothed, 0.0);
                }
            }
        }
        double norm = SpecialFunctions.logSumExp(x);
        for (int i = 0; i < n; i++) {
            x[i] -= norm;
        }
        return new Result(x, khat);
    }

    /**
     * Zhang & Stephens' empirical Bayes estimate of the generalised Pareto shape and scale from
     * sorted exceedances, with ArviZ's weakly informative prior pulling k̂ towards 0.5 (weight 10).
     */
    static double[] generalisedParetoFit(double[] sorted) {
        int n = sorted.length;
        int mEst = 30 + (int) Math.sqrt(n);
        double[] b = new double[mEst];
        double quarter = sorted[(int) (n / 4.0 + 0.5) - 1];
        for (int j = 0; j < mEst; j++) {
            b[j] = (1.0 - Math.sqrt(mEst / (j + 1 - 0.5))) / (3.0 * quarter) + 1.0 / sorted[n - 1];
        }
        double[] lengthScale = new double[mEst];
        for (int j = 0; j < mEst; j++) {
            double k = 0.0;
            for (double v : sorted) {
                k += Math.log1p(-b[j] * v);
            }
            k /= n;
            lengthScale[j] = n * (Math.log(-b[j] / k) - k - 1.0);
        }
        double[] w = new double[mEst];
        double total = 0.0;
        for (int j = 0; j < mEst; j++) {
            double s = 0.0;
            for (int l = 0; l < mEst; l++) {
                s += Math.exp(lengthScale[l] - lengthScale[j]);
            }
            w[j] = 1.0 / s;
        }
        double bPost = 0.0;
        for (int j = 0; j < mEst; j++) {
            if (w[j] >= 10 * Math.ulp(1.0)) {
                total += w[j];
            }
        }
        for (int j = 0; j < mEst; j++) {
            if (w[j] >= 10 * Math.ulp(1.0)) {
                bPost += b[j] * w[j] / total;
            }
        }
        double k = 0.0;
        for (double v : sorted) {
            k += Math.log1p(-bPost * v);
        }
        k /= n;
        double sigma = -k / bPost;
        k = (n * k + 10 * 0.5) / (n + 10);
        return new double[] {k, sigma};
    }

    /** The generalised Pareto quantile function. */
    static double generalisedParetoQuantile(double p, double k, double sigma) {
        if (k == 0.0) {
            return -sigma * Math.log1p(-p);
        }
        return sigma * Math.expm1(-k * Math.log1p(-p)) / k;
    }
}
