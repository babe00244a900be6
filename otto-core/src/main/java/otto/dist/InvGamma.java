package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The inverse gamma distribution {@code inv_gamma(α, β)} with shape α and scale β:
 * <pre>  log p(y | α, β) = α log β - log Γ(α) - (α + 1) log y - β / y,   y > 0.</pre>
 */
public final class InvGamma {
    private InvGamma() {
    }

    /**
     * {@code Σ_i log inv_gamma(y_i | α_i, β_i)} with broadcasting, where
     * {@code log inv_gamma(y | α, β) = α log β - log Γ(α) - (α+1) log y - β/y}.
     *
     * @param y     the variates
     * @param alpha the shapes (positive, finite)
     * @param beta  the scales (positive, finite)
     * @return the summed log density; NaN for an invalid parameter, else -∞ if some {@code y ≤ 0}
     */
    public static Var lpdf(Var y, Var alpha, Var beta) {
        if (!Check.positiveFinite(alpha, beta)) {
            return Check.invalid(y);
        }
        if (Check.anyBelow(y, 0.0, true)) {
            return Check.outside(y);
        }
        int n = Args.length(y, alpha, beta);
        Var c = Args.sumOver(alpha.mul(beta.log()).sub(alpha.lgamma()), n);
        return c.sub(alpha.add(1.0).mul(y.log()).add(beta.div(y)).sum());
    }

    /**
     * {@code log inv_gamma(y | α, β) = α log β - log Γ(α) - (α+1) log y - β/y}.
     *
     * @param y the variate
     * @param alpha the shape
     * @param beta the scale
     * @return the log density; NaN for an invalid parameter, -∞ for {@code y ≤ 0}
     */
    public static double lpdf(double y, double alpha, double beta) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(alpha), t.constant(beta)).value();
    }
}
