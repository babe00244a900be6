package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/** The gamma distribution, shape α and rate β: {@code α log β - lgamma(α) + (α-1) log y - βy}. */
public final class Gamma {
    private Gamma() {
    }

    /** Summed over elements with broadcasting; NaN if some α, β ≤ 0, -∞ if some y < 0. */
    public static Var lpdf(Var y, Var alpha, Var beta) {
        if (Args.anyNotPositive(alpha) || Args.anyNotPositive(beta)) {
            return Args.nan(y);
        }
        if (Support.anyBelow(y, 0.0, false)) {
            return Support.outside(y);
        }
        int n = Args.length(y, alpha, beta);
        Var c = Args.sumOver(alpha.mul(beta.log()).sub(alpha.lgamma()), n);
        return c.add(alpha.sub(1.0).mul(y.log()).sub(beta.mul(y)).sum());
    }

    /** {@code log Gamma(y | α, β)}. */
    public static double lpdf(double y, double alpha, double beta) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(alpha), t.constant(beta)).value();
    }
}
