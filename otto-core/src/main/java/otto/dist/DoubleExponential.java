package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The double exponential (Laplace) distribution {@code double_exponential(μ, σ)} (location μ,
 * scale σ):
 * <pre>  log p(y | μ, σ) = -log 2σ - |y - μ| / σ.</pre>
 * The derivative in μ or y at {@code y = μ} is taken as 0 (the sign function).
 */
public final class DoubleExponential {
    private static final double LOG_TWO = Math.log(2.0);

    private DoubleExponential() {
    }

    /**
     * {@code Σ_i log double_exponential(y_i | μ_i, σ_i)} with broadcasting, where
     * {@code log double_exponential(y | μ, σ) = -log 2σ - |y - μ|/σ}.
     *
     * @param y     the variates
     * @param mu    the locations (finite)
     * @param sigma the scales (positive, finite)
     * @return the summed log density; NaN for an invalid parameter
     */
    public static Var lpdf(Var y, Var mu, Var sigma) {
        if (!Check.finite(mu) || !Check.positiveFinite(sigma)) {
            return Check.invalid(y);
        }
        int n = Args.length(y, mu, sigma);
        Var r = y.sub(mu).abs();
        Var scaled = sigma.size() == 1 ? r.sum().div(sigma) : r.div(sigma).sum();
        return scaled.neg().sub(Args.sumLog(sigma, n)).sub(n * LOG_TWO);
    }

    /**
     * {@code log double_exponential(y | μ, σ) = -log 2σ - |y - μ|/σ}.
     *
     * @param y the variate
     * @param mu the location
     * @param sigma the scale
     * @return the log density; NaN for an invalid parameter
     */
    public static double lpdf(double y, double mu, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(sigma)).value();
    }
}
