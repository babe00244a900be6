package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The Weibull distribution {@code weibull(α, σ)} with shape α and scale σ:
 * <pre>  log p(y | α, σ) = log α - log σ + (α - 1) log(y/σ) - (y/σ)^α,   y ≥ 0.</pre>
 * At {@code y = 0} the density is its limit ({@code -log σ} for α = 1).
 */
public final class Weibull {
    private Weibull() {
    }

    /**
     * {@code Σ_i log weibull(y_i | α_i, σ_i)} with broadcasting, where
     * {@code log weibull(y | α, σ) = log α - log σ + (α-1) log(y/σ) - (y/σ)^α}.
     *
     * @param y     the variates
     * @param alpha the shapes (positive, finite)
     * @param sigma the scales (positive, finite)
     * @return the summed log density; NaN for an invalid parameter, else -∞ if some {@code y < 0}
     */
    public static Var lpdf(Var y, Var alpha, Var sigma) {
        if (!Check.positiveFinite(alpha, sigma)) {
            return Check.invalid(y);
        }
        if (Check.anyBelow(y, 0.0, false)) {
            return Check.outside(y);
        }
        int n = Args.length(y, alpha, sigma);
        Var logSigma = sigma.log();
        Var c = Args.sumOver(alpha.log().sub(alpha.mul(logSigma)), n);
        Var power = alpha.mul(y.log().sub(logSigma)).exp();
        return c.add(Args.mulLog(alpha.sub(1.0), y).sub(power).sum());
    }

    /**
     * {@code log weibull(y | α, σ) = log α - log σ + (α-1) log(y/σ) - (y/σ)^α}.
     *
     * @param y the variate
     * @param alpha the shape
     * @param sigma the scale
     * @return the log density; NaN for an invalid parameter, -∞ for {@code y < 0}
     */
    public static double lpdf(double y, double alpha, double sigma) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(alpha), t.constant(sigma)).value();
    }
}
