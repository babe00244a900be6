package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The Poisson distribution on the log scale, {@code poisson_log(α)} with rate {@code λ = e^α}:
 * <pre>  log p(k | α) = k α - e^α - log k!.</pre>
 */
public final class PoissonLog {
    private PoissonLog() {
    }

    /**
     * {@code Σ_i log poisson_log(k_i | α_i)} with broadcasting, where
     * {@code log poisson_log(k | α) = kα - e^α - log k!}. A scalar α over many counts costs O(1)
     * tape work.
     *
     * @param k     the counts (length 1 or n)
     * @param alpha the log rates (finite; length 1 or n)
     * @return the summed log mass; NaN if some α is not finite, else -∞ if some k is negative
     */
    public static Var lpmf(int[] k, Var alpha) {
        int n = Args.broadcast(k.length, alpha.size());
        if (!Check.finite(alpha)) {
            return Check.invalid(alpha);
        }
        double c = 0.0;
        for (int v : k) {
            if (v < 0) {
                return Check.outside(alpha);
            }
            c += SpecialFunctions.lgamma(v + 1.0);
        }
        if (k.length == 1) {
            c *= n;
        }
        Var kTimesAlpha;
        if (alpha.size() == 1) {
            kTimesAlpha = alpha.mul(k.length == 1 ? (double) k[0] * n : (double) Args.sum(k));
        } else {
            kTimesAlpha = k.length == 1 ? alpha.sum().mul(k[0]) : alpha.mul(Args.toDouble(k)).sum();
        }
        return kTimesAlpha.sub(Args.sumOver(alpha.exp(), n)).sub(c);
    }

    /**
     * {@code log poisson_log(k | α) = kα - e^α - log k!}.
     *
     * @param k the count
     * @param alpha the log rate
     * @return the log mass; NaN for a non-finite α, -∞ for {@code k < 0}
     */
    public static double lpmf(int k, double alpha) {
        return lpmf(new int[] {k}, Tape.create().constant(alpha)).value();
    }
}
