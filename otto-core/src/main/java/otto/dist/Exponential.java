package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/** The exponential distribution with rate β: {@code log p = log β - βy} for {@code y ≥ 0}. */
public final class Exponential {
    private Exponential() {
    }

    /** Summed over elements with broadcasting; NaN if some β ≤ 0, -∞ if some y < 0. */
    public static Var lpdf(Var y, Var beta) {
        if (Args.anyNotPositive(beta)) {
            return Args.nan(y);
        }
        if (Support.anyBelow(y, 0.0, false)) {
            return Support.outside(y);
        }
        int n = Args.length(y, beta);
        return Args.sumLog(beta, n).sub(beta.mul(y).sum());
    }

    /** {@code log Exponential(y | β)}. */
    public static double lpdf(double y, double beta) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(beta)).value();
    }
}
