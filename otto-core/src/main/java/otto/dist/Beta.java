package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/** The beta distribution: {@code lgamma(a+b) - lgamma(a) - lgamma(b) + (a-1) log y + (b-1) log(1-y)}. */
public final class Beta {
    private Beta() {
    }

    /** Summed over elements with broadcasting; NaN if some a, b ≤ 0, -∞ if some y outside [0, 1]. */
    public static Var lpdf(Var y, Var a, Var b) {
        if (Args.anyNotPositive(a) || Args.anyNotPositive(b)) {
            return Args.nan(y);
        }
        if (Support.anyBelow(y, 0.0, false) || Support.anyAbove(y, 1.0, false)) {
            return Support.outside(y);
        }
        int n = Args.length(y, a, b);
        Var c = Args.sumOver(a.add(b).lgamma().sub(a.lgamma()).sub(b.lgamma()), n);
        return c.add(a.sub(1.0).mul(y.log()).add(b.sub(1.0).mul(y.log1m())).sum());
    }

    /** {@code log Beta(y | a, b)}. */
    public static double lpdf(double y, double a, double b) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(a), t.constant(b)).value();
    }
}
