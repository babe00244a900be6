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

    /**
     * The digamma function {@code ψ(x) = d/dx log Γ(x)}, to a few ulps (NaN at the poles
     * {@code x = 0, -1, -2, …}).
     *
     * <p>Not Hipparchus' {@code Gamma.digamma}: that one is off by up to 1e-9 relative for
     * moderate arguments ({@code ψ(1)} by 3e-9), which shows as a wrong gradient of every
     * {@code lgamma} on the tape. Here: reflection for {@code x < 0}, the recurrence
     * {@code ψ(x) = ψ(x + 1) - 1/x} up to {@code x ≥ 10}, then the asymptotic series
     * {@code ln x - 1/(2x) - Σ B₂ₖ / (2k x²ᵏ)} to {@code k = 7}, whose next term is below
     * {@code 1e-16 ψ(x)} there.
     */
    public static double digamma(double x) {
        if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        if (x <= 0) {
            if (x == Math.rint(x)) {
                return Double.NaN;
            }
            // ψ(x) = ψ(1 - x) - π / tan(πx); reduce to x - round(x) (exact) first for accuracy
            double r = x - Math.rint(x);
            return digamma(1.0 - x) - Math.PI / Math.tan(Math.PI * r);
        }
        double shift = 0.0;
        while (x < 10.0) {
            shift += 1.0 / x;
            x += 1.0;
        }
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        double series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240
                - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 / 12))))));
        return Math.log(x) - 0.5 * inv - series - shift;
    }

    /**
     * The trigamma function {@code ψ₁(x) = d²/dx² log Γ(x)}, to a few ulps (NaN at the poles).
     * Reflection for {@code x < 0}, the recurrence {@code ψ₁(x) = ψ₁(x + 1) + 1/x²} up to
     * {@code x ≥ 12}, then {@code 1/x + 1/(2x²) + Σ B₂ₖ / x²ᵏ⁺¹} to {@code k = 7}.
     */
    public static double trigamma(double x) {
        if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        if (x <= 0) {
            if (x == Math.rint(x)) {
                return Double.NaN;
            }
            // ψ₁(x) = π² / sin²(πx) - ψ₁(1 - x)
            double s = Math.sin(Math.PI * (x - Math.rint(x)));
            return Math.PI * Math.PI / (s * s) - trigamma(1.0 - x);
        }
        double shift = 0.0;
        while (x < 12.0) {
            shift += 1.0 / (x * x);
            x += 1.0;
        }
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        double series = inv * (1.0 + inv * (0.5 + inv * (1.0 / 6 - inv2 * (1.0 / 30 - inv2 * (1.0 / 42
                - inv2 * (1.0 / 30 - inv2 * (5.0 / 66 - inv2 * (691.0 / 2730 - inv2 * 7.0 / 6))))))));
        return series + shift;
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
