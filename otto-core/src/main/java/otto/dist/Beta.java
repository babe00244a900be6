package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The beta distribution {@code beta(a, b)}:
 * <pre>  log p(y | a, b) = log Γ(a + b) - log Γ(a) - log Γ(b) + (a - 1) log y + (b - 1) log(1 - y),
 *                    0 ≤ y ≤ 1.</pre>
 * At {@code y = 0} or {@code 1} the density is its limit (finite when the exponent is 0, else
 * {@code ±∞}).
 */
public final class Beta {
    private Beta() {
    }

    /**
     * {@code Σ_i log beta(y_i | a_i, b_i)} with broadcasting, where
     * {@code log beta(y | a, b) = log Γ(a+b) - log Γ(a) - log Γ(b) + (a-1) log y + (b-1) log(1-y)}.
     *
     * @param y the variates
     * @param a the first shapes (positive, finite)
     * @param b the second shapes (positive, finite)
     * @return the summed log density; NaN for an invalid parameter, else -∞ if some y is outside
     *         {@code [0, 1]}
     */
    public static Var lpdf(Var y, Var a, Var b) {
        if (!Check.positiveFinite(a, b)) {
            return Check.invalid(y);
        }
        if (Check.anyBelow(y, 0.0, false) || Check.anyAbove(y, 1.0, false)) {
            return Check.outside(y);
        }
        int n = Args.length(y, a, b);
        Var c = Args.sumOver(a.add(b).lgamma().sub(a.lgamma()).sub(b.lgamma()), n);
        return c.add(Args.mulLog(a.sub(1.0), y).add(Args.mulLog1m(b.sub(1.0), y)).sum());
    }

    /**
     * {@code log beta(y | a, b) = log Γ(a+b) - log Γ(a) - log Γ(b) + (a-1) log y + (b-1) log(1-y)}.
     *
     * @param y the variate
     * @param a the first shape
     * @param b the second shape
     * @return the log density; NaN for an invalid parameter, -∞ for y outside {@code [0, 1]}
     */
    public static double lpdf(double y, double a, double b) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(a), t.constant(b)).value();
    }
}
