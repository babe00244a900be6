package otto.dist;

import otto.ad.Tape;
import otto.ad.Var;

/** The uniform distribution on {@code [α, β]}: {@code -log(β - α)}, -∞ outside. */
public final class Uniform {
    private Uniform() {
    }

    /** Summed over elements with broadcasting; NaN if some β ≤ α. */
    public static Var lpdf(Var y, Var alpha, Var beta) {
        int n = Args.length(y, alpha, beta);
        Var width = beta.sub(alpha);
        if (Args.anyNotPositive(width)) {
            return Args.nan(y);
        }
        for (int i = 0; i < n; i++) {
            double v = y.value(y.size() == 1 ? 0 : i);
            if (v < alpha.value(alpha.size() == 1 ? 0 : i) || v > beta.value(beta.size() == 1 ? 0 : i)) {
                return Support.outside(y);
            }
        }
        return Args.sumLog(width, n).neg();
    }

    /** {@code log Uniform(y | α, β)}. */
    public static double lpdf(double y, double alpha, double beta) {
        Tape t = Tape.create();
        return lpdf(t.constant(y), t.constant(alpha), t.constant(beta)).value();
    }
}
