package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;
import otto.math.SpecialFunctions;

/**
 * The log-normal distribution {@code lognormal(μ, σ)} (log y is normal with mean μ and standard
 * deviation σ):
 * <pre>  log p(y | μ, σ) = -½ ((log y - μ)/σ)² - log σ - ½ log 2π - log y,   y > 0.</pre>
 */
public final class LogNormal {
    private LogNormal() {
    }

    /**
     * {@code Σ_i log lognormal(y_i | μ_i, σ_i)} with broadcasting, where
     * {@code log lognormal(y | μ, σ) = -½ ((log y - μ)/σ)² - log σ - ½ log 2π - log y}.
     *
     * @param y     the variates
     * @param mu    the means of log y (finite)
     * @param sigma the standard deviations of log y (positive, finite)
     * @return the summed log density; NaN for an invalid parameter, else -∞ if some {@code y ≤ 0}
     */
    public static Var lpdf(Var y, Var mu, Var sigma) {
        if (!Check.finite(mu) || !Check.positiveFinite(sigma)) {
            return Check.invalid(y);
        }
        if (Check.anyBelow(y, 0.0, true)) {
            return Check.outside(y);
        }
        int n = Args.length(y, mu, sigma);
        Var logY = y.log();
        Var r = logY.sub(mu);
        Var quad = sigma.size() == 1 ? r.square().sum().div(sigma.square()) : r.div(sigma).square().sum();
        return quad.mul(-0.5).sub(Args.sumLog(sigma, n)).sub(Args.sumOver(logY, n))
                .sub(n * SpecialFunctions.HALF_LOG_TWO_PI);
    }

    /**
     * {@code log lognormal(y | μ, σ) = -½ ((log y - μ)/σ)² - log σ - ½ log 2π - log y}.
     *
     * @param y the variate
     * @param mu the mean of log y
     * @param sigma the standard deviation of log y
     * @return the log density; NaN for an invalid parameter, -∞ for {@code y ≤ 0}
     */
    public static double lpdf(double y, double mu, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(sigma)).value();
    }
}
