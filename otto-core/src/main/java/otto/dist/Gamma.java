package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The gamma distribution {@code gamma(α, β)} with shape α and rate β (mean α/β):
 * <pre>  log p(y | α, β) = α log β - log Γ(α) + (α - 1) log y - β y,   y ≥ 0.</pre>
 * At {@code y = 0} the density is its limit: {@code log β} for α = 1, {@code -∞} for {@code α > 1} and
 * {@code +∞} for {@code α < 1}.
 */
public final class Gamma {
    private Gamma() {
    }

    /**
     * {@code Σ_i log gamma(y_i | α_i, β_i)} with broadcasting, where
     * {@code log gamma(y | α, β) = α log β - log Γ(α) + (α-1) log y - βy}.
     *
     * @param y     the variates
     * @param alpha the shapes (positive, finite)
     * @param beta  the rates (positive, finite)
     * @return the summed log density; NaN for an invalid parameter, else -∞ if some {@code y < 0}
     */
    public static Var lpdf(Var y, Var alpha, Var beta) {
        if (!Check.positiveFinite(alpha, beta)) {
            return Check.invalid(y);
        }
        if (Check.anyBelow(y, 0.0, false)) {
            return Check.outside(y);
        }
        int n = Args.length(y, alpha, beta);
        Var c = Args.sumOver(alpha.mul(beta.log()).sub(alpha.lgamma()), n);
        Var rateTimesY = beta.size() == 1 ? Args.sumOver(y, n).mul(beta) : beta.mul(y).sum();
        return c.add(Args.sumOver(Args.mulLog(alpha.sub(1.0), y), n)).sub(rateTimesY);
    }

    /**
     * {@code log gamma(y | α, β) = α log β - log Γ(α) + (α-1) log y - βy}.
     *
     * @param y the variate
     * @param alpha the shape
     * @param beta the rate
     * @return the log density; NaN for an invalid parameter, -∞ for {@code y < 0}
     */
    public static double lpdf(double y, double alpha, double beta) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(alpha), t.constant(beta)).value();
    }
}
