package otto.math;

import org.hipparchus.special.Gamma;

/**
 * Scalar functions that the log densities need, written to stay accurate in the tails.
 * Gamma-family functions come from Hipparchus.
 */
public final class SpecialFunctions {
    /** {@code log(2π)}. */
    public static final double LOG_TWO_PI = Math.log(2.0 * Math.PI);
    /** {@code ½ log(2π)}. */
    public static final double HALF_LOG_TWO_PI = 0.5 * LOG_TWO_PI;
    /** {@code log(π)}. */
    public static final double LOG_PI = Math.log(Math.PI);

    private SpecialFunctions() {
    }

    /** The logistic function {@code 1 / (1 + exp(-x))}, accurate in both tails. */
    public static double invLogit(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** {@code log(1 + exp(x))} without overflow or loss of precision. */
    public static double log1pExp(double x) {
        if (x > 0) {
            return x + Math.log1p(Math.exp(-x));
        }
        return Math.log1p(Math.exp(x));
    }

    /** {@code log Σ exp(x_i)} over {@code x[from, from + length)}, stable for any magnitudes. */
    public static double logSumExp(double[] x, int from, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + length; i++) {
            max = Math.max(max, x[i]);
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double sum = 0.0;
        for (int i = from; i < from + length; i++) {
            sum += Math.exp(x[i] - max);
        }
        return max + Math.log(sum);
    }

    /** {@code log Σ exp(x_i)} over the whole array. */
    public static double logSumExp(double[] x) {
        return logSumExp(x, 0, x.length);
    }

    /** {@code log Γ(x)} for {@code x > 0}. */
    public static double lgamma(double x) {
        return Gamma.logGamma(x);
    }

    /** The digamma function {@code ψ(x) = d/dx log Γ(x)}. */
    public static double digamma(double x) {
        return Gamma.digamma(x);
    }

    /** {@code log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a + b)}. */
    public static double lbeta(double a, double b) {
        return Gamma.logGamma(a) + Gamma.logGamma(b) - Gamma.logGamma(a + b);
    }

    /** {@code log C(n, k)}, the log binomial coefficient. */
    public static double logChoose(double n, double k) {
        return Gamma.logGamma(n + 1.0) - Gamma.logGamma(k + 1.0) - Gamma.logGamma(n - k + 1.0);
    }
}
