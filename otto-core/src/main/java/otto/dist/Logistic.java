package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The logistic distribution {@code logistic(μ, s)} (location μ, scale s): with {@code z = (y - μ)/s},
 * <pre>  log p(y | μ, s) = -z - log s - 2 log(1 + e^{-z}),</pre>
 * with {@code log(1 + e^{-z})} evaluated without overflow in either tail.
 */
public final class Logistic {
    private Logistic() {
    }

    /**
     * {@code Σ_i log logistic(y_i | μ_i, s_i)} with broadcasting, where
     * {@code log logistic(y | μ, s) = -z - log s - 2 log(1 + e^{-z})}, {@code z = (y-μ)/s}.
     *
     * @param y the variates
     * @param mu the locations (finite)
     * @param s  the scales (positive, finite)
     * @return the summed log density; NaN for an invalid parameter
     */
    public static Var lpdf(Var y, Var mu, Var s) {
        if (!Check.finite(mu) || !Check.positiveFinite(s)) {
            return Check.invalid(y);
        }
        int n = Args.length(y, mu, s);
        Var minusZ = mu.sub(y).div(s);
        return minusZ.sub(minusZ.log1pExp().mul(2.0)).sum().sub(Args.sumLog(s, n));
    }

    /**
     * {@code log logistic(y | μ, s) = -z - log s - 2 log(1 + e^{-z})}, {@code z = (y-μ)/s}.
     *
     * @param y the variate
     * @param mu the location
     * @param s the scale
     * @return the log density; NaN for an invalid parameter
     */
    public static double lpdf(double y, double mu, double s) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(mu), t.constant(s)).value();
    }
}
