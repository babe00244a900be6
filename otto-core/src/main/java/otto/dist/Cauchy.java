package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The Cauchy distribution {@code cauchy(μ, σ)} (location μ, scale σ):
 * <pre>  log p(y | μ, σ) = -log π - log σ - log(1 + ((y - μ)/σ)²).</pre>
 */
public final class Cauchy {
    private Cauchy() {
    }

    /**
     * {@code Σ_i log cauchy(y_i | μ_i, σ_i)} with broadcasting, where
     * {@code log cauchy(y | μ, σ) = -log π - log σ - log(1 + ((y-μ)/σ)²)}.
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
        Var z = y.sub(mu).div(sigma);
        return z.square().log1p().sum().neg().sub(Args.sumLog(sigma, n)).sub(n * SpecialFunctions.LOG_PI);
    }

    /**
     * {@code log cauchy(y | μ, σ) = -log π - log σ - log(1 + ((y-μ)/σ)²)}.
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
