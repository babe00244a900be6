package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/** The Dirichlet distribution: {@code lgamma(Σα) - Σ lgamma(α) + Σ (α-1) log θ}. */
public final class Dirichlet {
    private Dirichlet() {
    }

    /** For one simplex θ; NaN if some α ≤ 0, -∞ if θ has a negative element. */
    public static Var lpdf(Var theta, Var alpha) {
        if (Args.anyNotPositive(alpha)) {
            return Args.nan(theta);
        }
        if (Support.anyBelow(theta, 0.0, false)) {
            return Support.outside(theta);
        }
        if (alpha.size() != theta.size()) {
            throw new IllegalArgumentException("alpha has " + alpha.size() + " values, theta " + theta.size());
        }
        return alpha.sum().lgamma().sub(alpha.lgamma().sum()).add(alpha.sub(1.0).mul(theta.log()).sum());
    }

    /** {@code log Dirichlet(θ | α)}. */
    public static double lpdf(double[] theta, double[] alpha) {
        Tape t = Tape.create();
        return lpdf(t.constant(theta), t.constant(alpha)).value();
    }
}
