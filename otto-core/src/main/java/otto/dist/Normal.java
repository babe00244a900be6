package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The normal distribution {@code normal(μ, σ)} (Stan's {@code normal}, σ a standard deviation):
 * <pre>  log p(y | μ, σ) = -½ ((y - μ)/σ)² - log σ - ½ log 2π.</pre>
 */
public final class Normal {
    private Normal() {
    }

    /**
     * {@code Σ_i log normal(y_i | μ_i, σ_i)} with broadcasting, where
     * {@code log normal(y | μ, σ) = -½ ((y - μ)/σ)² - log σ - ½ log 2π}.
     *
     * @param y     the variates (length 1 or n)
     * @param mu    the means (finite; length 1 or n)
     * @param sigma the standard deviations (positive, finite; length 1 or n)
     * @return the summed log density as a scalar; NaN if some μ is not finite or some σ is not
     *         positive and finite
     */
    public static Var lpdf(Var y, Var mu, Var sigma) {
        if (!Check.finite(mu) || !Check.positiveFinite(sigma)) {
            return Check.invalid(y);
        }
        int n = Args.length(y, mu, sigma);
        Var r = y.sub(mu);
        Var quad = sigma.size() == 1 ? r.square().sum().div(sigma.square()) : r.div(sigma).square().sum();
        return quad.mul(-0.5).sub(Args.sumLog(sigma, n)).sub(n * SpecialFunctions.HALF_LOG_TWO_PI);
    }

    /**
     * {@code log normal(y | μ, σ) = -½ ((y - μ)/σ)² - log σ - ½ log 2π}.
     *
     * @param y the variate
     * @param mu the mean
     * @param sigma the standard deviation
     * @return the log density; NaN for a non-finite μ or a σ that is not positive and finite
     */
    public static double lpdf(double y, double mu, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(sigma)).value();
    }
}
