package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The uniform distribution {@code uniform(α, β)} on {@code [α, β]}:
 * <pre>  log p(y | α, β) = -log(β - α),   α ≤ y ≤ β,</pre>
 * and {@code -∞} outside.
 */
public final class Uniform {
    private Uniform() {
    }

    /**
     * {@code Σ_i log uniform(y_i | α_i, β_i)} with broadcasting, where
     * {@code log uniform(y | α, β) = -log(β - α)} on {@code [α, β]}.
     *
     * @param y     the variates
     * @param alpha the lower bounds (finite)
     * @param beta  the upper bounds (finite, {@code > α})
     * @return the summed log density; NaN if a bound is not finite or {@code β ≤ α}, else -∞ if
     *         some y is outside its interval
     */
    public static Var lpdf(Var y, Var alpha, Var beta) {
        int n = Args.length(y, alpha, beta);
        if (!Check.finite(alpha, beta)) {
            return Check.invalid(y);
        }
        Var width = beta.sub(alpha);
        if (!Check.positiveFinite(width)) {
            return Check.invalid(y);
        }
        for (int i = 0; i < n; i++) {
            double v = Args.at(y, i);
            if (!(v >= Args.at(alpha, i) && v <= Args.at(beta, i))) {
                return Double.isNaN(v) ? Check.invalid(y) : Check.outside(y);
            }
        }
        return Args.sumLog(width, n).neg();
    }

    /**
     * {@code log uniform(y | α, β) = -log(β - α)} on {@code [α, β]}, {@code -∞} outside.
     *
     * @param y the variate
     * @param alpha the lower bound
     * @param beta the upper bound
     * @return the log density; NaN for invalid bounds
     */
    public static double lpdf(double y, double alpha, double beta) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(alpha), t.constant(beta)).value();
    }
}
