package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/** The inverse gamma distribution: {@code α log β - lgamma(α) - (α+1) log y - β/y}. */
public final class InvGamma {
    private InvGamma() {
    }

    /** Summed over elements with broadcasting; NaN if some α, β ≤ 0, -∞ if some y ≤ 0. */
    public static Var lpdf(Var y, Var alpha, Var beta) {
        if (Args.anyNotPositive(alpha) || Args.anyNotPositive(beta)) {
            return Args.nan(y);
        }
        if (Support.anyBelow(y, 0.0, true)) {
            return Support.outside(y);
        }
        int n = Args.length(y, alpha, beta);
        Var c = Args.sumOver(alpha.mul(beta.log()).sub(alpha.lgamma()), n);
        return c.sub(alpha.add(1.0).mul(y.log()).add(beta.div(y)).sum());
    }

    /** {@code log InvGamma(y | α, β)}. */
    public static double lpdf(double y, double alpha, double beta) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(alpha), t.constant(beta)).value();
    }
}
