package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/**
 * The exponential distribution {@code exponential(β)} with rate β (mean 1/β):
 * <pre>  log p(y | β) = log β - β y,   y ≥ 0.</pre>
 */
public final class Exponential {
    private Exponential() {
    }

    /**
     * {@code Σ_i log exponential(y_i | β_i)} with broadcasting, where
     * {@code log exponential(y | β) = log β - βy} for {@code y ≥ 0}.
     *
     * @param y    the variates
     * @param beta the rates (positive, finite)
     * @return the summed log density; NaN if some β is not positive and finite, else -∞ if some
     *         {@code y < 0}
     */
    public static Var lpdf(Var y, Var beta) {
        if (!Check.positiveFinite(beta)) {
            return Check.invalid(y);
        }
        if (Check.anyBelow(y, 0.0, false)) {
            return Check.outside(y);
        }
        int n = Args.length(y, beta);
        Var rateTimesY = beta.size() == 1 ? Args.sumOver(y, n).mul(beta) : beta.mul(y).sum();
        return Args.sumLog(beta, n).sub(rateTimesY);
    }

    /**
     * {@code log exponential(y | β) = log β - βy} ({@code -∞} for {@code y < 0}).
     *
     * @param y the variate
     * @param beta the rate
     * @return the log density; NaN for an invalid β
     */
    public static double lpdf(double y, double beta) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(beta)).value();
    }
}
